// The config keys big_vision.train reads (schema.md §1, §1b, §2, §3, §4):
// top-level keys, input.*, per-eval keys and schedule-dict keys, with type,
// default, required-ness and the duration families (`total_steps`,
// `warmup_epochs`, ...). `bundled` says how the tfjs trainer treats each:
// 'supported' for the single-device classification core; 'ignored' (accepted,
// no effect) for performance and multi-device knobs: prefetch_to_device,
// mesh*, sharding_*, pp_modules, input.{num_parallel_calls, prefetch, tfdata,
// cache_raw, data.skip_decode}, eval {cache, prefetch, warmup, keep_on_cpu};
// 'unsupported' (the trainer refuses the run when the key is in effect) for
// grad_clip_per_example, filter callables, skip_errors, pack, bv:jsonl
// sources and data mixtures.

import { EVAL_COMMON_KEYS, EVAL_PIPELINE_KEYS } from './evaluators';
import { DECAY_TYPES, SCHEDULE_KEYS } from './optimizers';
import type { BundledSupport, ConfigKeySpec, DurationFamilySpec, DurationUnit, KeyScope, ParamSpec, TypeSpec } from './types';

/** The four duration spellings, in upstream's order of precedence-free choice. */
export const DURATION_UNITS: readonly DurationUnit[] = ['steps', 'epochs', 'examples', 'percent'];

const ALL = DURATION_UNITS;

/** Every duration family train.py and the schedule read (utils.steps prefixes). */
export const DURATION_FAMILIES: readonly DurationFamilySpec[] = [
  { name: 'total', scope: 'top', required: true, units: ['steps', 'epochs', 'examples'], doc: 'training length' },
  { name: 'log_training', scope: 'top', required: true, units: ALL, doc: 'how often training metrics are written' },
  { name: 'ckpt', scope: 'top', required: false, units: ALL, doc: 'how often a checkpoint is written; when unset, only at the end' },
  { name: 'keep_ckpt', scope: 'top', required: false, units: ALL, doc: 'how often a checkpoint is kept for good' },
  { name: 'log', scope: 'eval', required: false, units: ALL, doc: 'how often this evaluator runs; when unset, at the first and last step only' },
  { name: 'warmup', scope: 'schedule', required: false, units: ALL, doc: 'length of the linear warmup `min(1, step / warmup)`, shorter than the run' },
  { name: 'cooldown', scope: 'schedule', required: false, units: ALL, doc: 'length of the final ramp `min(1, (total - step) / cooldown)`' },
  { name: 'timescale', scope: 'schedule', required: false, units: ALL, bare: true, default: 10000, doc: 'rsqrt timescale, 10000 steps when unset' },
  { name: 'shift', scope: 'schedule', required: false, units: ALL, bare: true, default: 0, doc: 'rsqrt shift, 0 steps when unset' },
];

/** The doc of one spelling of a duration: the family's, and what the number counts. */
export function durationKeyDoc(family: DurationFamilySpec, unit: DurationUnit): string {
  return `${family.doc}; counted in ${unit === 'percent' ? 'fractions of the training length (0.05 = 5%)' : unit}`;
}

/** Result of `durationFamilyOf`. */
export interface DurationKey {
  readonly family: string;
  readonly unit: DurationUnit;
  /** False for spellings that cannot work, e.g. `total_percent`. */
  readonly valid: boolean;
  readonly spec: DurationFamilySpec;
}

/**
 * Which duration family a key spells, e.g. `total_epochs` → {family: 'total',
 * unit: 'epochs'}; bare `timescale`/`shift` are steps. A dotted path uses its
 * last segment; `scope` restricts the families considered.
 */
export function durationFamilyOf(key: string, scope?: KeyScope): DurationKey | undefined {
  const last = key.slice(key.lastIndexOf('.') + 1);
  const families = DURATION_FAMILIES.filter((f) => scope === undefined || f.scope === scope);
  const m = /^(.+)_(steps|epochs|examples|percent)$/.exec(last);
  if (m) {
    const spec = families.find((f) => f.name === m[1]);
    const unit = m[2] as DurationUnit;
    if (spec) return { family: spec.name, unit, valid: spec.units.includes(unit), spec };
  }
  const bare = families.find((f) => f.bare && f.name === last);
  return bare ? { family: bare.name, unit: 'steps', valid: true, spec: bare } : undefined;
}

type KeyRow = [path: string, type: TypeSpec, dflt: unknown, required: boolean, bundled: BundledSupport, doc: string, defaultText?: string];

const ABSENT = Symbol('absent');

function row(scope: KeyScope, [path, type, dflt, required, bundled, doc, defaultText]: KeyRow): ConfigKeySpec {
  return {
    path, scope, type, required, bundled, doc,
    ...(dflt === ABSENT ? {} : { default: dflt }),
    ...(defaultText ? { defaultText } : {}),
  };
}

/** One key per spelling of every family in `scope`, e.g. total_steps ... total_examples. */
function durationKeys(prefix: string, scope: KeyScope): ConfigKeySpec[] {
  const key = (f: DurationFamilySpec, suffix: string, unit: DurationUnit, doc: string): ConfigKeySpec => ({
    path: `${prefix}${f.name}${suffix}`, scope, type: 'number', bundled: 'supported', doc, durationFamily: f.name, durationUnit: unit,
    ...(suffix === '' && f.default !== undefined ? { default: f.default } : {}),
  });
  return DURATION_FAMILIES.filter((f) => f.scope === scope).flatMap((f) => [
    ...(f.bare ? [key(f, '', 'steps', durationKeyDoc(f, 'steps'))] : []),
    ...f.units.map((unit) => key(f, `_${unit}`, unit, durationKeyDoc(f, unit))),
  ]);
}

const TOP: readonly KeyRow[] = [
  ['input', 'dict', ABSENT, true, 'supported', 'training input pipeline'],
  ['model_name', 'str', ABSENT, true, 'supported', "module under big_vision/models/, e.g. 'vit'"],
  ['num_classes', 'int', ABSENT, true, 'supported', 'head size passed as Model(num_classes=...); 0/None = no head'],
  ['model', 'dict', {}, false, 'supported', 'extra Model(...) kwargs, also passed to load() as model_cfg'],
  ['model_init', ['str', 'dict'], null, false, 'supported', 'pre-trained initialisation: a checkpoint path (.npz, optionally :sub/key) or vanity name for load(); ignored when resuming. The bundled trainer finds vanity names\' public files in bigVision.checkpointDir (bv train --checkpoint-dir, $BV_CHECKPOINT_DIR)'],
  ['model_load', 'dict', {}, false, 'supported', 'extra load() kwargs, e.g. dont_load'],
  ['init_head_bias', 'float', ABSENT, false, 'supported', 'fill head/bias with this constant after init'],
  ['resume', 'str', null, false, 'supported', 'checkpoint to resume from when the workdir has none'],
  ['seed', 'int', 0, false, 'supported', 'PRNG seed for init and training'],
  ['loss', 'str', 'sigmoid_xent', false, 'supported', 'loss in big_vision/utils.py'],
  ['mixup', 'dict', null, false, 'supported', 'mixup with Beta(p, p) when mixup.p is truthy: each batch becomes a*x + (1-a)*roll(x, 1), images and labels, a = max(a, 1-a)'],
  ['mixup.p', 'float', ABSENT, false, 'supported', 'Beta distribution parameter'],
  ['mixup.fold_in', 'any', ABSENT, false, 'ignored', 'not read by train.py'],
  ['mixup.n', 'int', ABSENT, false, 'ignored', 'not read by train.py (older big_vision: number of examples mixed)'],
  ['ema_decay', 'float', 0.0, false, 'supported', 'Polyak/EMA of the params, ema = d*ema + (1-d)*params after every step, kept in params_ema/ of the checkpoint; evals read it with pred_kw=dict(use_ema=True) (as upstream jetformer trainer does; big_vision.train ignores the key)'],
  ['optax_name', 'str', ABSENT, true, 'supported', "attribute path inside optax, e.g. 'scale_by_adam'"],
  ['optax', 'dict', {}, false, 'supported', 'kwargs of the optax constructor'],
  ['lr', 'float', ABSENT, true, 'supported', 'global learning-rate scalar'],
  ['lr_mults', 'seq', null, false, 'supported', '[(regex, mult > 0), ...]; first match wins'],
  ['wd', 'float', null, false, 'supported', 'decoupled weight decay (not multiplied by lr, multiplied by the schedule)'],
  ['wd_mults', 'seq', [['.*/kernel$', 1.0]], false, 'supported', '[(regex, mult), ...] params that get weight decay', "[('.*/kernel$', 1.0)]"],
  ['schedule', ['dict', 'seq'], ABSENT, true, 'supported', 'schedule dict, or [(regex, dict or None), ...] (None freezes)'],
  ['grad_clip_norm', 'float', null, false, 'supported', 'global-norm gradient clipping'],
  ['grad_clip_per_example', 'bool', false, false, 'unsupported', 'per-example clipping instead'],
  ['evals', 'dict', {}, false, 'supported', 'name → eval config'],
  ['batch_size_eval', 'int', ABSENT, false, 'supported', "fallback for an evaluator's batch_size"],
  ['batch_size', 'int', ABSENT, false, 'supported', "last fallback for an evaluator's batch_size"],
  ['pp_modules', 'seq', ['ops_general', 'ops_image', 'ops_text'], false, 'ignored', 'modules under big_vision/pp/ that register pp ops'],
  ['prefetch_to_device', 'int', 1, false, 'ignored', 'batches pre-placed on devices'],
  ['mesh', 'seq', ABSENT, false, 'ignored', '[(axis_name, size), ...]; one size may be -1', "[('data', jax.device_count())]"],
  ['mesh_allow_split_physical_axes', 'bool', false, false, 'ignored', 'passed to create_device_mesh'],
  ['sharding_strategy', 'seq', [['.*', 'replicate']], false, 'ignored', '[(regex, tactic), ...] for params/ and opt/', "[('.*', 'replicate')]"],
  ['sharding_rules', 'seq', [['act_batch', 'data']], false, 'ignored', '[(logical_axis, mesh_axes), ...]', "[('act_batch', 'data')]"],
];

const INPUT: readonly KeyRow[] = [
  ['input.batch_size', 'int', ABSENT, true, 'supported', 'global batch size'],
  ['input.data', 'dict', ABSENT, true, 'supported', 'datasets.core.get kwargs, or {source: weight} for a mixture'],
  ['input.data.name', 'str', ABSENT, true, 'supported', "TFDS name (e.g. 'cifar10', 'cars196:2.1.0') or 'bv:jsonl'"],
  ['input.data.split', 'str', ABSENT, true, 'supported', "TFDS split, slices allowed: 'train[:99%]'"],
  ['input.data.data_dir', 'str', null, false, 'supported', 'TFDS data dir'],
  ['input.data.skip_decode', 'seq', ['image'], false, 'ignored', 'features left encoded (pp must decode)'],
  ['input.data.fname', 'str', ABSENT, false, 'unsupported', 'bv:jsonl file'],
  ['input.data.fopen_keys', ['seq', 'dict'], ABSENT, false, 'unsupported', 'bv:jsonl keys holding file paths'],
  ['input.data.download_keys', 'seq', ABSENT, false, 'unsupported', 'bv:jsonl keys holding URLs'],
  ['input.data.start', 'int', ABSENT, false, 'unsupported', 'bv:jsonl first line'],
  ['input.data.stop', 'int', ABSENT, false, 'unsupported', 'bv:jsonl last line'],
  ['input.pp', 'str', null, false, 'supported', 'pp string; must produce image and labels'],
  ['input.shuffle_buffer_size', 'int', null, false, 'supported', 'example shuffle buffer (None = no shuffle)'],
  ['input.cache_raw', 'bool', false, false, 'ignored', 'cache pre-pp data in RAM'],
  ['input.num_parallel_calls', 'int', 100, false, 'ignored', 'pp parallelism'],
  ['input.pre_filter_fn', 'any', null, false, 'unsupported', 'tf.data filter before pp'],
  ['input.post_filter_fn', 'any', null, false, 'unsupported', 'tf.data filter after pp'],
  ['input.skip_errors', 'bool', false, false, 'unsupported', 'drop examples whose pp raises'],
  ['input.pack', 'dict', null, false, 'unsupported', "sequence packing (upstream: 'Not implemented in OSS yet')"],
  ['input.prefetch', 'int', 2, false, 'ignored', 'batches prefetched after batching'],
  ['input.tfdata', 'dict', {}, false, 'ignored', 'extra get_tfdata kwargs'],
  ['input.keep_only', 'seq', null, false, 'unsupported', 'mixture: keys kept from every source'],
  ['input.thread_pool_size', 'int', ABSENT, false, 'unsupported', 'mixture: threads (default = number of sources)'],
  ['input.*.data', 'dict', ABSENT, true, 'unsupported', 'mixture source: datasets.core.get kwargs'],
  ['input.*.pp', 'str', null, false, 'unsupported', 'mixture source: pp string'],
  ['input.*.shuffle_buffer_size', 'int', null, false, 'unsupported', 'mixture source: shuffle buffer'],
];

const EVAL_SUPPORT: Readonly<Record<string, BundledSupport>> = {
  keep_on_cpu: 'ignored', cache: 'ignored', prefetch: 'ignored', warmup: 'ignored',
};

function fromParam(prefix: string, scope: KeyScope, p: ParamSpec, bundled: BundledSupport): ConfigKeySpec {
  const { name, type, doc, required, choices, defaultText } = p;
  return {
    path: `${prefix}${name}`, scope, type, doc, bundled,
    ...('default' in p ? { default: p.default } : {}),
    ...(required ? { required } : {}),
    ...(choices ? { choices } : {}),
    ...(defaultText ? { defaultText } : {}),
  };
}

const SCHEDULE_PARAMS: ParamSpec[] = [...SCHEDULE_KEYS, ...DECAY_TYPES.flatMap((d) => d.params.filter((p) => p.name !== 'timescale' && p.name !== 'shift'))];

/** Every config key big_vision.train reads, durations expanded per unit. */
export const CONFIG_KEYS: readonly ConfigKeySpec[] = [
  ...TOP.map((r) => row('top', r)),
  ...durationKeys('', 'top'),
  ...INPUT.map((r) => row('input', r)),
  ...[...EVAL_COMMON_KEYS, ...EVAL_PIPELINE_KEYS].map((p) => fromParam('evals.*.', 'eval', { ...p, required: false }, EVAL_SUPPORT[p.name] ?? 'supported')),
  ...durationKeys('evals.*.', 'eval'),
  ...SCHEDULE_PARAMS.map((p) => fromParam('schedule.', 'schedule', p, 'supported')),
  ...durationKeys('schedule.', 'schedule'),
].map((k) => (k.path === 'loss' ? { ...k, choices: ['sigmoid_xent', 'softmax_xent'] } : k.path === 'mixup' ? { ...k, inEffectWhen: 'p' } : k));

/** Keys upstream asserts against (big_vision/optax.py), with what to write instead. */
export const FORBIDDEN_CONFIG_KEYS: readonly { readonly path: string; readonly reason: string }[] = [
  { path: 'optim', reason: 'deprecated; use optax_name and optax' },
  { path: 'weight_decay', reason: 'deprecated; use wd (and schedule)' },
  { path: 'weight_decay_decouple', reason: 'must be truthy if present: coupled weight decay is not supported' },
  { path: 'schedule.base', reason: "forbidden; use 'mult'" },
];

/** Keys shipped configs contain that train.py never reads. */
export const IGNORED_CONFIG_KEYS: readonly string[] = [
  'ckpt_timeout', 'input.cache', 'fewshot', 'name', 'mode', 'runlocal', 'res',
];
