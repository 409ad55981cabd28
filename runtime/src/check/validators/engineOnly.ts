/**
 * `engine-only` (Information): what the config uses that only upstream big_vision runs, not the bundled trainer,
 * from the registry's `bundled` flags: the model, evaluators, optimizer, decay types, loss, pp ops, and config
 * keys in effect that the bundled trainer refuses (`model_init`, `mixup` with a truthy `p`, filter callables,
 * mixtures, ...). A config for a project trainer gets one note for the whole file instead.
 */
import { decayTypes, DISTILL_TRAINER, evalEntries, evalType, evaluators, formatPath, isDistillConfig, keySpec, losses, models, optimizers, ppOps, ppStrings, scheduleDicts, unsupportedInEffect, type KeyPath } from '../../registry';
import { parsePpCached } from '../ppCache';
import type { CheckContext } from '../context';
import type { Problem } from '../problem';
import type { Validator } from '../validator';
import { locatePp } from './ppStrings';

const RUN_UPSTREAM = 'runs only with upstream big_vision, not the bundled trainer';

export const engineOnly: Validator = {
  name: 'engineOnly',
  validate(ctx: CheckContext): Problem[] {
    const config = ctx.config;
    if (!config || ctx.trainer.kind === 'other') return [];
    // The distillation trainer is bundled: its configs are judged part by part, as train.py's.
    const distill = isDistillConfig(config) && ctx.trainer.module === DISTILL_TRAINER;
    if (ctx.trainer.kind === 'proj' && !distill) {
      const trainer = ctx.trainer.module ? `big_vision.${ctx.trainer.module}` : 'a big_vision project trainer';
      return [ctx.problem('engine-only', 'information', `This config is for ${trainer} (${ctx.trainer.reason}); it ${RUN_UPSTREAM}.`, ctx.getConfigRange())];
    }
    const out: Problem[] = [];
    const note = (path: KeyPath, what: string, value?: string): void => {
      const range = value === undefined ? ctx.keyLocation(path).range : ctx.valueLocation(path, value).range;
      out.push(ctx.problem('engine-only', 'information', `${what} ${RUN_UPSTREAM}.`, range));
    };
    const name = config.model_name;
    if (typeof name === 'string' && models.get(name)?.bundled === false) note(['model_name'], `Model '${name}'`, name);
    const teachers = distill && Array.isArray(config.teachers) ? config.teachers : [];
    for (const key of distill ? ['student_name', ...teachers.map((t) => `${String(t)}_name`)] : []) {
      const m = config[key];
      if (typeof m === 'string' && models.get(m)?.bundled === false) note([key], `Model '${m}'`, m);
    }
    for (const e of evalEntries(config)) {
      const type = evalType(e.name, e.value);
      if (evaluators.get(type)?.bundled === false) note(typeof e.value.type === 'string' ? [...e.path, 'type'] : e.path, `Evaluator '${type}'`, e.value.type === type ? type : undefined);
    }
    const optax = config.optax_name;
    if (typeof optax === 'string' && optimizers.get(optax)?.bundled === false) note(['optax_name'], `Optimizer '${optax}'`, optax);
    for (const s of scheduleDicts(config)) {
      const t = s.value.decay_type;
      if (typeof t === 'string' && decayTypes.get(t)?.bundled === false) note([...s.path, 'decay_type'], `Decay type '${t}'`, t);
    }
    if (typeof config.loss === 'string' && losses.get(config.loss)?.bundled === false) note(['loss'], `Loss '${config.loss}'`, config.loss);
    for (const path of unsupportedInEffect(config)) note(path, `'${formatPath(path)}' (${keySpec(path.join('.'))?.doc ?? 'this key'})`);
    for (const { path, value } of ppStrings(config)) {
      for (const call of parsePpCached(value).calls) {
        const op = ppOps.get(call.name);
        if (!op || op.bundled) continue;
        const loc = locatePp(ctx, path, value, call.nameStart, call.nameEnd);
        out.push(ctx.problem('engine-only', 'information', `pp op '${op.name}' (${op.module}) ${RUN_UPSTREAM}.`, loc.range));
      }
    }
    return out;
  },
};
