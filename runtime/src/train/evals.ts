/**
 * `config.evals` for the trainer, as upstream's `evaluators/common.py:from_config` reads it: for each entry the
 * generic keys (`type`, `pred`, `pred_kw`, `prefix`, `skip_first`, `log_*`) are taken off, `batch_size` is filled
 * in (`batch_size_eval` → `input.batch_size` → `batch_size`), the evaluator's defaults from the registry go under
 * the rest, and that goes to the evaluator of that `type`, built on first use. Every error names the config key.
 */
import type { DurationInputs } from '../semantics/durations';
import { evaluatorImpls } from '../evaluators/registerAll';
import type { Evaluator, EvaluatorContext } from '../evaluators/types';
import { acceptedEvalKeys, DURATION_UNITS, EVAL_COMMON_KEYS, evaluators as evaluatorSpecs, valueOrDefault, withDefaults, type JsonObject, type KeyPath } from '../registry';
import { ConfigKeyError } from '../semantics/configKeyError';
import { implementationAt } from '../semantics/dispatch';
import { dataSettings, type DataSettings } from './data';
import { durationIn, type Duration } from './steps';

/** One `config.evals` entry as the trainer resolved it. */
export interface EvalSettings {
  readonly name: string;
  readonly path: KeyPath;
  /** The registry name of its evaluator (`classification`). */
  readonly type: string;
  readonly pred: string;
  /** `pred_kw=dict(use_ema=True)`: the predict fn reads the Polyak-averaged params. */
  readonly useEma: boolean;
  readonly prefix: string;
  readonly skipFirst: boolean;
  /** `log_*`; unset: only the first and final runs. */
  readonly log?: Duration;
  /** What the evaluator is called with: the entry without the generic keys, defaults and batch size filled in. */
  readonly kwargs: Readonly<Record<string, unknown>>;
  /** Its data, when it names one (opened before the run writes anything). */
  readonly data?: DataSettings;
  /** Other datasets it reads (`fewshot_lsr`'s train and test splits), opened before the run writes anything too. */
  readonly moreData?: readonly DataSettings[];
}

/** One configured evaluator, as the loop uses it. */
export interface ConfiguredEvaluator {
  readonly name: string;
  readonly prefix: string;
  /** The predict fn it reads, and whether with the averaged params. */
  readonly pred: string;
  readonly useEma: boolean;
  /** Resolved `log_*` in steps; null = only the first/final run. */
  readonly logSteps: number | null;
  readonly skipFirst: boolean;
  /** Built on first use (upstream creates evaluators lazily). */
  get(): Evaluator;
}

/** Keys `from_config` takes off every entry before building the evaluator: the generic ones and `log_*`. */
const GENERIC = new Set([...EVAL_COMMON_KEYS.map((p) => p.name), ...DURATION_UNITS.map((u) => `log_${u}`)]);
/** The predict fns big_vision.train offers evaluators. */
export const TRAIN_PREDICT_FNS: readonly string[] = ['predict', 'loss'];

const isDict = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The evaluator of an entry's `type` (its name when unset) that the bundled trainer implements. */
function evaluatorOf(name: string, entry: JsonObject): string {
  const typed = entry.type !== undefined;
  const type = typed ? entry.type : name;
  const path = typed ? ['evals', name, 'type'] : ['evals', name];
  implementationAt(evaluatorImpls, evaluatorSpecs, type, path, 'evaluator', typed ? '' : ' (no type is set, so the name is the type)');
  return evaluatorSpecs.require(type as string).name;
}

/**
 * Checks every eval names an evaluator the bundled trainer implements: what cannot run at all is said before
 * what is missing to run it.
 */
export function checkEvalTypes(config: JsonObject): void {
  if (!isDict(config.evals)) return;
  for (const [name, entry] of Object.entries(config.evals)) if (isDict(entry)) evaluatorOf(name, entry);
}

/** The splits of `fewshot_lsr`'s `datasets` (name → (tfds_name, train_split, test_split)). */
function fewshotData(raw: JsonObject, path: KeyPath): DataSettings[] {
  if (!isDict(raw.datasets)) return [];
  const dataDir = typeof raw.data_dir === 'string' ? { data_dir: raw.data_dir } : {};
  return Object.entries(raw.datasets).flatMap(([name, v]) =>
    Array.isArray(v) && v.length === 3 ? [1, 2].map((i) => dataSettings({ name: v[0], split: v[i], ...dataDir }, [...path, 'datasets', name])) : [],
  );
}

/** `pred_kw`: the bundled predict fns take one keyword, `use_ema` (as upstream's jetformer trainer). */
function useEmaOf(raw: JsonObject, path: KeyPath, config: JsonObject): boolean {
  const kw = raw.pred_kw;
  if (kw === undefined || kw === null) return false;
  if (!isDict(kw)) throw new ConfigKeyError([...path, 'pred_kw'], `must be a dict such as dict(use_ema=True), got ${JSON.stringify(kw)}`);
  for (const k of Object.keys(kw)) if (k !== 'use_ema') throw new ConfigKeyError([...path, 'pred_kw', k], "is not an argument of the bundled predict fns (they take use_ema only)");
  const use = kw.use_ema === true;
  if (use && !(typeof config.ema_decay === 'number' && config.ema_decay > 0)) {
    throw new ConfigKeyError([...path, 'pred_kw', 'use_ema'], 'reads the averaged params, but the run keeps none: set config.ema_decay (e.g. 0.999)');
  }
  return use;
}

/**
 * Resolves `config.evals` (the keys passed the trainer's gate; required ones were checked); `predictFns` are the
 * names the trainer offers for `pred`.
 */
export function evalSettings(config: JsonObject, predictFns: readonly string[] = TRAIN_PREDICT_FNS): EvalSettings[] {
  const evals = config.evals ?? {};
  if (!isDict(evals)) throw new ConfigKeyError(['evals'], 'must be a dict of name → eval config');
  const input = isDict(config.input) ? config.input : {};
  return Object.entries(evals).map(([name, raw]): EvalSettings => {
    const path = ['evals', name];
    if (!isDict(raw)) throw new ConfigKeyError(path, 'must be a dict (e.g. dict(type="classification", ...))');
    const type = evaluatorOf(name, raw);
    const pred = valueOrDefault(raw, 'evals.*.pred');
    if (typeof pred !== 'string' || !predictFns.includes(pred)) throw new ConfigKeyError([...path, 'pred'], `unknown predict fn '${pred}' (the trainer offers: ${predictFns.join(', ')})`);
    const own: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw)) if (!GENERIC.has(k)) own[k] = v;
    const kwargs = withDefaults(acceptedEvalKeys(evaluatorSpecs.require(type)).filter((p) => !GENERIC.has(p.name)), own);
    kwargs.batch_size ||= config.batch_size_eval || input.batch_size || config.batch_size;
    const log = durationIn(raw, path, 'log');
    return {
      name, path, type, pred, useEma: useEmaOf(raw, path, config),
      prefix: typeof raw.prefix === 'string' ? raw.prefix : `${name}/`,
      skipFirst: Boolean(raw.skip_first),
      ...(log ? { log } : {}),
      kwargs,
      ...(raw.data !== undefined ? { data: dataSettings(raw.data, [...path, 'data']) } : {}),
      ...(type === 'fewshot_lsr' ? { moreData: fewshotData(raw, path) } : {}),
    };
  });
}

/** The evaluators of resolved evals; `durations` turns their `log_*` into steps. */
export function configuredEvaluators(evals: readonly EvalSettings[], durations: DurationInputs, ctx: EvaluatorContext): ConfiguredEvaluator[] {
  return evals.map((e): ConfiguredEvaluator => {
    const impl = evaluatorImpls.require(e.type);
    let built: Evaluator | undefined;
    return {
      name: e.name,
      prefix: e.prefix,
      pred: e.pred,
      useEma: e.useEma,
      logSteps: e.log ? e.log.steps(durations) : null,
      skipFirst: e.skipFirst,
      get: () => (built ??= impl.create({ name: e.name, path: e.path, pred: e.pred, kwargs: e.kwargs }, ctx)),
    };
  });
}
