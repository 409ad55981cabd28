/**
 * Where things live in an evaluated big_vision config: the eval entries, schedule dicts (one dict or a list of
 * `(regex, dict)`), `datasets.core.get` kwargs dicts, pp strings. The schema, the checker's validators and the
 * editor iterate these instead of each re-deriving the config's shape.
 */
import type { JsonValue } from '../../config/protocol';

export type { JsonValue };

export type JsonObject = { [key: string]: JsonValue };
/** A config key path: keys, and indices into lists and tuples. */
export type KeyPath = readonly (string | number)[];

export function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at `path` in an evaluated config (list indices may be numbers or digit strings), or undefined. */
export function valueAt(config: JsonValue | undefined, path: KeyPath): JsonValue | undefined {
  let v: JsonValue | undefined = config;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Array.isArray(v) ? v[Number(seg)] : v[String(seg)];
  }
  return v;
}

export interface Located<T> {
  path: KeyPath;
  value: T;
}

/** Results per config object: validators walk the same config many times per check. */
function memo<T>(fn: (config: JsonObject) => T): (config: JsonObject) => T {
  const cache = new WeakMap<JsonObject, T>();
  return (config) => {
    let hit = cache.get(config);
    if (hit === undefined) {
      hit = fn(config);
      cache.set(config, hit);
    }
    return hit;
  };
}

/** `config.evals.<name>` entries that are dicts. */
export const evalEntries = memo((config: JsonObject): (Located<JsonObject> & { name: string })[] => {
  const evals = config.evals;
  if (!isObject(evals)) return [];
  return Object.entries(evals).flatMap(([name, value]) => (isObject(value) ? [{ name, path: ['evals', name], value }] : []));
});

/** The evaluator type of an eval entry (upstream: `type`, defaulting to the eval's name). */
export function evalType(name: string, entry: JsonObject): string {
  return typeof entry.type === 'string' ? entry.type : name;
}

/** Schedule dicts: `schedule` itself, or the dict of each `(regex, dict)` pair of a list. */
export const scheduleDicts = memo((config: JsonObject): Located<JsonObject>[] => {
  const s = config.schedule;
  if (isObject(s)) return [{ path: ['schedule'], value: s }];
  if (!Array.isArray(s)) return [];
  return s.flatMap((pair, i) => (Array.isArray(pair) && isObject(pair[1]) ? [{ path: ['schedule', i, 1], value: pair[1] }] : []));
});

/** Whether `input.data` is a `{source: weight}` mixture rather than `datasets.core.get` kwargs. */
export function isMixture(data: JsonValue | undefined): boolean {
  return isObject(data) && !('name' in data) && Object.keys(data).length > 0 && Object.values(data).every((w) => typeof w === 'number');
}

/** Every `datasets.core.get` kwargs dict: input.data (or each mixture source's data) and each eval's data. */
export const dataDicts = memo((config: JsonObject): Located<JsonObject>[] => {
  const out: Located<JsonObject>[] = [];
  const input = config.input;
  if (isObject(input)) {
    if (isMixture(input.data) && isObject(input.data)) {
      for (const name of Object.keys(input.data)) {
        const src = input[name];
        if (isObject(src) && isObject(src.data)) out.push({ path: ['input', name, 'data'], value: src.data });
      }
    } else if (isObject(input.data)) {
      out.push({ path: ['input', 'data'], value: input.data });
    }
  }
  for (const e of evalEntries(config)) {
    if (isObject(e.value.data)) out.push({ path: [...e.path, 'data'], value: e.value.data });
  }
  return out;
});

/** Keys holding pp strings: `pp`, `pp_fn`, `pp_img`, `pp_txt`, `pp_train`, `pp_eval`, ... (not `pp_modules`). */
export function isPpKey(key: string): boolean {
  return key !== 'pp_modules' && /^(?:pp|pp_\w+|\w+_pp)$/.test(key);
}

/** Every string stored under a pp key anywhere in the config (dataset_overrides included). */
export const ppStrings = memo((config: JsonObject): Located<string>[] => {
  const out: Located<string>[] = [];
  const visit = (v: JsonValue, path: (string | number)[]): void => {
    if (Array.isArray(v)) v.forEach((x, i) => visit(x, [...path, i]));
    else if (isObject(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (typeof x === 'string' && isPpKey(k)) out.push({ path: [...path, k], value: x });
        else visit(x, [...path, k]);
      }
    }
  };
  visit(config, []);
  return out;
});

/** A key path as users write it: `evals.val.pp_fn`, `schedule[1][1].warmup_steps`. */
export function formatPath(path: KeyPath): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : /^[A-Za-z_]\w*$/.test(s) ? (i ? `.${s}` : s) : `['${s}']`)).join('');
}
