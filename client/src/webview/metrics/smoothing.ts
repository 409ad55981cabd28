/**
 * TensorBoard's scalar smoothing (its "classic" smoothing, `classicSmoothing` in
 * tensorboard/webapp/widgets/line_chart_v2/data_transformer.ts): a debiased exponential moving average.
 *   last = last * w + (1 - w) * v;  n += 1;  smoothed = last / (1 - w^n)   (no debias when w = 1)
 * starting from last = 0. Non-finite values pass through unchanged and leave the average and n alone; a series
 * whose values are all equal is returned as is (no rounding noise on a flat line). `Ema` computes the same
 * thing point by point, for points appended to a live file.
 */

/** Clamps a smoothing weight to [0, 1] as TensorBoard does (non-finite: 0). */
export function clampWeight(weight: number): number {
  return Number.isFinite(weight) ? Math.max(0, Math.min(weight, 1)) : 0;
}

/** The smoothed values of `values[0..length)` written into `out` (returned). */
export function emaSmooth(values: ArrayLike<number>, length: number, weight: number, out = new Float64Array(length)): Float64Array {
  let flat = true;
  for (let i = 1; i < length && flat; i++) flat = values[i] === values[0];
  if (flat) {
    for (let i = 0; i < length; i++) out[i] = values[i];
    return out;
  }
  const ema = new Ema(weight);
  for (let i = 0; i < length; i++) out[i] = ema.next(values[i]);
  return out;
}

/** The running average of `emaSmooth`, one value at a time. */
export class Ema {
  private last = 0;
  private n = 0;
  private readonly weight: number;
  /** Whether every value so far equals the first (then TensorBoard shows the values themselves). */
  flat = true;
  private first = NaN;
  private seen = 0;

  constructor(weight: number) {
    this.weight = clampWeight(weight);
  }

  /** The smoothed value of the next point, as `emaSmooth` computes it for a series that is not flat. */
  next(v: number): number {
    // TensorBoard's flat test compares every value with the first with `==`, so NaN anywhere breaks it.
    if (this.seen++ === 0) this.first = v;
    if (v !== this.first) this.flat = false;
    if (!Number.isFinite(v)) return v;
    this.last = this.last * this.weight + (1 - this.weight) * v;
    this.n++;
    const debias = this.weight === 1 ? 1 : 1 - Math.pow(this.weight, this.n);
    return this.last / debias;
  }

  /** `next(v)`, shown as TensorBoard shows it for the series so far: the value itself while it is flat. A flat
   * series that stops being flat differs from a full recomputation only by rounding, so appends need no redo. */
  live(v: number): number {
    const s = this.next(v);
    return this.flat ? v : s;
  }
}
