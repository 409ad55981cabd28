/**
 * Min/max decimation: what the host posts instead of a long series. The x range in view is cut into one bucket
 * per pixel of chart width, and each bucket keeps the points holding its smallest and largest y, in x order,
 * so a spike of a single step still shows at any zoom. The first and last points in range and their outer
 * neighbours are kept too, so the curve reaches the chart's edges. A range of at most two points per bucket
 * is kept whole (exact for short series).
 */

/** Index of the first `xs[i] >= x` among the first `length` (ascending) values. */
export function lowerBound(xs: ArrayLike<number>, length: number, x: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first `xs[i] > x`. */
export function upperBound(xs: ArrayLike<number>, length: number, x: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index range [from, to) a window covers, with one neighbour outside on each side. */
export function windowRange(xs: ArrayLike<number>, length: number, window: { min: number; max: number } | null): [number, number] {
  if (!window) return [0, length];
  const from = lowerBound(xs, length, window.min);
  const to = upperBound(xs, length, window.max);
  return [Math.max(0, from - 1), Math.min(length, to + 1)];
}

/**
 * Indices (ascending) of the points of `[from, to)` to draw in `buckets` buckets of equal x width.
 * `xs` ascending; `ys` finite.
 */
export function decimateMinMax(xs: ArrayLike<number>, ys: ArrayLike<number>, from: number, to: number, buckets: number): Uint32Array {
  const n = to - from;
  if (n <= 2 * buckets + 4 || n <= 0) {
    const all = new Uint32Array(Math.max(0, n));
    for (let i = 0; i < n; i++) all[i] = from + i;
    return all;
  }
  // Buckets span the range without its outer neighbours; those land in buckets of their own.
  const first = from + 1;
  const last = to - 2;
  const x0 = xs[first];
  const scale = buckets / Math.max(xs[last] - x0, Number.MIN_VALUE);
  const out = new Uint32Array(2 * buckets + 8);
  let k = 0;
  out[k++] = from;
  if (first !== from) out[k++] = first;
  let bucket = -1;
  let lo = first;
  let hi = first;
  for (let i = first; i <= last; i++) {
    const b = Math.min(buckets - 1, Math.floor((xs[i] - x0) * scale));
    if (b !== bucket) {
      if (bucket >= 0) k = flush(out, k, lo, hi);
      bucket = b;
      lo = hi = i;
      continue;
    }
    const y = ys[i];
    if (y < ys[lo]) lo = i;
    if (y > ys[hi]) hi = i;
  }
  k = flush(out, k, lo, hi);
  if (out[k - 1] !== last) out[k++] = last;
  out[k++] = to - 1;
  return out.subarray(0, k);
}

/** Appends a bucket's min and max indices in x order, skipping ones already written. */
function flush(out: Uint32Array, k: number, lo: number, hi: number): number {
  const a = Math.min(lo, hi);
  const b = Math.max(lo, hi);
  if (k === 0 || out[k - 1] < a) out[k++] = a;
  if (out[k - 1] < b) out[k++] = b;
  return k;
}
