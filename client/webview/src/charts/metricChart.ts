/**
 * One chart: one metric, every run that has it overlaid in its colour, drawn by uPlot. With smoothing on, each
 * run shows its raw curve faint and its EMA solid (as TensorBoard does). Hovering shows the values (uPlot's
 * legend, the cursor synced across charts); dragging zooms x (every chart follows, and the host cuts the
 * zoomed range anew); a double click zooms out.
 *
 * Test hooks: the container has `data-metric="<name>"` and `data-preview`; its footer has one element per
 * run, `[data-run="<workdir>"][data-points="<points the host holds>"][data-last-step="<step>"]`.
 */
import uPlot from 'uplot';
import type { ChartView, RunView, SeriesView, ViewOptions, XMode, XWindow } from '../../../src/webview/contract';
import { fill, h, swatch } from '../dom';
import { formatCount, formatDuration, formatValue } from './format';
import { theme } from './theme';

export interface ChartContext {
  runs: readonly RunView[];
  options: ViewOptions;
  xMode: XMode;
  window: XWindow | null;
  width: number;
}

export interface ChartEvents {
  /** The user zoomed x on this chart (null: zoomed out). */
  onZoom(window: XWindow | null): void;
}

const HEIGHT = 200;
const SYNC_KEY = 'bv-metrics';

const X_LABELS: Record<XMode, string> = { step: 'step', relative: 'time since start', wall: 'wall time' };

export class MetricChart {
  readonly el: HTMLElement;
  private readonly plotEl: HTMLElement;
  private readonly footerEl: HTMLElement;
  private readonly titleEl: HTMLElement;
  private plot?: uPlot;
  private shape = '';
  /** Set while the chart itself changes scales, so that only the user's zooms are reported. */
  private applying = false;
  private robust: [number, number] | undefined;

  constructor(
    readonly metric: string,
    private readonly events: ChartEvents,
  ) {
    this.titleEl = h('div', { class: 'chart-title', title: metric }, metric);
    this.plotEl = h('div', { class: 'chart-plot' });
    this.footerEl = h('div', { class: 'chart-runs' });
    this.el = h('div', { class: 'chart', 'data-metric': metric }, this.titleEl, this.plotEl, this.footerEl);
  }

  /** Draws `chart` (undefined: no run has points yet). */
  update(chart: ChartView | undefined, ctx: ChartContext): void {
    const byRun = new Map(ctx.runs.map((r) => [r.workdir, r]));
    const series = (chart?.series ?? []).filter((s) => byRun.has(s.run));
    const smooth = ctx.options.smoothing > 0 && series.some((s) => s.smoothed);
    const preview = series.some((s) => s.preview);
    this.el.dataset.preview = String(preview);
    this.robust = robustUnion(series);
    let hidden = 0;
    const tables = series.map((s) => {
      const y = ctx.options.logY ? positive(s.y) : s.y;
      if (ctx.options.logY) hidden += y.filter((v) => v === null).length;
      const table: uPlot.AlignedData = smooth ? [s.x, y, ctx.options.logY ? positive(s.smoothed ?? s.y) : (s.smoothed ?? s.y)] : [s.x, y];
      return table;
    });
    const data: uPlot.AlignedData = tables.length === 1 ? tables[0] : tables.length ? uPlot.join(tables) : [[]];
    const shape = JSON.stringify([ctx.xMode, ctx.options.logY, ctx.options.ignoreOutliers, smooth, series.map((s) => [s.run, byRun.get(s.run)?.color, byRun.get(s.run)?.label])]);
    this.applying = true;
    try {
      if (!this.plot || shape !== this.shape) {
        this.plot?.destroy();
        this.shape = shape;
        this.plot = new uPlot(this.options(series, byRun, ctx, smooth), data, this.plotEl);
      } else {
        if (this.plot.width !== ctx.width) this.plot.setSize({ width: ctx.width, height: HEIGHT });
        this.plot.setData(data, !ctx.window);
      }
      if (ctx.window) this.plot.setScale('x', ctx.window);
    } finally {
      this.applying = false;
    }
    this.updateFooter(series, byRun, hidden);
  }

  /** Follows another chart's zoom (null: zoom out to the data). */
  setWindow(window: XWindow | null): void {
    if (!this.plot) return;
    this.applying = true;
    try {
      if (window) this.plot.setScale('x', window);
      else this.plot.setData(this.plot.data, true);
    } finally {
      this.applying = false;
    }
  }

  /** Redraws with the current theme colours. */
  redraw(): void {
    this.plot?.redraw(false, true);
  }

  destroy(): void {
    this.plot?.destroy();
    this.el.remove();
  }

  private options(series: SeriesView[], byRun: Map<string, RunView>, ctx: ChartContext, smooth: boolean): uPlot.Options {
    const t = theme;
    const axis = (values: uPlot.Axis['values']): uPlot.Axis => ({
      stroke: () => t().muted,
      grid: { stroke: () => t().grid, width: 1 },
      ticks: { stroke: () => t().grid, width: 1 },
      font: t().font,
      values,
    });
    const xValues: uPlot.Axis['values'] =
      ctx.xMode === 'relative' ? (_u, splits) => splits.map((s) => formatDuration(s)) : ctx.xMode === 'step' ? (_u, splits) => splits.map((s) => formatCount(s)) : undefined;
    const runSeries = series.flatMap((s): uPlot.Series[] => {
      const run = byRun.get(s.run) as RunView;
      const raw: uPlot.Series = {
        label: run.label,
        stroke: smooth ? `${run.color}55` : run.color,
        width: 1,
        spanGaps: true,
        value: (_u, v) => formatValue(v),
      };
      if (!smooth) return [raw];
      return [raw, { label: `${run.label} (smoothed)`, stroke: run.color, width: 1.5, spanGaps: true, points: { show: false }, value: (_u, v) => formatValue(v) }];
    });
    return {
      width: ctx.width,
      height: HEIGHT,
      scales: {
        x: { time: ctx.xMode === 'wall' },
        y: { distr: ctx.options.logY ? 3 : 1, range: ctx.options.ignoreOutliers ? (_u, min, max) => this.yRange(min, max, ctx.options.logY) : undefined },
      },
      axes: [axis(xValues), { ...axis((_u, splits) => splits.map((s) => formatValue(s))), size: 60 }],
      series: [
        { label: X_LABELS[ctx.xMode], value: (_u, v) => (v == null ? '–' : ctx.xMode === 'relative' ? formatDuration(v) : ctx.xMode === 'wall' ? new Date(v * 1000).toLocaleString() : formatCount(v)) },
        ...runSeries,
      ],
      cursor: {
        sync: { key: SYNC_KEY },
        drag: { x: true, y: false },
        hover: { skip: [null, undefined] },
        bind: {
          dblclick: () => () => {
            this.events.onZoom(null);
            return null;
          },
        },
      },
      legend: { live: true },
      hooks: {
        setScale: [
          (u, key) => {
            if (key !== 'x' || this.applying) return;
            const { min, max } = u.scales.x;
            if (min != null && max != null && max > min) this.events.onZoom({ min, max });
          },
        ],
      },
    };
  }

  /** The outlier-free y range: the runs' robust ranges, within the data's extremes. */
  private yRange(min: number, max: number, log: boolean): uPlot.Range.MinMax {
    if (!this.robust) return [min, max];
    let lo = Math.max(min, this.robust[0]);
    const hi = Math.min(max, this.robust[1]);
    if (log && lo <= 0) lo = min;
    return hi > lo ? [lo, hi] : [min, max];
  }

  private updateFooter(series: SeriesView[], byRun: Map<string, RunView>, hiddenByLog: number): void {
    const items = series.map((s) => {
      const run = byRun.get(s.run) as RunView;
      const notes = [s.preview ? 'preview (sampled)' : '', s.nonFinite ? `${formatCount(s.nonFinite)} NaN/Inf not drawn` : ''].filter(Boolean);
      return h(
        'span',
        { class: 'chart-run', 'data-run': s.run, 'data-points': s.points, 'data-last-step': s.lastStep, title: run.workdir },
        swatch(run.color),
        `${run.label}: ${formatCount(s.points)} pts, step ${formatCount(Math.max(0, s.lastStep))}${notes.length ? ` (${notes.join(', ')})` : ''}`,
      );
    });
    if (!series.length) items.push(h('span', { class: 'chart-empty' }, 'no finite values yet'));
    if (hiddenByLog) items.push(h('span', { class: 'chart-note' }, `${formatCount(hiddenByLog)} values ≤ 0 hidden by the log scale`));
    fill(this.footerEl, ...items);
  }
}

/** Values that a log scale can place (others become gaps). */
function positive(ys: readonly number[]): (number | null)[] {
  return ys.map((v) => (v > 0 ? v : null));
}

function robustUnion(series: SeriesView[]): [number, number] | undefined {
  const ranges = series.flatMap((s) => (s.robust ? [s.robust] : []));
  if (!ranges.length) return undefined;
  return [Math.min(...ranges.map((r) => r[0])), Math.max(...ranges.map((r) => r[1]))];
}

