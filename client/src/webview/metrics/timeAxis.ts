/**
 * The time axes. Metrics lines carry no timestamps: upstream's chronometer writes `uptime` (seconds since the
 * run started, restored on resume) at training-log steps. The time of any step is interpolated linearly
 * between the two nearest `uptime` points, and extrapolated from the first or last two beyond them. Time never
 * runs backwards on a chart (a run whose uptime restarted is held flat), so x stays sorted. Wall time is the
 * run's start plus that, in seconds since the epoch (uPlot's time unit): derived, and the UI says so.
 */
import type { XMode } from '../contract';
import { lowerBound } from './decimate';
import type { Series } from './seriesStore';

/** The metric the time axes are derived from. */
export const UPTIME_METRIC = 'uptime';

export class TimeAxis {
  /** `uptime`: the run's uptime series (undefined: the run has no time axes). `startMs`: for wall time. */
  constructor(
    private readonly uptime: Series | undefined,
    private readonly startMs: number | undefined,
  ) {}

  /** Whether x values exist in `mode` for this run. */
  supports(mode: XMode): boolean {
    if (mode === 'step') return true;
    if (!this.uptime || this.uptime.length === 0) return false;
    return mode === 'relative' || this.startMs !== undefined;
  }

  /**
   * Writes the x of `steps[from..to)` (ascending) into `out[0..)`. One pass that walks the uptime points
   * alongside, so a million points cost a million steps (and an append, a binary search).
   */
  map(mode: XMode, steps: ArrayLike<number>, from: number, to: number, out: Float64Array): Float64Array {
    if (mode === 'step' || !this.uptime) {
      for (let i = from; i < to; i++) out[i - from] = steps[i];
      return out;
    }
    const offset = mode === 'wall' ? (this.startMs ?? 0) / 1000 : 0;
    const us = this.uptime.steps;
    const uv = this.uptime.values;
    const n = this.uptime.length;
    let j = from < to ? lowerBound(us, n, steps[from]) : 0;
    let prev = -Infinity;
    for (let i = from; i < to; i++) {
      const s = steps[i];
      while (j < n && us[j] < s) j++;
      let t: number;
      if (n === 1) t = us[0] > 0 ? (uv[0] * s) / us[0] : uv[0];
      else if (j < n && us[j] === s) t = uv[j];
      else {
        // Between points j-1 and j; the first or last segment beyond the ends.
        const b = Math.min(Math.max(j, 1), n - 1);
        const a = b - 1;
        t = uv[a] + ((uv[b] - uv[a]) * (s - us[a])) / (us[b] - us[a]);
      }
      t = Math.max(t, 0, prev);
      prev = t;
      out[i - from] = t + offset;
    }
    return out;
  }

  /** The x of one step. */
  at(mode: XMode, step: number): number {
    return this.map(mode, [step], 0, 1, new Float64Array(1))[0];
  }
}
