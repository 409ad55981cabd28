// Spec types for everything a big_vision config can name: pp ops, models,
// evaluators, optimizers, schedules, losses and the config keys themselves.
// They exist so that the language server and the bundled trainer describe
// these things once, in plain data, with nothing from tfjs or vscode.

/** Python value kinds a parameter may take (as written in a config). */
export type ParamType =
  | 'int'
  | 'float'
  | 'number' // int or float
  | 'str'
  | 'bool'
  | 'list'
  | 'tuple'
  | 'seq' // list or tuple: most of big_vision accepts either
  | 'dict'
  | 'set'
  | 'bytes'
  | 'any';

/** One type, or a union of types (e.g. `['int', 'seq']` for `224` or `(224, 160)`). */
export type TypeSpec = ParamType | readonly ParamType[];

/** A scalar a string-valued or numeric parameter may be restricted to. */
export type Choice = string | number | boolean | null;

/** One parameter of a pp op, model constructor, evaluator, optimizer or schedule. */
export interface ParamSpec {
  /** Python parameter name, e.g. `smaller_size`. */
  readonly name: string;
  /** Accepted value type(s). */
  readonly type: TypeSpec;
  /**
   * Python default as a JS value (None → null, tuple → array). Absent when
   * the parameter is required or its default is not a literal.
   */
  readonly default?: unknown;
  /** Python source of a default that is not a plain literal, e.g. `jnp.bfloat16`. */
  readonly defaultText?: string;
  /** True when upstream has no default (omitting it is a TypeError/KeyError). */
  readonly required?: boolean;
  /** Keyword-only (after `*` in the Python signature). */
  readonly keywordOnly?: boolean;
  /** None is accepted even though the default is not None. */
  readonly nullable?: boolean;
  /** The only values upstream accepts (asserted or documented). */
  readonly choices?: readonly Choice[];
  /** One-line description. */
  readonly doc: string;
}

/** Registry namespaces, like big_vision's `preprocess_ops.*` prefixes. */
export type Namespace = 'pp' | 'model' | 'evaluator' | 'optimizer' | 'schedule' | 'loss' | 'launcher' | 'config';

/**
 * How a pp op chooses the feature it reads and writes:
 * - `inkey_outkey`: decorated with upstream's `InKeyOutKey`, which adds the
 *   keyword-only `key`, `inkey`, `outkey` parameters (already listed in `params`);
 * - `key`: the op manages key parameters itself (`key`/`key_result`, `inkeys`, ...);
 * - `none`: the op reads/writes fixed feature names or the whole example.
 */
export type KeyConvention = 'inkey_outkey' | 'key' | 'none';

/** A registered pp op (`preprocess_ops.<name>` upstream). */
export interface OpSpec {
  /** pp name, snake_case as configs write it. */
  readonly name: string;
  /** Parameters in Python signature order, key/inkey/outkey included. */
  readonly params: readonly ParamSpec[];
  /** `*args` parameter (e.g. `keep(*keys)`), typed per element. */
  readonly varargs?: ParamSpec;
  /** `**kwargs` parameter (e.g. `masked_concat(**masks)`), typed per value. */
  readonly kwargs?: ParamSpec;
  /** One-line description. */
  readonly doc: string;
  /** `pp_modules` entry that registers it upstream, e.g. `ops_general`. */
  readonly module: string;
  /** True when the bundled tfjs trainer implements this op. */
  readonly bundled: boolean;
  /** Key handling convention. */
  readonly keyConvention: KeyConvention;
  /** `InKeyOutKey` input default (null = must be given). */
  readonly inkeyDefault?: string | null;
  /** `InKeyOutKey` output default (null = must be given). */
  readonly outkeyDefault?: string | null;
}

/** Parsed ViT-style size table row. */
export interface VitSize {
  readonly width: number;
  readonly depth: number;
  readonly mlpDim: number;
  readonly heads: number;
}

/** A model module usable as `config.model_name`. */
export interface ModelSpec {
  /** `model_name` value, e.g. `vit` or `proj.image_text.two_towers`. */
  readonly name: string;
  /** Upstream source file, relative to the big_vision repo root. */
  readonly file: string;
  /** One-line description. */
  readonly doc: string;
  /** Constructor kwargs (the keys of `config.model`, plus `num_classes`). */
  readonly kwargs: readonly ParamSpec[];
  /** Which variant grammar `model.variant` follows, if any. */
  readonly variants?: 'vit' | 'mixer';
  /** Checkpoint vanity names its `load()` resolves (`config.model_init`). */
  readonly vanityNames: readonly string[];
  /** Extra kwargs of `load()` (the keys of `config.model_load`). */
  readonly loadKwargs: readonly ParamSpec[];
  /** Why the module cannot work at the upstream snapshot, if it cannot. */
  readonly broken?: string;
  /** True when the bundled tfjs trainer implements this model. */
  readonly bundled: boolean;
}

/** An evaluator module usable as `config.evals.<name>.type`. */
export interface EvaluatorSpec {
  /** `type` value, e.g. `classification`. */
  readonly name: string;
  /** One-line description. */
  readonly doc: string;
  /** `jit` evaluators run under big_vision.train; legacy `pmap` ones raise there. */
  readonly api: 'jit' | 'pmap';
  /** Evaluator-specific constructor args (the generic keys are separate). */
  readonly params: readonly ParamSpec[];
  /** Forwards unknown kwargs to `common.eval_input_pipeline` (so its keys are valid). */
  readonly pipeline: boolean;
  /** Metric names it yields (before the prefix). */
  readonly metrics: readonly string[];
  /** Keys people still write that the evaluator rejects, with the reason. */
  readonly rejectedKeys?: readonly { readonly name: string; readonly reason: string }[];
  /** Why it cannot work at the upstream snapshot, if it cannot. */
  readonly broken?: string;
  /** True when the bundled tfjs trainer implements this evaluator. */
  readonly bundled: boolean;
}

/** A value of `config.optax_name` (an attribute path inside `optax`). */
export interface OptimizerSpec {
  readonly name: string;
  readonly doc: string;
  /** Constructor kwargs (the keys of `config.optax`). */
  readonly params: readonly ParamSpec[];
  /** `optax` proper, or big_vision's additions under `optax.big_vision.*`. */
  readonly source: 'optax' | 'big_vision';
  readonly bundled: boolean;
}

/** A schedule `decay_type` and the schedule-dict keys only it reads. */
export interface ScheduleSpec {
  readonly name: string;
  readonly doc: string;
  /** Another decay type this one is a spelling of (`polynomial` → `linear`). */
  readonly aliasOf?: string;
  readonly params: readonly ParamSpec[];
  readonly bundled: boolean;
}

/** A value of `config.loss` (a function in big_vision/utils.py). */
export interface LossSpec {
  readonly name: string;
  readonly doc: string;
  /** True when labels may be multi-hot (sigmoid), false for a distribution (softmax). */
  readonly multiLabel: boolean;
  readonly bundled: boolean;
}

/** The four ways to write a duration, see `durationFamilyOf`. */
export type DurationUnit = 'steps' | 'epochs' | 'examples' | 'percent';

/** Where a config key lives. */
export type KeyScope = 'top' | 'input' | 'eval' | 'schedule';

/**
 * How the bundled tfjs trainer treats a config key:
 * `supported` (implemented), `ignored` (accepted, no effect: e.g. sharding on
 * one device), `unsupported` (the run is refused with a message).
 */
export type BundledSupport = 'supported' | 'ignored' | 'unsupported';

/** A duration family: `P` written as one of `P_steps|P_epochs|P_examples|P_percent`. */
export interface DurationFamilySpec {
  readonly name: string;
  readonly scope: KeyScope;
  /** Exactly one spelling must be present. */
  readonly required: boolean;
  /** Spellings that can work (`total_percent` cannot). */
  readonly units: readonly DurationUnit[];
  /** The bare name is also read, in steps (`timescale`, `shift`). */
  readonly bare?: boolean;
  /** Steps when no spelling is set (bare families), e.g. rsqrt's timescale of 10000. */
  readonly default?: number;
  readonly doc: string;
}

/** A config key big_vision.train reads. */
export interface ConfigKeySpec {
  /**
   * Dotted path; `*` stands for one user-chosen segment (an eval name or a
   * mixture source). Schedule keys are relative to one schedule dict.
   */
  readonly path: string;
  readonly scope: KeyScope;
  readonly type: TypeSpec;
  readonly default?: unknown;
  /** Python source of a non-literal default, e.g. `[('data', device_count)]`. */
  readonly defaultText?: string;
  readonly required?: boolean;
  /** The only values upstream accepts. */
  readonly choices?: readonly Choice[];
  readonly doc: string;
  /** Family name when this key is one spelling of a duration. */
  readonly durationFamily?: string;
  /** Unit of that spelling. */
  readonly durationUnit?: DurationUnit;
  readonly bundled: BundledSupport;
  /**
   * The sub-key whose truthiness puts this key in effect, as train.py reads it (`mixup` mixes only when
   * `mixup.p` is truthy); without it, the key's own truthiness (`if config.get('model_init'):`).
   */
  readonly inEffectWhen?: string;
}

/**
 * A key that may sit in one dict of a config, as the schema lists it for that dict (a config key, a model or
 * optimizer kwarg, an evaluator argument): what completion offers, what the checker and the trainer accept.
 */
export interface KeySpec {
  /** The key at its level, e.g. `batch_size`, `variant`, `warmup_steps`. */
  readonly name: string;
  readonly type: TypeSpec;
  readonly doc: string;
  /** Python default as a JS value (None → null), when it is a literal. */
  readonly default?: unknown;
  /** The default as Python source (literal or not), for completion details and hovers. */
  readonly defaultText?: string;
  readonly required?: boolean;
  readonly choices?: readonly Choice[];
  /** Family name when this key is one spelling of a duration. */
  readonly durationFamily?: string;
  readonly durationUnit?: DurationUnit;
  /** How the bundled trainer treats it. */
  readonly bundled: BundledSupport;
  /** See `ConfigKeySpec.inEffectWhen`. */
  readonly inEffectWhen?: string;
  /** Where the key comes from, e.g. `config key`, `vit model kwarg`, `classification evaluator`. */
  readonly origin: string;
}
