/**
 * Fast lookup of the registry's config-key specs by concrete path (`evals.val.pp_fn` → the `evals.*.pp_fn`
 * spec). The registry's `findConfigKey` scans every key; the checker asks for hundreds of paths per check, so
 * this indexes the same specs once (no copy of their data: the values are the registry's own objects).
 */
import { configKeys, type ConfigKeySpec } from '../registry';

let index: Map<string, ConfigKeySpec> | undefined;

function build(): Map<string, ConfigKeySpec> {
  const map = new Map<string, ConfigKeySpec>();
  for (const spec of configKeys.list()) if (!map.has(spec.path)) map.set(spec.path, spec);
  return map;
}

/** The spec of a dotted config path, exact paths before `*` patterns (as `findConfigKey`). */
export function keySpec(path: string): ConfigKeySpec | undefined {
  index ??= build();
  const exact = index.get(path);
  if (exact) return exact;
  const segs = path.split('.');
  // Try every pattern with `*` in some segments, fewest wildcards first (1..n segments are few).
  for (const mask of masksFor(segs.length)) {
    const hit = index.get(segs.map((s, i) => (mask & (1 << i) ? '*' : s)).join('.'));
    if (hit) return hit;
  }
  return undefined;
}

const masks: number[][] = [];

/** Bit masks over `n` segments (which become `*`), fewest bits first. */
function masksFor(n: number): number[] {
  masks[n] ??= Array.from({ length: (1 << n) - 1 }, (_, i) => i + 1).sort((a, b) => popcount(a) - popcount(b) || a - b);
  return masks[n];
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v; v &= v - 1) n++;
  return n;
}
