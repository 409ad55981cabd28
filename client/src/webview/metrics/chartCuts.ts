/**
 * The host's cut of every chart: one `Cut` (`seriesView.ts`) per metric and run, and which charts the UI has.
 * `update` says, for one metric, whether its chart must be sent whole (never sent, a run came or went, a series
 * was replaced or went back in steps, the options or zoom changed, the width moved out of what the cut serves,
 * or enough points were appended that decimating again pays) or only the points appended since.
 */
import type { ChartView, SeriesAppend, XMode, XWindow } from '../contract';
import type { RunSource } from './runSource';
import { appendToCut, cutSeries, type Cut } from './seriesView';
import type { TimeAxis } from './timeAxis';

/** What series are cut for; `version` changes whenever smoothing, x mode or zoom do. */
export interface CutSettings {
  mode: XMode;
  smoothing: number;
  window: XWindow | null;
  /** Chart width in pixels. */
  width: number;
  version: number;
}

interface HostCut extends Cut {
  generation: number;
  settings: number;
  /** Decimation buckets it was cut with. */
  buckets: number;
  preview: boolean;
  /** Points appended since the cut. */
  appended: number;
}

/** Appended points a series takes before it is cut anew (decimated again). */
const APPEND_LIMIT = 1000;

/**
 * Decimation buckets per pixel for a preview (a sample of a big file's lines, shown until the whole file is read):
 * one point a pixel instead of min and max, since a sample cannot promise the extremes anyway; half the data to
 * carry to the page and draw before the first paint.
 */
const PREVIEW_BUCKETS_PER_PIXEL = 0.5;

export class ChartCuts {
  private readonly cuts = new Map<string, Map<string, HostCut>>();
  private readonly sent = new Set<string>();

  /** The UI (re)mounted and has no chart: every chart goes whole next time. */
  resend(): void {
    this.sent.clear();
  }

  /** Forgets the metrics no run has any more. */
  keepOnly(metrics: ReadonlySet<string>): void {
    for (const metric of this.cuts.keys()) {
      if (!metrics.has(metric)) {
        this.cuts.delete(metric);
        this.sent.delete(metric);
      }
    }
  }

  /** The chart of `metric` when it must be sent whole, else the points appended to its series (maybe none). */
  update(metric: string, sources: readonly RunSource[], axisOf: (s: RunSource) => TimeAxis, o: CutSettings): [ChartView | undefined, SeriesAppend[]] {
    let cuts = this.cuts.get(metric);
    if (!cuts) this.cuts.set(metric, (cuts = new Map()));
    let whole = !this.sent.has(metric);
    const appends: SeriesAppend[] = [];
    for (const s of sources) {
      const key = s.run.workdir;
      const series = s.store.get(metric);
      const axis = axisOf(s);
      const cut = cuts.get(key);
      if (!series || (series.length === 0 && series.nonFinite === 0) || !axis.supports(o.mode)) {
        if (cut) cuts.delete(key);
        whole ||= cut !== undefined;
        continue;
      }
      const preview = s.phase === 'preview';
      const grown = cut ? series.length - cut.length : 0;
      const stale =
        !cut ||
        cut.generation !== s.generation ||
        cut.settings !== o.version ||
        cut.buckets < o.width * 0.9 ||
        cut.buckets > o.width * 2 ||
        cut.epoch !== series.epoch ||
        cut.preview !== preview ||
        grown < 0 ||
        cut.appended + grown > APPEND_LIMIT;
      if (stale) {
        const fresh = cutSeries(key, series, axis, { mode: o.mode, smoothing: o.smoothing, window: o.window, buckets: preview ? Math.ceil(o.width * PREVIEW_BUCKETS_PER_PIXEL) : o.width, preview });
        cuts.set(key, { ...fresh, generation: s.generation, settings: o.version, buckets: o.width, preview, appended: 0 });
        whole = true;
      } else if (cut && (grown > 0 || series.nonFinite !== cut.view.nonFinite)) {
        appends.push(appendToCut(metric, cut, series, axis, o.mode));
        cut.appended += grown;
      }
    }
    if (!whole) return [undefined, appends];
    this.sent.add(metric);
    // In run order, so colours and legends do not shuffle; the appends are in the views already.
    const series = sources.flatMap((s) => cuts.get(s.run.workdir)?.view ?? []);
    return [{ metric, series }, []];
  }
}
