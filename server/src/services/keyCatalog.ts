/**
 * Which keys a config dict may hold, by where it sits: the top level, `input`, `input.data`, an eval entry by its
 * `type`, `model` by `model_name`, `model_load`, `schedule`, `optax` by `optax_name`, `mixup`. Everything comes
 * from the one registry; the evaluated config only picks the model, optimizer or evaluator in use.
 */
import { valueAt } from '../../../runtime/src/check';
import type { JsonValue } from '../../../runtime/src/config/protocol';
import {
  acceptedEvalKeys, configKeys, DURATION_FAMILIES, durationKeyDoc, evaluators, formatDefault, formatType, models, optimizers,
  type ChoiceType, type ParamSpec, type TypeSpec,
} from './registryView';

/** A key that may appear at some config path. */
export interface KeyInfo {
  name: string;
  type: TypeSpec;
  doc: string;
  /** Python source of the default, if any. */
  defaultText?: string;
  required?: boolean;
  choices?: readonly ChoiceType[];
  /** Duration family (`total`, `warmup`, ...) when this is one spelling of a duration. */
  durationFamily?: string;
  /** Where the key comes from, e.g. `config key`, `vit model kwarg`, `classification evaluator`. */
  origin: string;
}

function fromParam(p: ParamSpec, origin: string): KeyInfo {
  const d = formatDefault(p);
  return {
    name: p.name, type: p.type, doc: p.doc, origin,
    ...(d !== undefined ? { defaultText: d } : {}),
    ...(p.required ? { required: true } : {}),
    ...(p.choices ? { choices: p.choices } : {}),
  };
}

/** Config-key specs one segment below `prefix` (a pattern such as `input.` or `evals.*.`). */
function specKeys(prefix: string): KeyInfo[] {
  const out: KeyInfo[] = [];
  for (const k of configKeys.list()) {
    if (!k.path.startsWith(prefix)) continue;
    const rest = k.path.slice(prefix.length);
    if (rest === '' || rest.includes('.') || rest === '*') continue;
    const d = formatDefault({ name: rest, type: k.type, doc: k.doc, ...('default' in k ? { default: k.default } : {}), ...(k.defaultText ? { defaultText: k.defaultText } : {}) });
    out.push({
      name: rest, type: k.type, doc: k.doc, origin: 'config key',
      ...(d !== undefined ? { defaultText: d } : {}),
      ...(k.required ? { required: true } : {}),
      ...(k.choices ? { choices: k.choices } : {}),
      ...(k.durationFamily ? { durationFamily: k.durationFamily } : {}),
    });
  }
  return out;
}

function durationKeys(scope: 'eval'): KeyInfo[] {
  return DURATION_FAMILIES.filter((f) => f.scope === scope).flatMap((f) =>
    f.units.map((u) => ({ name: `${f.name}_${u}`, type: 'number' as const, doc: durationKeyDoc(f, u), origin: 'config key', durationFamily: f.name })));
}

function dedupe(keys: KeyInfo[]): KeyInfo[] {
  const seen = new Set<string>();
  return keys.filter((k) => !seen.has(k.name) && seen.add(k.name));
}

function str(v: JsonValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/**
 * The keys a dict at `path` may hold, given the evaluated config (for model_name, optax_name and eval types);
 * undefined when the path holds user-chosen names (`evals`) or is not known.
 */
export function childKeys(path: readonly string[], config: JsonValue | undefined): KeyInfo[] | undefined {
  const [head, second] = path;
  if (path.length === 0) return specKeys('');
  if (head === 'input') {
    if (path.length === 1) return specKeys('input.');
    if (path.length === 2 && second === 'data') return specKeys('input.data.');
    if (path.length === 2) return specKeys('input.*.');
    if (path.length === 3 && path[2] === 'data') return specKeys('input.data.');
    return undefined;
  }
  if (head === 'evals') {
    if (path.length === 2) {
      const type = str(valueAt(config, ['evals', second, 'type'])) ?? second;
      const spec = evaluators.get(type);
      const own = spec ? acceptedEvalKeys(spec).map((p) => fromParam(p, `${spec.name} evaluator`)) : specKeys('evals.*.');
      return dedupe([...own, ...durationKeys('eval')]);
    }
    if (path.length === 3 && path[2] === 'data') return specKeys('input.data.').filter((k) => ['name', 'split', 'data_dir'].includes(k.name));
    return undefined;
  }
  if (head === 'model' && path.length === 1) {
    const name = str(valueAt(config, ['model_name']));
    const spec = name ? models.get(name) : undefined;
    return spec ? spec.kwargs.filter((p) => p.name !== 'num_classes').map((p) => fromParam(p, `${spec.name} model kwarg`)) : undefined;
  }
  if (head === 'model_load' && path.length === 1) {
    const name = str(valueAt(config, ['model_name']));
    const spec = name ? models.get(name) : undefined;
    return spec ? spec.loadKwargs.map((p) => fromParam(p, `${spec.name} load() kwarg`)) : undefined;
  }
  if (head === 'optax' && path.length === 1) {
    const name = str(valueAt(config, ['optax_name']));
    const spec = name ? optimizers.get(name) : undefined;
    return spec ? spec.params.map((p) => fromParam(p, `${spec.name} kwarg`)) : undefined;
  }
  if (head === 'schedule' && path.length === 1) return specKeys('schedule.');
  if (head === 'mixup' && path.length === 1) return specKeys('mixup.');
  return undefined;
}

/** The key at `path` (its last segment) as the registry describes it, or undefined. */
export function describeKey(path: readonly string[], config: JsonValue | undefined): KeyInfo | undefined {
  if (path.length === 0) return undefined;
  const last = path[path.length - 1];
  return childKeys(path.slice(0, -1), config)?.find((k) => k.name === last);
}

/** `int | float`, `str`, ... for a key's detail line. */
export function keyTypeText(k: KeyInfo): string {
  return formatType(k.type);
}
