/**
 * `eval-unknown-key`: keys of a `config.evals.<name>` entry its evaluator does not accept. big_vision's
 * `evaluators/common.py` pops the generic keys and passes the rest as keyword arguments to the evaluator (and
 * most forward them on to `eval_input_pipeline`), so an unknown key is a TypeError when the evaluator is built.
 * Upstream's own configs still pass `cache_final` to `classification`, which no longer takes it.
 */
import { acceptedEvalKeys, configKeys, evaluators, suggestNames, type EvaluatorSpec } from '../../registry';
import type { CheckContext } from '../context';
import type { Problem } from '../problem';
import type { Validator } from '../validator';
import { evalEntries, evalType, formatPath } from '../walk';

/** Per-eval duration spellings (`log_steps`, ...), from the registry's `evals.*.` keys. */
const EVAL_DURATIONS = configKeys.list().filter((k) => k.path.startsWith('evals.*.') && k.durationFamily).map((k) => k.path.slice('evals.*.'.length));

const acceptedCache = new WeakMap<EvaluatorSpec, Set<string>>();

/** Keys an eval entry of this evaluator may hold (generic, pipeline, own, `log_*`). */
function accepted(spec: EvaluatorSpec): Set<string> {
  let keys = acceptedCache.get(spec);
  if (!keys) {
    keys = new Set([...acceptedEvalKeys(spec).map((p) => p.name), ...EVAL_DURATIONS]);
    acceptedCache.set(spec, keys);
  }
  return keys;
}

export const evalKeys: Validator = {
  name: 'evalKeys',
  validate(ctx: CheckContext): Problem[] {
    if (!ctx.config) return [];
    const out: Problem[] = [];
    for (const { name, path, value } of evalEntries(ctx.config)) {
      const spec = evaluators.get(evalType(name, value));
      if (!spec) continue;
      const known = accepted(spec);
      for (const key of Object.keys(value)) {
        if (known.has(key)) continue;
        const loc = ctx.keyLocation([...path, key]);
        const rejected = spec.rejectedKeys?.find((r) => r.name === key);
        const hints = rejected ? [] : suggestNames(key, [...known]);
        const why = rejected ? ` (${rejected.reason})` : hints.length ? `. Did you mean '${hints[0]}'?` : '';
        const fix = hints.length ? ctx.replaceFix(`Rename to '${hints[0]}'`, loc.name, hints[0]) : undefined;
        const render = (evals: string): string => `Evaluator '${spec.name}' does not accept '${key}' (in ${evals}): building it raises TypeError${why}`;
        out.push(ctx.about('eval-unknown-key', 'error', loc.range, formatPath(path), render, fix));
      }
    }
    return out;
  },
};
