/**
 * Which keys may sit in each dict of a config: `keysAt(path, config, trainer)` answers for the top level, `input`,
 * a mixture source, every `datasets.core.get` kwargs dict, each eval by its `type`, `model` by `model_name`,
 * `model_load`, `schedule` (or each `(regex, dict)` of its list form), `optax` by `optax_name` and `mixup`, and
 * says what upstream does with a key it does not list. The evaluated config only picks the model, optimizer,
 * evaluator or data source in use; the trainer decides the rules that depend on who reads the config (train.py
 * passes `num_classes` to `Model()` itself, project trainers do not, and read other top-level keys).
 */
import { acceptedEvalKeys } from '../evaluators';
import { FORBIDDEN_CONFIG_KEYS, IGNORED_CONFIG_KEYS } from '../configKeys';
import { evaluators, models, optimizers } from '../namespaces';
import type { BundledSupport, KeySpec } from '../types';
import { fromConfigKey, fromParam, keySpec, specsBelow } from './keySpec';
import type { TrainerKind } from './trainer';
import { evalType, isMixture, isObject, valueAt, type JsonObject, type KeyPath } from './walk';

/** Which dict a level is. */
export type LevelKind = 'top' | 'input' | 'source' | 'data' | 'eval' | 'schedule' | 'model' | 'model_load' | 'optax' | 'mixup';

/** A key that must not be set at a level, and why. */
export interface ForbiddenKey {
  /** Who refuses it: `big_vision/optax.py`, `big_vision.train`, the evaluator. */
  readonly by: string;
  /** What goes wrong and what to write instead. */
  readonly reason: string;
  /** Allowed when its value is truthy (`weight_decay_decouple`). */
  readonly unlessTruthy?: boolean;
}

/** What upstream does with a key a level does not list. */
export interface UnknownPolicy {
  /** `error`: it raises (a kwarg passed to a call); `warning`: it is silently ignored (read with `.get`). */
  readonly severity: 'error' | 'warning';
  /** The consequence, e.g. "datasets.core.get passes it to the data source, which raises TypeError". */
  readonly effect: string;
}

/** The keys of one dict of a config. */
export class KeyLevel {
  private readonly byName: ReadonlyMap<string, KeySpec>;

  constructor(
    readonly kind: LevelKind,
    readonly path: KeyPath,
    /** Keys accepted and offered here, in table order. */
    readonly keys: readonly KeySpec[],
    readonly opts: {
      /** Accepted, never offered: keys upstream configs carry that nothing reads (`runlocal`, `res`, ...). */
      tolerated?: readonly string[];
      forbidden?: ReadonlyMap<string, ForbiddenKey>;
      /** Absent: the level is not judged (an unknown model, a project trainer's top level). */
      unknown?: UnknownPolicy;
      /** Whether values are checked against the keys' types. */
      typed?: boolean;
      /** Keys naming other things here (mixture sources under `input`): never judged. */
      open?: readonly string[];
      /** The model, evaluator or optimizer these are the kwargs of. */
      owner?: string;
    } = {},
  ) {
    this.byName = new Map(keys.map((k) => [k.name, k]));
  }

  get(name: string): KeySpec | undefined {
    return this.byName.get(name);
  }

  get tolerated(): readonly string[] {
    return this.opts.tolerated ?? [];
  }

  forbidden(name: string): ForbiddenKey | undefined {
    return this.opts.forbidden?.get(name);
  }

  get unknown(): UnknownPolicy | undefined {
    return this.opts.unknown;
  }

  get typed(): boolean {
    return this.opts.typed ?? false;
  }

  isOpen(name: string): boolean {
    return this.opts.open?.includes(name) ?? false;
  }

  get owner(): string | undefined {
    return this.opts.owner;
  }

  /** Every name a typo could have meant: listed and tolerated keys. */
  names(): string[] {
    return [...this.keys.map((k) => k.name), ...this.tolerated];
  }
}

const below = (prefix: string): KeySpec[] => specsBelow(prefix).map((k) => fromConfigKey(k));
const ignoredBelow = (prefix: string): string[] =>
  IGNORED_CONFIG_KEYS.filter((k) => k.startsWith(prefix) && !k.slice(prefix.length).includes('.')).map((k) => k.slice(prefix.length));
const forbiddenBelow = (prefix: string): Map<string, ForbiddenKey> =>
  new Map(FORBIDDEN_CONFIG_KEYS.filter((f) => f.path.startsWith(prefix) && !f.path.slice(prefix.length).includes('.')).map((f) => [
    f.path.slice(prefix.length), { by: 'big_vision/optax.py', reason: f.reason, ...(f.path === 'weight_decay_decouple' ? { unlessTruthy: true } : {}) },
  ]));

// Built once: the config-key tables do not change.
const TOP = below('');
const INPUT = below('input.');
const SOURCE = dedupe([...INPUT, ...below('input.*.')]);
const DATA = below('input.data.');
const SCHEDULE = below('schedule.');
const MIXUP = below('mixup.');
const EVAL_GENERIC = below('evals.*.');
const EVAL_DURATIONS = EVAL_GENERIC.filter((k) => k.durationFamily);

function dedupe(keys: KeySpec[]): KeySpec[] {
  const seen = new Set<string>();
  return keys.filter((k) => !seen.has(k.name) && seen.add(k.name));
}

/** Keys `big_vision.train` passes to a call itself, so the config must not pass them again. */
const PASSED_BY_TRAIN: ReadonlyMap<string, ForbiddenKey> = new Map([
  ['num_classes', {
    by: 'big_vision.train',
    reason: 'it calls Model(num_classes=config.num_classes, **config.model), so Model() would get num_classes twice '
      + "(TypeError: got multiple values for keyword argument 'num_classes'); set config.num_classes only",
  }],
]);

/** Model modules directly under big_vision/models/ have complete kwargs tables; project models may take more. */
const strictModel = (file: string): boolean => file.split('/').length === 3;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function dataLevel(path: KeyPath, data: JsonObject | undefined): KeyLevel {
  const name = data?.name;
  // Other bv: sources take their own kwargs; a name that is not a string is reported elsewhere.
  const judged = typeof name === 'string' && (!name.startsWith('bv:') || name === 'bv:jsonl');
  const unknown: UnknownPolicy | undefined = judged ? { severity: 'error', effect: 'datasets.core.get passes it to the data source, which raises TypeError' } : undefined;
  return new KeyLevel('data', path, DATA, { typed: true, ...(unknown ? { unknown } : {}) });
}

function evalLevel(path: KeyPath, name: string, entry: JsonObject): KeyLevel {
  const spec = evaluators.get(evalType(name, entry));
  if (!spec) return new KeyLevel('eval', path, EVAL_GENERIC);
  const bundled = (key: string): BundledSupport => keySpec(`evals.*.${key}`)?.bundled ?? (spec.bundled ? 'supported' : 'unsupported');
  const own = acceptedEvalKeys(spec).map((p) => fromParam(p, `${spec.name} evaluator`, bundled(p.name)));
  const forbidden = new Map((spec.rejectedKeys ?? []).map((r) => [r.name, { by: `evaluator '${spec.name}'`, reason: r.reason }]));
  return new KeyLevel('eval', path, dedupe([...own, ...EVAL_DURATIONS]), {
    forbidden, typed: true, owner: spec.name, unknown: { severity: 'error', effect: 'building it raises TypeError' },
  });
}

function modelLevel(path: KeyPath, config: JsonObject, trainer: TrainerKind, load: boolean): KeyLevel | undefined {
  const name = str(config.model_name);
  const model = name === undefined ? undefined : models.get(name);
  if (!model) return undefined;
  const bundled: BundledSupport = model.bundled ? 'supported' : 'unsupported';
  const severity = strictModel(model.file) ? 'error' : 'warning';
  if (load) {
    const keys = model.loadKwargs.map((p) => fromParam(p, `${model.name} load() kwarg`, bundled));
    return new KeyLevel('model_load', path, keys, { owner: model.name, unknown: { severity, effect: `${model.name}.load() does not take it (TypeError)` } });
  }
  const passed = trainer === 'train' ? PASSED_BY_TRAIN : new Map<string, ForbiddenKey>();
  const keys = model.kwargs.filter((p) => !passed.has(p.name)).map((p) => fromParam(p, `${model.name} model kwarg`, bundled));
  return new KeyLevel('model', path, keys, {
    forbidden: passed, typed: true, owner: model.name, unknown: { severity, effect: `${model.name}.Model() does not take it (TypeError)` },
  });
}

function optaxLevel(path: KeyPath, config: JsonObject): KeyLevel | undefined {
  const name = str(config.optax_name);
  const o = name === undefined ? undefined : optimizers.get(name);
  if (!o) return undefined;
  const keys = o.params.map((p) => fromParam(p, `${o.name} kwarg`, o.bundled ? 'supported' : 'unsupported'));
  // optax has more functions and kwargs than the registry lists; big_vision's own are complete.
  const severity = o.source === 'big_vision' ? 'error' : 'warning';
  return new KeyLevel('optax', path, keys, { typed: true, owner: o.name, unknown: { severity, effect: `optax.${o.name}() does not take it (TypeError)` } });
}

/**
 * The keys that may sit in the dict at `path` (`[]` = the top level, `['evals', 'val']`, `['schedule', 0, 1]`),
 * given the evaluated config and the trainer that reads it; undefined where the schema says nothing (a dict of
 * user-chosen names such as `evals`, an unknown model or optimizer).
 */
export function keysAt(path: KeyPath, config: JsonObject | undefined, trainer: TrainerKind = 'train'): KeyLevel | undefined {
  const c = config ?? {};
  const seg = path.map(String);
  const [head, second] = seg;
  const train = trainer === 'train';
  if (path.length === 0) {
    return new KeyLevel('top', path, TOP, {
      tolerated: ignoredBelow(''), typed: train,
      ...(train ? { forbidden: forbiddenBelow(''), unknown: { severity: 'warning', effect: 'big_vision.train never reads it, so it has no effect' } } : {}),
    });
  }
  if (head === 'input') {
    const input = isObject(c.input) ? c.input : undefined;
    const mixture = isMixture(input?.data);
    const sources = mixture && isObject(input?.data) ? Object.keys(input.data) : [];
    const effect = { severity: 'warning', effect: 'the input pipeline never reads it' } as const;
    if (path.length === 1) return new KeyLevel('input', path, INPUT, { tolerated: ignoredBelow('input.'), open: sources, typed: train, unknown: effect });
    if (path.length === 2 && second === 'data') return mixture ? undefined : dataLevel(path, asObject(valueAt(c, path)));
    if (path.length === 2 && (sources.includes(second) || !INPUT.some((k) => k.name === second))) return new KeyLevel('source', path, SOURCE, { unknown: effect });
    if (path.length === 3 && path[2] === 'data') return dataLevel(path, asObject(valueAt(c, path)));
    return undefined;
  }
  if (head === 'evals') {
    if (path.length === 2) return evalLevel(path, second, asObject(valueAt(c, path)) ?? {});
    if (path.length === 3 && path[2] === 'data') return dataLevel(path, asObject(valueAt(c, path)));
    return undefined;
  }
  if (head === 'schedule' && (path.length === 1 || (path.length === 3 && /^\d+$/.test(seg[1]) && seg[2] === '1'))) {
    return new KeyLevel('schedule', path, SCHEDULE, { forbidden: forbiddenBelow('schedule.'), typed: true, unknown: { severity: 'warning', effect: 'the schedule ignores it' } });
  }
  if (path.length !== 1) return undefined;
  if (head === 'model' || head === 'model_load') return modelLevel(path, c, trainer, head === 'model_load');
  if (head === 'optax') return optaxLevel(path, c);
  if (head === 'mixup') return new KeyLevel('mixup', path, MIXUP, { tolerated: ignoredBelow('mixup.') });
  return undefined;
}

function asObject(v: unknown): JsonObject | undefined {
  return isObject(v as JsonObject) ? (v as JsonObject) : undefined;
}
