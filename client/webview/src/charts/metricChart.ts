/**
 * One chart: one metric, every run that has it overlaid in its colour, drawn by uPlot. With smoothing on, each
 * run shows its raw curve faint and its EMA solid (as TensorBoard does). Hovering shows each run's value at
 * the cursor in the chart's footer (the cursor is synced across charts, so every chart shows its values at
 * that x; a footer line is lighter to lay out than uPlot's legend table); dragging zooms x (every chart
 * follows, and the host cuts the zoomed range anew); a double click zooms out.
 *
 * A chart off screen keeps its data and draws when it comes into view (or when the UI is idle), so the first
 * paint of a panel of many charts costs the visible ones only.
 *
 * Test hooks: the container has `data-metric="<name>"`, `data-preview` and `data-drawn` (whether the plot shows
 * the latest data); its footer has one element per run, `[data-run="<workdir>"][data-points="<points the host
 * holds>"][data-last-step="<step>"]`, kept current whether the chart is on screen or not.
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
  private readonly cursorEl: HTMLElement;
  /** Each run's footer line: its text when the cursor is away, and the node to write values into. */
  private footerLines: { run: string; label: string; idle: string; text: Text }[] = [];
  private xMode: XMode = 'step';
  private readonly titleEl: HTMLElement;
  private plot?: uPlot;
  private shape = '';
  private robust: [number, number] | undefined;
  /** Data not drawn yet (the chart is off screen). */
  private pending?: { chart: ChartView | undefined; ctx: ChartContext };
  private visible = false;

  constructor(
    readonly metric: string,
    private readonly events: ChartEvents,
  ) {
    this.titleEl = h('div', { class: 'chart-title', title: metric }, metric);
    this.plotEl = h('div', { class: 'chart-plot' });
    this.footerEl = h('div', { class: 'chart-runs' });
    this.cursorEl = h('div', { class: 'chart-cursor' });
    this.el = h('div', { class: 'chart', 'data-metric': metric }, h('div', { class: 'chart-head' }, this.titleEl, this.cursorEl), this.plotEl, this.footerEl);
  }

  /** Takes `chart` (undefined: no run has points yet); draws it now if the chart is on screen. */
  update(chart: ChartView | undefined, ctx: ChartContext): void {
    this.pending = { chart, ctx };
    this.el.dataset.drawn = 'false';
    const series = (chart?.series ?? []).filter((s) => ctx.runs.some((r) => r.workdir === s.run));
    this.el.dataset.preview = String(series.some((s) => s.preview));
    this.updateFooter(series, new Map(ctx.runs.map((r) => [r.workdir, r])), this.hiddenByLog(series, ctx));
    if (this.visible) this.draw();
  }

  /** Whether the data shown is the latest. */
  get drawn(): boolean {
    return !this.pending;
  }

  /** Whether it was ever drawn (a chart never scrolled to has no plot). */
  get hasPlot(): boolean {
    return this.plot !== undefined;
  }

  /** The chart came into view or left it. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible) this.draw();
  }

  /** Draws the latest data, if not drawn yet. */
  draw(): void {
    if (!this.pending) return;
    const { chart, ctx } = this.pending;
    this.pending = undefined;
    this.xMode = ctx.xMode;
    this.el.dataset.drawn = 'true';
    const byRun = new Map(ctx.runs.map((r) => [r.workdir, r]));
    const series = (chart?.series ?? []).filter((s) => byRun.has(s.run));
    const smooth = ctx.options.smoothing > 0 && series.some((s) => s.smoothed);
    this.robust = robustUnion(series);
    const tables = series.map((s) => {
      const y = ctx.options.logY ? positive(s.y) : s.y;
      const table: uPlot.AlignedData = smooth ? [s.x, y, ctx.options.logY ? positive(s.smoothed ?? s.y) : (s.smoothed ?? s.y)] : [s.x, y];
      return table;
    });
    const data: uPlot.AlignedData = tables.length === 1 ? tables[0] : tables.length ? uPlot.join(tables) : [[]];
    const shape = JSON.stringify([ctx.xMode, ctx.options.logY, ctx.options.ignoreOutliers, smooth, series.map((s) => [s.run, byRun.get(s.run)?.color, byRun.get(s.run)?.label])]);
    if (!this.plot || shape !== this.shape) {
      this.plot?.destroy();
      this.shape = shape;
      this.plot = new uPlot(this.options(series, byRun, ctx, smooth), data, this.plotEl);
    } else {
      if (this.plot.width !== ctx.width) this.plot.setSize({ width: ctx.width, height: HEIGHT });
      this.plot.setData(data, !ctx.window);
    }
    if (ctx.window) this.plot.setScale('x', ctx.window);
  }

  private hiddenByLog(series: SeriesView[], ctx: ChartContext): number {
    if (!ctx.options.logY) return 0;
    let hidden = 0;
    for (const s of series) for (const v of s.y) if (!(v > 0)) hidden++;
    return hidden;
  }

  /** Follows another chart's zoom (null: zoom out to the data). */
  setWindow(window: XWindow | null): void {
    if (this.pending) this.pending.ctx = { ...this.pending.ctx, window };
    if (!this.plot || this.pending) return;
    if (window) this.plot.setScale('x', window);
    else this.plot.setData(this.plot.data, true);
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
      };
      if (!smooth) return [raw];
      return [raw, { label: `${run.label} (smoothed)`, stroke: run.color, width: 1.5, spanGaps: true, points: { show: false } }];
    });
    return {
      width: ctx.width,
      height: HEIGHT,
      scales: {
        x: { time: ctx.xMode === 'wall' },
        y: { distr: ctx.options.logY ? 3 : 1, range: ctx.options.ignoreOutliers ? (_u, min, max) => this.yRange(min, max, ctx.options.logY) : undefined },
      },
      // Log scales leave minor ticks unlabelled (null splits).
      // Fixed sizes: uPlot lays the chart out once instead of converging on its labels' sizes.
      axes: [{ ...axis(xValues), size: ctx.xMode === 'wall' ? 44 : 30 }, { ...axis((_u, splits) => splits.map((s) => (s == null ? '' : formatValue(s)))), size: 60 }],
      series: [
        { label: X_LABELS[ctx.xMode] },
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
      legend: { show: false },
      hooks: {
        setCursor: [(u) => this.showCursor(u, smooth)],
        // A drag selects a range, which uPlot then zooms to: the user's zooms, and only those, come through here.
        setSelect: [
          (u) => {
            if (u.select.width <= 0) return;
            const min = u.posToVal(u.select.left, 'x');
            const max = u.posToVal(u.select.left + u.select.width, 'x');
            if (max > min) this.events.onZoom({ min, max });
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

  /** Writes the values under the cursor into the footer lines (their idle text when the cursor leaves). */
  private showCursor(u: uPlot, smooth: boolean): void {
    const idx = u.cursor.idx;
    if (idx == null) {
      this.cursorEl.textContent = '';
      for (const line of this.footerLines) line.text.data = line.idle;
      return;
    }
    const x = u.data[0][idx];
    this.cursorEl.textContent = `${X_LABELS[this.xMode]} ${formatX(this.xMode, x)}`;
    const perRun = smooth ? 2 : 1;
    this.footerLines.forEach((line, k) => {
      const at = (i: number) => {
        const j = u.cursor.idxs?.[i];
        return j == null ? undefined : u.data[i][j];
      };
      const raw = at(1 + k * perRun);
      line.text.data = `${line.label}: ${formatValue(raw)}${smooth ? ` (smoothed ${formatValue(at(2 + k * perRun))})` : ''}`;
    });
  }

  private updateFooter(series: SeriesView[], byRun: Map<string, RunView>, hiddenByLog: number): void {
    this.footerLines = [];
    const items = series.map((s) => {
      const run = byRun.get(s.run) as RunView;
      const notes = [s.preview ? 'preview (sampled)' : '', s.nonFinite ? `${formatCount(s.nonFinite)} NaN/Inf not drawn` : ''].filter(Boolean);
      const idle = `${run.label}: ${formatCount(s.points)} pts, step ${formatCount(Math.max(0, s.lastStep))}${notes.length ? ` (${notes.join(', ')})` : ''}`;
      const text = document.createTextNode(idle);
      this.footerLines.push({ run: s.run, label: run.label, idle, text });
      return h('span', { class: 'chart-run', 'data-run': s.run, 'data-points': s.points, 'data-last-step': s.lastStep, title: run.workdir }, swatch(run.color), text);
    });
    if (!series.length) items.push(h('span', { class: 'chart-empty' }, 'no finite values yet'));
    if (hiddenByLog) items.push(h('span', { class: 'chart-note' }, `${formatCount(hiddenByLog)} values ≤ 0 hidden by the log scale`));
    fill(this.footerEl, ...items);
  }
}

/** An x value as the axis reads it. */
function formatX(mode: XMode, x: number | null | undefined): string {
  if (x == null) return '–';
  return mode === 'relative' ? formatDuration(x) : mode === 'wall' ? new Date(x * 1000).toLocaleString() : formatCount(x);
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

