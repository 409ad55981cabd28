/**
 * The typed train config: `resolveTrainConfig` validates an evaluated config once, against the registry's schema
 * (the gate: unknown, forbidden and wrong-typed keys, what only upstream runs; then the required keys), fills in
 * the schema's defaults, reads the durations (turned into steps once the data is open) and hands each part of
 * the trainer its typed slice: data, model, optimizer and schedule, loss, evaluators. Every error is a
 * ConfigKeyError raised where the problem is found, with the key's path.
 */
import type { OptimizerSettings } from '../optim/optimizer';
import { missingKeys, valueOrDefault, type JsonObject, type JsonValue, type KeyPath } from '../registry';
import { ConfigKeyError } from '../semantics/configKeyError';
import { dataSettings, type InputSettings } from './data';
import { distillSettings, distillView, isDistillConfig, PREDICT_FNS_OF_DISTILL, renameStudentKeys, type DistillSettings } from '../trainers/distill/settings';
import { checkEvalTypes, evalSettings, TRAIN_PREDICT_FNS, type EvalSettings } from './evals';
import { passGate } from './gate';
import type { ModelSettings } from './model';
import { durationIn, type Duration } from './steps';

/** Everything the bundled trainer reads of a config, checked and typed. */
export interface TrainConfig {
  readonly seed: number;
  /** A checkpoint to start from when the workdir has none. */
  readonly resume: string | null;
  readonly input: InputSettings;
  readonly total: Duration;
  /** Unset only for an eval-only run (`total_steps=0`). */
  readonly logTraining?: Duration;
  readonly ckpt?: Duration;
  readonly keepCkpt?: Duration;
  readonly model: ModelSettings;
  /** `config.loss`, a name the trainer's losses are looked up by. */
  readonly loss: string;
  readonly optimizer: OptimizerSettings;
  readonly evals: readonly EvalSettings[];
  /** `config.ema_decay` (0: no average kept). */
  readonly emaDecay: number;
  /** `config.mixup.p` when mixup is on. */
  readonly mixupP?: number;
  /** A distillation config (`teachers`, `student_name`, ...): the model above is the student. */
  readonly distill?: DistillSettings;
}

const isDict = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value at `path` of the config (or its dict `dict`), else the schema's default. */
function read(dict: JsonObject, path: string): unknown {
  return valueOrDefault(dict, path);
}

function str(v: unknown, path: KeyPath, what: string): string {
  if (typeof v !== 'string') throw new ConfigKeyError(path, `must be ${what}, got ${JSON.stringify(v)}`);
  return v;
}

function integer(v: unknown, path: KeyPath): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new ConfigKeyError(path, `must be an integer, got ${JSON.stringify(v)}`);
  return v;
}

function nonNegativeInt(v: unknown, path: KeyPath, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new ConfigKeyError(path, `must be ${what}, got ${JSON.stringify(v)}`);
  return v;
}

/** A number, None (null) and False read as 0 (`if config.get('wd'):`). */
function numberOrZero(v: unknown, path: KeyPath): number {
  if (v === null || v === undefined || v === false) return 0;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ConfigKeyError(path, `must be a number, got ${JSON.stringify(v)}`);
  return v;
}

function inputSettings(config: JsonObject): InputSettings {
  const input = config.input as JsonObject;
  const batchSize = nonNegativeInt(input.batch_size, ['input', 'batch_size'], 'a positive integer');
  if (batchSize === 0) throw new ConfigKeyError(['input', 'batch_size'], 'must be a positive integer, got 0');
  const pp = read(input, 'input.pp');
  if (pp !== null && typeof pp !== 'string') throw new ConfigKeyError(['input', 'pp'], `must be a pp string like 'decode|resize(224)', got ${JSON.stringify(pp)}`);
  return {
    data: dataSettings(input.data, ['input', 'data']),
    batchSize,
    pp: pp as string | null,
    shuffleBufferSize: numberOrZero(read(input, 'input.shuffle_buffer_size'), ['input', 'shuffle_buffer_size']),
    prefetch: numberOrZero(read(input, 'input.prefetch'), ['input', 'prefetch']),
    cacheRaw: Boolean(read(input, 'input.cache_raw')),
  };
}

function modelSettings(config: JsonObject): ModelSettings {
  const numClasses = config.num_classes;
  if (numClasses !== null) nonNegativeInt(numClasses, ['num_classes'], 'a non-negative integer (0 or None = no head)');
  return {
    name: str(config.model_name, ['model_name'], "a model module name, e.g. 'vit'"),
    kwargs: (read(config, 'model') ?? {}) as JsonObject,
    numClasses: (numClasses as number | null) || null,
  };
}

function optimizerSettings(config: JsonObject): OptimizerSettings {
  const lr = config.lr;
  if (typeof lr !== 'number' || !Number.isFinite(lr)) throw new ConfigKeyError(['lr'], `must be a number, got ${JSON.stringify(lr)}`);
  return {
    optaxName: str(config.optax_name, ['optax_name'], "an optax transform name, e.g. 'scale_by_adam'"),
    optax: (read(config, 'optax') ?? {}) as JsonObject,
    lr,
    wd: numberOrZero(read(config, 'wd'), ['wd']),
    wdMults: read(config, 'wd_mults'),
    lrMults: read(config, 'lr_mults'),
    gradClipNorm: numberOrZero(read(config, 'grad_clip_norm'), ['grad_clip_norm']),
    schedule: config.schedule ?? {},
  };
}

/**
 * Validates `config` as big_vision.train reads it and returns its typed slices. Throws a ConfigKeyError at the
 * first problem.
 */
export function resolveTrainConfig(config: { [key: string]: JsonValue }): TrainConfig {
  if (!isDistillConfig(config)) return resolveConfig(config);
  // The distillation trainer reads train.py's keys, with the student's model under student_name / student.
  const distill = distillSettings(config);
  return { ...renameStudentKeys(() => resolveConfig(distillView(config), PREDICT_FNS_OF_DISTILL(distill))), distill };
}

function mixupP(config: JsonObject): number | undefined {
  const mixup = config.mixup;
  if (!isDict(mixup) || !mixup.p) return undefined;
  const p = mixup.p;
  if (typeof p !== 'number' || !(p > 0)) throw new ConfigKeyError(['mixup', 'p'], `must be a positive number (the Beta(p, p) parameter), got ${JSON.stringify(p)}`);
  return p;
}

function emaDecay(config: JsonObject): number {
  const d = numberOrZero(read(config, 'ema_decay'), ['ema_decay']);
  if (d < 0 || d >= 1) throw new ConfigKeyError(['ema_decay'], `must be in [0, 1) (0 keeps no average; 0.999 is typical), got ${d}`);
  return d;
}

function resolveConfig(config: { [key: string]: JsonValue }, predictFns: readonly string[] = TRAIN_PREDICT_FNS): TrainConfig {
  passGate(config);
  checkEvalTypes(config);
  const [missing] = missingKeys(config, 'train');
  if (missing) throw new ConfigKeyError(missing.path, `is required: ${missing.why}`);
  if (!isDict(config.input)) throw new ConfigKeyError(['input'], 'must be a dict: dict(data=dict(name=..., split=...), batch_size=..., pp=...)');
  const total = durationIn(config, [], 'total') as Duration;
  const logTraining = durationIn(config, [], 'log_training');
  const ckpt = durationIn(config, [], 'ckpt');
  const keepCkpt = durationIn(config, [], 'keep_ckpt');
  const loss = str(read(config, 'loss'), ['loss'], "a loss name, e.g. 'softmax_xent'");
  const resume = read(config, 'resume');
  return {
    seed: integer(read(config, 'seed'), ['seed']),
    resume: typeof resume === 'string' && resume ? resume : null,
    input: inputSettings(config),
    total,
    ...(logTraining ? { logTraining } : {}),
    ...(ckpt ? { ckpt } : {}),
    ...(keepCkpt ? { keepCkpt } : {}),
    model: modelSettings(config),
    loss,
    optimizer: optimizerSettings(config),
    evals: evalSettings(config, predictFns),
    emaDecay: emaDecay(config),
    ...(mixupP(config) ? { mixupP: mixupP(config) } : {}),
  };
}
