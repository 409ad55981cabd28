/**
 * Model facts of an evaluated config before launch: parameter count, GFLOPs per image at the training resolution
 * and the per-device memory of one training step for the config's batch, with the accelerator slice it is split
 * over and whether it fits. From the registry alone: closed forms per model module (`vit`, `mlp_mixer`, `bit`,
 * `bit_paper`), nothing from tfjs, so the language server uses the same numbers as `bv info`. Config problems
 * are ConfigKeyErrors naming the key.
 */
import { resolveBitConfig } from '../models/bitConfig';
import { resolveMixerConfig } from '../models/mlpMixerConfig';
import { resolveVitConfig } from '../models/vitConfig';
import { isObject, type JsonObject } from '../registry';
import { ConfigKeyError } from '../semantics/configKeyError';
import { parseAccelerator, type Slice } from './accelerators';
import { bitFacts } from './bitFacts';
import { configImageSize } from './imageSize';
import { estimateMemory, type MemoryEstimate } from './memory';
import { mixerFacts } from './mixerFacts';
import { dtypeBytes } from './optimizerState';
import { countParams, type ArchitectureFacts, type ImageSize } from './types';
import { vitFacts } from './vitFacts';

type Kwargs = Record<string, unknown>;
type FactsOf = (model: Kwargs, numClasses: number | null, image: ImageSize) => ArchitectureFacts;

function vit(model: Kwargs, numClasses: number | null, image: ImageSize): ArchitectureFacts {
  const cfg = resolveVitConfig(model, numClasses);
  const variant = typeof model.variant === 'string' ? `ViT-${model.variant}` : `ViT of width ${cfg.width}, depth ${cfg.depth}, patch ${cfg.patchSize.join('x')}`;
  const remat = cfg.scan && (model.remat_policy ?? 'nothing_saveable') === 'nothing_saveable';
  return vitFacts(cfg, image, variant, dtypeBytes(model.dtype_mm), remat);
}

/** Closed-form facts by `model_name`. */
const BY_MODEL: Readonly<Record<string, FactsOf>> = {
  vit,
  mlp_mixer: (model, numClasses, image) => mixerFacts(resolveMixerConfig(model, numClasses), image, typeof model.variant === 'string' ? model.variant : undefined),
  bit: (model, numClasses, image) => bitFacts(resolveBitConfig('bit', model, numClasses), image, model),
  bit_paper: (model, numClasses, image) => bitFacts(resolveBitConfig('bit_paper', model, numClasses), image, model),
};

/** The `model_name` values model facts cover. */
export const FACTS_MODELS: readonly string[] = Object.keys(BY_MODEL);

/** Architecture facts of `model_name` with `model` kwargs at `image`; throws for a module without closed forms. */
export function architectureFacts(modelName: string, model: Kwargs, numClasses: number | null, image: ImageSize): ArchitectureFacts {
  const of = BY_MODEL[modelName];
  if (!of) throw new ConfigKeyError(['model_name'], `model facts cover ${FACTS_MODELS.join(', ')}; '${modelName}' has no closed form here.`);
  try {
    return of(model, numClasses, image);
  } catch (err) {
    if (err instanceof ConfigKeyError) throw err;
    throw new ConfigKeyError(['model'], err instanceof Error ? err.message : String(err), { cause: err });
  }
}

export interface ConfigFacts {
  readonly modelName: string;
  readonly arch: ArchitectureFacts;
  readonly image: ImageSize;
  readonly params: number;
  /** Multiply-adds and FLOPs (2 per multiply-add) of one forward pass of one image. */
  readonly macs: number;
  readonly gflops: number;
  /** Global batch (`input.batch_size`). */
  readonly batch: number;
  readonly numClasses: number;
  /** The slice the batch is split over; one device when no accelerator is named. */
  readonly slice?: Slice;
  readonly memory: MemoryEstimate;
  /** Set with a slice: whether the estimate fits one device's HBM. */
  readonly fits?: boolean;
  /** Everything the estimate assumes, in words. */
  readonly assumptions: readonly string[];
  /** `student` for a distillation config (its `student_name`), else `model`. */
  readonly role: 'model' | 'student';
  /** Distillation teachers by their key in `teachers`, with their parameter counts. */
  readonly teachers: readonly { readonly key: string; readonly title: string; readonly params: number }[];
  readonly teacherParams: number;
}

function batchSize(config: JsonObject): number {
  const input = config.input;
  const b = isObject(input) ? input.batch_size : undefined;
  if (typeof b !== 'number' || !Number.isInteger(b) || b < 1) throw new ConfigKeyError(['input', 'batch_size'], `must be a positive integer for the memory estimate, got ${JSON.stringify(b ?? null)}.`);
  return b;
}

/** A model a config names: `model_name` + `model`, or a distillation config's `<key>_name` + `<key>`. */
function namedModel(config: JsonObject, nameKey: string, kwKey: string, numClasses: number | null, image: ImageSize): ArchitectureFacts {
  const name = config[nameKey];
  if (typeof name !== 'string') throw new ConfigKeyError([nameKey], `must name a model module such as 'vit', got ${JSON.stringify(name ?? null)}.`);
  const kw = config[kwKey];
  try {
    return architectureFacts(name, isObject(kw) ? kw : {}, numClasses, image);
  } catch (err) {
    // The resolvers name `model.*` and `model_name`; a student or teacher is read from its own keys.
    if (!(err instanceof ConfigKeyError) || kwKey === 'model') throw err;
    const path = err.path[0] === 'model_name' ? [nameKey] : err.path[0] === 'model' ? [kwKey, ...err.path.slice(1)] : err.path;
    throw new ConfigKeyError(path, err.message.slice(err.key.length + 2), { cause: err });
  }
}

/** Facts of an evaluated config, split over `accelerator` (a generation like `v4` or a type like `v4-32`). */
export function configFacts(config: JsonObject, opts: { accelerator?: string } = {}): ConfigFacts {
  // upstream's distillation trainer trains `student_name`/`student` next to frozen teachers listed in `teachers`.
  const distill = config.model_name === undefined && typeof config.student_name === 'string';
  const nc = config.num_classes;
  if (nc !== undefined && nc !== null && (typeof nc !== 'number' || !Number.isInteger(nc) || nc < 0)) throw new ConfigKeyError(['num_classes'], `must be a non-negative integer or None, got ${JSON.stringify(nc)}.`);
  const numClasses = typeof nc === 'number' ? nc : 0;
  const image = configImageSize(config);
  const arch = distill ? namedModel(config, 'student_name', 'student', numClasses || null, image) : namedModel(config, 'model_name', 'model', numClasses || null, image);
  const modelName = (distill ? config.student_name : config.model_name) as string;
  const teacherKeys = distill && Array.isArray(config.teachers) ? config.teachers.filter((t): t is string => typeof t === 'string') : [];
  const teachers = teacherKeys.map((t) => {
    const facts = namedModel(config, `${t}_name`, t, numClasses || null, image);
    return { key: t, title: facts.title, params: countParams(facts.params) };
  });
  const teacherParams = teachers.reduce((n, t) => n + t.params, 0);
  const batch = batchSize(config);
  const slice = opts.accelerator ? parseAccelerator(opts.accelerator) : undefined;
  const memory = estimateMemory(config, arch, image, batch, slice?.devices ?? 1, numClasses, teacherParams);
  const assumptions = [
    'float32 params, gradients and input batch',
    `activations in ${arch.activationBytes === 2 ? 'bfloat16' : 'float32'}, ${arch.notes.join('; ')}`,
    `optimizer state: ${memory.optimizerWhat}`,
    ...(memory.ema ? ['an EMA copy of the params for ema_decay'] : []),
    ...(teachers.length ? ["teachers' params in float32, their forward activations not kept"] : []),
    memory.sharded ? 'params, gradients and optimizer state split over the devices (fsdp)' : 'params, gradients and optimizer state replicated on every device',
    'XLA fusion and scratch space not modelled',
  ];
  if (slice && batch % slice.devices !== 0) assumptions.push(`input.batch_size=${batch} is not divisible by the ${slice.devices} devices of ${slice.type}; upstream refuses such a batch`);
  const macs = arch.macs;
  return {
    modelName, arch, image, params: countParams(arch.params), macs, gflops: (2 * macs) / 1e9, batch, numClasses, memory, assumptions,
    teachers, teacherParams, role: distill ? 'student' : 'model',
    ...(slice ? { slice, fits: memory.total <= slice.deviceBytes } : {}),
  };
}
