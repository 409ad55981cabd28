/**
 * Turns one run's series into what a chart draws (`SeriesView`): x values in the chosen mode, the decimated
 * points of the zoomed range, their EMA (computed over the whole series, which the average depends on), and
 * the robust y range. Also the points appended since, for a live file, continuing the same EMA. Scratch
 * arrays are reused between series: a million-point series allocates nothing per point.
 */
import type { SeriesAppend, SeriesView, XMode, XWindow } from '../contract';
import { decimateMinMax, windowRange } from './decimate';
import { robustRange } from './robustRange';
import type { Series } from './seriesStore';
import { Ema } from './smoothing';
import type { TimeAxis } from './timeAxis';

export interface CutOptions {
  mode: XMode;
  smoothing: number;
  window: XWindow | null;
  /** Decimation buckets: the chart's width in pixels. */
  buckets: number;
  /** The points come from a preview. */
  preview: boolean;
}

/** A series as cut, with what is needed to append to it later. */
export interface Cut {
  view: SeriesView;
  /** Points of the series the view covers (`series.length` when cut). */
  length: number;
  epoch: number;
  /** The EMA after the last point (when smoothing). */
  ema?: Ema;
  lastX: number;
}

/**
 * An EMA value as sent to the UI: seven significant digits, far below a pixel, and a third of the message a
 * full double takes in JSON (the CSV export writes full precision).
 */
function display(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(7)) : v;
}

let scratchX = new Float64Array(0);
let scratchS = new Float64Array(0);

function scratch(n: number): void {
  if (scratchX.length < n) {
    scratchX = new Float64Array(n + (n >> 2));
    scratchS = new Float64Array(n + (n >> 2));
  }
}

/** Cuts `series` of run `run` for display. */
export function cutSeries(run: string, series: Series, axis: TimeAxis, o: CutOptions): Cut {
  const n = series.length;
  scratch(n);
  const xs = o.mode === 'step' ? series.steps : axis.map(o.mode, series.steps, 0, n, scratchX);
  const ys = series.values;
  const [from, to] = windowRange(xs, n, o.window);
  const keep = decimateMinMax(xs, ys, from, to, Math.max(1, Math.round(o.buckets)));
  let ema: Ema | undefined;
  if (o.smoothing > 0) {
    ema = new Ema(o.smoothing);
    for (let i = 0; i < n; i++) scratchS[i] = ema.next(ys[i]);
  }
  const x = new Array<number>(keep.length);
  const y = new Array<number>(keep.length);
  const smoothed = ema ? new Array<number>(keep.length) : undefined;
  for (let k = 0; k < keep.length; k++) {
    const i = keep[k];
    x[k] = xs[i];
    y[k] = ys[i];
    // TensorBoard shows a flat series as is.
    if (smoothed) smoothed[k] = ema?.flat ? ys[i] : display(scratchS[i]);
  }
  const view: SeriesView = {
    run,
    x,
    y,
    smoothed,
    points: n,
    lastStep: series.lastStep,
    nonFinite: series.nonFinite,
    robust: robustRange(ys, from, to),
    preview: o.preview,
  };
  return { view, length: n, epoch: series.epoch, ema, lastX: n ? xs[n - 1] : -Infinity };
}

/**
 * The points of `series` after those `cut` covers, appended to `cut` (its view grows too, so a later full
 * message carries them) and returned for an `append` message.
 */
export function appendToCut(metric: string, cut: Cut, series: Series, axis: TimeAxis, mode: XMode): SeriesAppend {
  const from = cut.length;
  const to = series.length;
  const xs = axis.map(mode, series.steps, from, to, new Float64Array(Math.max(0, to - from)));
  const add: SeriesAppend = { metric, run: cut.view.run, x: [], y: [], points: to, lastStep: series.lastStep, nonFinite: series.nonFinite };
  if (cut.ema) add.smoothed = [];
  for (let i = from; i < to; i++) {
    // Time is held, never reversed, so x stays ascending across appends.
    const x = Math.max(xs[i - from], cut.lastX);
    const y = series.values[i];
    add.x.push(x);
    add.y.push(y);
    if (add.smoothed) add.smoothed.push(display((cut.ema as Ema).live(y)));
    cut.lastX = x;
  }
  const v = cut.view;
  v.x.push(...add.x);
  v.y.push(...add.y);
  if (add.smoothed) v.smoothed?.push(...add.smoothed);
  v.points = to;
  v.lastStep = series.lastStep;
  v.nonFinite = series.nonFinite;
  cut.length = to;
  return add;
}
