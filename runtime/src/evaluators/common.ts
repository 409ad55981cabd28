/**
 * Turns `config.evals` into evaluators, as upstream's `evaluators/common.py:from_config` does: for each entry the
 * generic keys (`type`, `pred`, `pred_kw`, `prefix`, `skip_first`, `log_*`) are taken off, `batch_size` is filled
 * in (`batch_size_eval` → `input.batch_size` → `batch_size`), and the rest goes to the evaluator of that `type`.
 * Types and their keys come from the registry's evaluator specs; implementations from `registerAll.ts`. Every
 * error names the config key and lists the valid values.
 */
import { DURATION_UNITS, EVAL_COMMON_KEYS, acceptedEvalKeys, evaluators as evaluatorSpecs, suggestNames, type EvaluatorSpec } from '../registry';
import type { DurationInputs } from '../check/durations';
import { ConfigKeyError } from '../train/errors';
import { durationSteps } from '../train/steps';
import type { Evaluator, EvaluatorContext, EvaluatorImpl } from './types';

/** One configured evaluator, as the loop uses it. */
export interface ConfiguredEvaluator {
  /** The entry's name in `config.evals`. */
  readonly name: string;
  /** Prepended to its metric names (default `<name>/`). */
  readonly prefix: string;
  /** Resolved `log_*` in steps; null = only the first/final run. */
  readonly logSteps: number | null;
  /** Do not run at step 0. */
  readonly skipFirst: boolean;
  /** Built on first use (upstream creates evaluators lazily). */
  get(): Evaluator;
}

/** A bad eval entry, naming the key. */
export class EvalConfigError extends ConfigKeyError {
  constructor(message: string, key: string) {
    super(key, message);
    this.name = 'EvalConfigError';
  }
}

type Dict = Record<string, unknown>;

/** Keys `from_config` takes off every entry before building the evaluator: the generic ones and `log_*`. */
const GENERIC = new Set([...EVAL_COMMON_KEYS.map((p) => p.name), ...DURATION_UNITS.map((u) => `log_${u}`)]);
const PREDICT_FNS = ['predict', 'loss'];

function isDict(v: unknown): v is Dict {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The spec and implementation for an entry's `type`, or an error naming `config.evals.<name>.type`. */
function resolveType(name: string, entry: Dict, impls: ReadonlyMap<string, EvaluatorImpl>): [EvaluatorSpec, EvaluatorImpl] {
  const type = typeof entry.type === 'string' ? entry.type : name;
  const key = entry.type === undefined ? `config.evals.${name} (no type, so the name is the type)` : `config.evals.${name}.type`;
  const spec = evaluatorSpecs.get(type);
  if (!spec) {
    const hints = suggestNames(type, evaluatorSpecs.names());
    throw new EvalConfigError(`unknown evaluator '${type}'.${hints.length ? ` Did you mean ${hints.map((h) => `'${h}'`).join(', ')}?` : ''} Bundled: ${[...impls.keys()].join(', ')}`, key);
  }
  const impl = impls.get(spec.name);
  if (!impl) throw new EvalConfigError(`evaluator '${type}' exists upstream but the bundled trainer does not implement it (bundled: ${[...impls.keys()].join(', ')}); run it with upstream big_vision or remove the entry`, key);
  return [spec, impl];
}

/** Checks the entry has what its evaluator requires (its keys and their values passed the trainer's gate). */
function checkRequired(name: string, entry: Dict, spec: EvaluatorSpec): void {
  for (const p of acceptedEvalKeys(spec)) {
    if (p.required && p.name !== 'batch_size' && entry[p.name] === undefined) {
      throw new EvalConfigError(`'${spec.name}' needs '${p.name}' (${p.doc})`, `config.evals.${name}.${p.name}`);
    }
  }
}

/**
 * Builds the evaluators of `config.evals` (validated now, constructed on first use). `durations` supplies the
 * training set size, batch size and total steps for `log_*` units.
 */
export function evaluatorsFromConfig(config: Dict, durations: DurationInputs, ctx: EvaluatorContext, impls: ReadonlyMap<string, EvaluatorImpl>): ConfiguredEvaluator[] {
  const evals = config.evals ?? {};
  if (!isDict(evals)) throw new EvalConfigError('must be a dict of name → eval config', 'config.evals');
  const input = isDict(config.input) ? config.input : {};
  return Object.entries(evals).map(([name, raw]): ConfiguredEvaluator => {
    if (!isDict(raw)) throw new EvalConfigError('must be a dict (e.g. dict(type="classification", ...))', `config.evals.${name}`);
    const [spec, impl] = resolveType(name, raw, impls);
    checkRequired(name, raw, spec);
    const pred = (raw.pred ?? 'predict') as string;
    if (!PREDICT_FNS.includes(pred)) throw new EvalConfigError(`unknown predict fn '${pred}' (train.py offers: ${PREDICT_FNS.join(', ')})`, `config.evals.${name}.pred`);
    const kwargs: Dict = {};
    for (const [k, v] of Object.entries(raw)) if (!GENERIC.has(k)) kwargs[k] = v;
    kwargs.batch_size ||= config.batch_size_eval || input.batch_size || config.batch_size;
    const logSteps = durationSteps(raw, 'log', durations, { fallback: null, where: `config.evals.${name}` });
    let built: Evaluator | undefined;
    return {
      name,
      prefix: typeof raw.prefix === 'string' ? raw.prefix : `${name}/`,
      logSteps,
      skipFirst: Boolean(raw.skip_first),
      get: () => (built ??= impl.create({ name, pred: pred as 'predict' | 'loss', kwargs }, ctx)),
    };
  });
}
