/**
 * `duration-conflict` and `invalid-duration` (Errors: upstream asserts): a duration family written twice
 * (`total_steps` and `total_epochs`; a key counts when it is a number >= 0, as in `utils.steps`), a spelling that
 * does not work (`total_percent`), or a `*_percent` outside [0, 1]. Checked at the top level, in each eval entry
 * and in each schedule dict.
 */
import { DURATION_FAMILIES, durationKeysPresent, evalEntries, formatPath, type JsonObject, type KeyPath, type KeyScope, scheduleDicts } from '../../registry';
import type { CheckContext } from '../context';
import type { Problem, ProblemRange } from '../problem';
import type { Validator } from '../validator';

function checkScope(ctx: CheckContext, path: KeyPath, dict: JsonObject, scope: KeyScope, out: Problem[]): void {
  for (const family of DURATION_FAMILIES.filter((f) => f.scope === scope)) {
    const present = durationKeysPresent(dict, family.name);
    if (present.length > 1) {
      const names = present.map((k) => formatPath([...path, k])).join(', ');
      for (const key of present) {
        out.push(ctx.problem(
          'duration-conflict',
          'error',
          `Duration '${family.name}' is set ${present.length} times (${names}); utils.steps asserts that only one is set. Keep one.`,
          ctx.keyLocation([...path, key]).range,
        ));
      }
    }
    for (const key of present) {
      const unit = key.slice(family.name.length + 1);
      const value = dict[key] as number;
      const where = (): ProblemRange => ctx.keyLocation([...path, key]).range;
      if (!(family.units as readonly string[]).includes(unit)) {
        const valid = family.units.map((u) => `${family.name}_${u}`).join(', ');
        // Only `total_percent` today: a percent is of the training length, so it cannot set that length.
        const why = unit === 'percent' ? `a percent is a fraction of the ${family.doc}, so it cannot set it` : `big_vision reads no ${unit} for the ${family.doc}`;
        out.push(ctx.problem('invalid-duration', 'error', `'${formatPath([...path, key])}' does not work: ${why}. Use one of ${valid}.`, where()));
      } else if (unit === 'percent' && value > 1) {
        out.push(ctx.problem(
          'invalid-duration',
          'error',
          `'${formatPath([...path, key])}' is ${value}, but percents are fractions in [0, 1] (${value / 100} for ${value}%); utils.steps asserts.`,
          where(),
        ));
      }
    }
  }
}

export const durationConflicts: Validator = {
  name: 'durationConflicts',
  validate(ctx: CheckContext): Problem[] {
    const config = ctx.config;
    if (!config) return [];
    const out: Problem[] = [];
    checkScope(ctx, [], config, 'top', out);
    for (const e of evalEntries(config)) checkScope(ctx, e.path, e.value, 'eval', out);
    for (const s of scheduleDicts(config)) checkScope(ctx, s.path, s.value, 'schedule', out);
    return out;
  },
};
