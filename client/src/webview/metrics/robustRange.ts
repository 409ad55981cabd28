/**
 * "Ignore outliers": a y range from the 5th to the 95th percentile of a series' points in view, widened by a
 * fifth of its span on each side (TensorBoard's line charts do the same), so that one diverging step does not
 * flatten the rest of the curve. The quantiles come from at most 4096 evenly strided points: a million-point
 * series costs no more than a short one.
 */

const SAMPLE = 4096;

/** Linear-interpolated quantile `q` of sorted `xs`. */
function quantile(xs: Float64Array, q: number): number {
  const pos = (xs.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, xs.length - 1);
  return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo);
}

/** The robust range of `ys[from..to)` (finite values), or undefined for an empty range. */
export function robustRange(ys: ArrayLike<number>, from: number, to: number): [number, number] | undefined {
  const n = to - from;
  if (n <= 0) return undefined;
  const stride = Math.max(1, n / SAMPLE);
  const sample = new Float64Array(Math.min(n, SAMPLE));
  for (let i = 0; i < sample.length; i++) sample[i] = ys[from + Math.floor(i * stride)];
  sample.sort();
  const lo = quantile(sample, 0.05);
  const hi = quantile(sample, 0.95);
  const pad = (hi - lo) * 0.2;
  return [lo - pad, hi + pad];
}
