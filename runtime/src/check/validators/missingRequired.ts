/**
 * `missing-required`: keys big_vision.train reads without a default (schema.md §1: `input.batch_size`,
 * `input.data`, a `total_*` and a `log_training_*` duration, `model_name`, `num_classes`, `optax_name`, `lr`,
 * `schedule`), and the required arguments of each eval's evaluator (e.g. `loss_name` of `classification`).
 * Top-level keys are only required for big_vision.train configs; project trainers have their own.
 */
import { acceptedEvalKeys, configKeys, DURATION_FAMILIES, evalEntries, evalType, evaluators, formatPath, isMixture, isObject } from '../../registry';
import type { CheckContext } from '../context';
import type { Problem, ProblemRange } from '../problem';
import type { Validator } from '../validator';
import { durationKeysPresent } from '../durations';

const REQUIRED_TOP = configKeys.list().filter((k) => k.scope === 'top' && k.required && !k.path.includes('.')).map((k) => k.path);
const REQUIRED_FAMILIES = DURATION_FAMILIES.filter((f) => f.scope === 'top' && f.required);

function missing(ctx: CheckContext, what: string, why: string, range: ProblemRange): Problem {
  return ctx.problem('missing-required', 'error', `Missing required ${what}: ${why}.`, range);
}

/** Keys only the training loop reads: an eval-only run (total_steps=0) never needs them. */
const TRAINING_ONLY = new Set(['schedule', 'log_training']);

function checkTrain(ctx: CheckContext, out: Problem[]): void {
  const config = ctx.config ?? {};
  const where = ctx.getConfigRange();
  const evalOnly = config.total_steps === 0;
  for (const key of REQUIRED_TOP) {
    if (!(key in config) && !(evalOnly && TRAINING_ONLY.has(key))) {
      out.push(missing(ctx, `key '${key}'`, `big_vision.train reads config.${key} without a default`, where));
    }
  }
  for (const f of REQUIRED_FAMILIES) {
    if (evalOnly && TRAINING_ONLY.has(f.name)) continue;
    const present = durationKeysPresent(config, f.name);
    if (!present.length && !(f.name in config)) {
      const spellings = f.units.map((u) => `${f.name}_${u}`).join(', ');
      out.push(missing(ctx, `duration '${f.name}'`, `set one of ${spellings} (${f.doc})`, where));
    }
  }
  const input = config.input;
  if (!isObject(input)) return;
  const inputRange = ctx.keyLocation(['input']).range;
  if (!('batch_size' in input)) out.push(missing(ctx, "key 'input.batch_size'", 'the global batch size has no default', inputRange));
  if (!('data' in input)) out.push(missing(ctx, "key 'input.data'", 'the training data (datasets.core.get kwargs) has no default', inputRange));
  const data = input.data;
  if (isObject(data) && !isMixture(data)) {
    const dataRange = ctx.keyLocation(['input', 'data']).range;
    if (!('name' in data)) out.push(missing(ctx, "key 'input.data.name'", "datasets.core.get needs the dataset name (a TFDS name or 'bv:jsonl')", dataRange));
    else if (typeof data.name === 'string' && !data.name.startsWith('bv:') && !('split' in data)) {
      out.push(missing(ctx, "key 'input.data.split'", 'a TFDS source needs a split', dataRange));
    }
  }
}

export const missingRequired: Validator = {
  name: 'missingRequired',
  validate(ctx: CheckContext): Problem[] {
    if (!ctx.config) return [];
    const out: Problem[] = [];
    if (ctx.trainer.kind === 'train') checkTrain(ctx, out);
    for (const { name, path, value } of evalEntries(ctx.config)) {
      const spec = evaluators.get(evalType(name, value));
      if (!spec) continue;
      // batch_size is filled in by evaluators/common.py from batch_size_eval / input.batch_size.
      const required = acceptedEvalKeys(spec).filter((p) => p.required && p.name !== 'batch_size' && !(p.name in value));
      for (const p of required) {
        const render = (evals: string): string => `Missing required key '${p.name}' in ${evals}: evaluator '${spec.name}' requires it (${p.doc}).`;
        out.push(ctx.about('missing-required', 'error', ctx.keyLocation(path).range, formatPath(path), render));
      }
    }
    return out;
  },
};
