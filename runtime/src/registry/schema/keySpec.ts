/**
 * The config-key specs by path, indexed once: `keySpec('evals.val.pp_fn')` is the `evals.*.pp_fn` spec. One
 * wildcard precedence for every reader: an exact path first, then patterns with fewer `*` segments, and among
 * those the one whose `*` segments come first (`input.*.data` before a hypothetical `input.data.*`). Also the one
 * conversion from the registry's spec shapes (config keys, constructor parameters) to the `KeySpec` a level of the
 * schema lists.
 */
import { CONFIG_KEYS } from '../configKeys';
import { formatDefault } from '../signature';
import type { BundledSupport, ConfigKeySpec, KeySpec, ParamSpec } from '../types';

let index: Map<string, ConfigKeySpec> | undefined;

function build(): Map<string, ConfigKeySpec> {
  const map = new Map<string, ConfigKeySpec>();
  for (const spec of CONFIG_KEYS) if (!map.has(spec.path)) map.set(spec.path, spec);
  return map;
}

/** The spec of a dotted config path (`evals.val.pp_fn` → `evals.*.pp_fn`), or undefined. */
export function keySpec(path: string): ConfigKeySpec | undefined {
  index ??= build();
  const exact = index.get(path);
  if (exact) return exact;
  const segs = path.split('.');
  for (const mask of masksFor(segs.length)) {
    const hit = index.get(segs.map((s, i) => (mask & (1 << i) ? '*' : s)).join('.'));
    if (hit) return hit;
  }
  return undefined;
}

/** Specs one segment below a dotted pattern prefix (`''` = top level, `input.`, `evals.*.`), in table order. */
export function specsBelow(prefix: string): ConfigKeySpec[] {
  return CONFIG_KEYS.filter((k) => {
    if (!k.path.startsWith(prefix)) return false;
    const rest = k.path.slice(prefix.length);
    return rest !== '' && rest !== '*' && !rest.includes('.');
  });
}

const masks: number[][] = [];

/** Bit masks over `n` segments (bit i set: segment i becomes `*`), fewest bits first, then lowest. */
function masksFor(n: number): number[] {
  masks[n] ??= Array.from({ length: (1 << n) - 1 }, (_, i) => i + 1).sort((a, b) => popcount(a) - popcount(b) || a - b);
  return masks[n];
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v; v &= v - 1) n++;
  return n;
}

/** A config-key spec as the key of one level (its last path segment). */
export function fromConfigKey(k: ConfigKeySpec, origin = 'config key'): KeySpec {
  const name = k.path.slice(k.path.lastIndexOf('.') + 1);
  const d = formatDefault({ name, type: k.type, doc: k.doc, ...('default' in k ? { default: k.default } : {}), ...(k.defaultText ? { defaultText: k.defaultText } : {}) });
  return {
    name, type: k.type, doc: k.doc, bundled: k.bundled, origin,
    ...('default' in k ? { default: k.default } : {}),
    ...(d !== undefined ? { defaultText: d } : {}),
    ...(k.required ? { required: true } : {}),
    ...(k.choices ? { choices: k.choices } : {}),
    ...(k.durationFamily ? { durationFamily: k.durationFamily, durationUnit: k.durationUnit } : {}),
    ...(k.inEffectWhen ? { inEffectWhen: k.inEffectWhen } : {}),
  };
}

/** A constructor parameter (model, evaluator, optimizer kwargs) as the key of one level. */
export function fromParam(p: ParamSpec, origin: string, bundled: BundledSupport): KeySpec {
  const d = formatDefault(p);
  return {
    name: p.name, type: p.type, doc: p.doc, bundled, origin,
    ...('default' in p ? { default: p.default } : {}),
    ...(d !== undefined ? { defaultText: d } : {}),
    ...(p.required ? { required: true } : {}),
    ...(p.choices ? { choices: p.choices } : {}),
  };
}

/** `kwargs` over the registry's defaults of `params` (the literal ones): what the Python call sees. */
export function withDefaults(params: readonly ParamSpec[], kwargs: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of params) if ('default' in p) out[p.name] = p.default;
  return { ...out, ...kwargs };
}

/**
 * The value of config key `path` in `dict` (the dict holding it), else the schema's default for it (`seed` → 0,
 * `schedule.mult` → 1.0, `input.prefetch` → 2), else undefined. None counts as set, as Python's `.get` sees it.
 */
export function valueOrDefault(dict: Readonly<Record<string, unknown>>, path: string): unknown {
  const key = path.slice(path.lastIndexOf('.') + 1);
  if (key in dict && dict[key] !== undefined) return dict[key];
  return keySpec(path)?.default;
}
