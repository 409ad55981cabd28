/**
 * The metrics panel's UI: toolbar, runs, status, one chart per metric in groups (collapsible), and beside
 * them the config differences when two or more runs are shown. It applies the host's messages to its store
 * and redraws only what they changed; options, zoom and collapsed groups are saved with `setState` so a
 * reloaded panel comes back as it was.
 *
 * Test hooks (besides each chart's, see `metricChart.ts`): the root has `data-phase` (`starting`, `preview`
 * while any run is previewed, `live`) and `data-version` (the last host message drawn).
 */
import { DEFAULT_OPTIONS, X_MODES, type FromWebview, type PersistedState, type RunView, type ToWebview, type ViewOptions, type XWindow } from '../../../src/webview/contract';
import { loadState, post, saveState } from '../api';
import { MetricChart, type ChartContext } from '../charts/metricChart';
import { onThemeChange } from '../charts/theme';
import { fill, h } from '../dom';
import { axisNote, compareTable, runsList, statusText } from './panels';
import { PanelStore } from './store';
import { Toolbar } from './toolbar';

const CHART_MIN_WIDTH = 380;
const GAP = 12;
/** A chart's padding and border (styles.css `.chart`), around its plot's width. */
const CHART_CHROME = 10;

function restoredOptions(saved: Partial<PersistedState> | undefined): ViewOptions {
  const o = { ...DEFAULT_OPTIONS, ...(saved?.options ?? {}) };
  return X_MODES.includes(o.xMode) && typeof o.smoothing === 'number' ? o : DEFAULT_OPTIONS;
}

export class App {
  private readonly store = new PanelStore();
  private options: ViewOptions;
  private window: XWindow | null;
  private readonly collapsed: Set<string>;
  private readonly charts = new Map<string, MetricChart>();
  private readonly groupEls = new Map<string, { details: HTMLDetailsElement; grid: HTMLElement }>();
  private readonly runsEl = h('div', { class: 'runs-box' });
  private readonly statusEl = h('div', { class: 'status', role: 'status' });
  private readonly noteEl = h('div', { class: 'axis-note' });
  private readonly groupsEl = h('div', { class: 'groups' });
  private readonly asideEl = h('aside', { class: 'aside' });
  private width = 0;
  /** Who the runs are (workdir, label, colour): charts redraw when it changes, not on every line count. */
  private runsKey = '';
  /** JSON of the state last saved. */
  private saved = '';
  private rendered?: number;
  private idle?: number;
  private readonly visibility = new IntersectionObserver((entries) => {
    for (const e of entries) this.chartOf.get(e.target)?.setVisible(e.isIntersecting);
  }, { rootMargin: '200px 0px' });
  private readonly chartOf = new WeakMap<Element, MetricChart>();
  private zoomTimer?: ReturnType<typeof setTimeout>;
  private resizeTimer?: ReturnType<typeof setTimeout>;

  constructor(private readonly root: HTMLElement) {
    const saved = loadState();
    this.options = restoredOptions(saved);
    this.window = saved?.window ?? null;
    this.collapsed = new Set(Array.isArray(saved?.collapsed) ? saved.collapsed : []);
    const toolbar = new Toolbar(this.options, {
      onOptions: (o) => this.setOptions(o),
      onExport: () => post({ type: 'exportCsv' }),
    });
    const main = h('main', { class: 'main' }, this.groupsEl);
    fill(root, toolbar.el, this.runsEl, this.statusEl, this.noteEl, h('div', { class: 'body' }, main, this.asideEl));
    root.dataset.phase = 'starting';
    this.width = this.chartWidth();
    new ResizeObserver(() => this.onResize()).observe(this.groupsEl);
    onThemeChange(() => this.charts.forEach((c) => c.redraw()));
  }

  /** Tells the host the UI is mounted (it sends nothing before). */
  start(): void {
    performance.mark('bv-metrics:ready');
    this.send({ type: 'ready', options: this.options, window: this.window, width: this.width });
  }

  handle(msg: ToWebview): void {
    // Timeline marks for profiling (devtools, the benchmark): the first data, and when it was on screen.
    if (this.store.version === 0) performance.mark('bv-metrics:first-data');
    const changes = this.store.apply(msg);
    const data = this.store.data;
    if (changes.runs) {
      fill(this.runsEl, runsList(data.runs));
      this.statusEl.textContent = statusText(data.runs);
      this.root.dataset.phase = data.runs.some((r) => r.phase === 'preview') ? 'preview' : 'live';
      this.save();
    }
    if (changes.runs || changes.view) this.noteEl.textContent = axisNote(data.xMode, data.runs);
    if (changes.groups) this.layoutGroups();
    if (changes.compare || changes.runs) fill(this.asideEl, ...(data.compare && data.runs.length > 1 ? [compareTable(data.compare, data.runs)] : []));
    const runsKey = JSON.stringify(data.runs.map((r) => [r.workdir, r.label, r.color, r.hasUptime, r.startMs]));
    const all = runsKey !== this.runsKey || changes.view || changes.groups;
    this.runsKey = runsKey;
    const updated = [...this.charts].filter(([metric]) => all || changes.charts.has(metric));
    for (const [metric, chart] of updated) chart.update(data.charts[metric], this.context());
    // After the updates, which give new charts their final height.
    if (changes.groups) this.markVisible();
    this.afterDraw(msg.version);
  }

  /**
   * Tells new charts whether they are on screen now, from their layout (the visibility observer reports only
   * after the next frame, and the first paint should not wait for it).
   */
  private markVisible(): void {
    // All positions first (one layout), then the drawing (which changes the layout).
    const onScreen = [...this.charts.values()].filter((chart) => {
      if (chart.hasPlot) return false;
      const r = chart.el.getBoundingClientRect();
      return r.height > 0 && r.top < window.innerHeight && r.bottom > 0;
    });
    for (const chart of onScreen) chart.setVisible(true);
  }

  private context(): ChartContext {
    // x values are in the mode of the host's last cut; the zoom is the user's latest (the host's cut of it
    // may still be on its way).
    const xMode = this.store.data.xMode;
    return { runs: this.store.data.runs, options: this.options, xMode, window: xMode === this.options.xMode ? this.window : null, width: this.width };
  }

  /**
   * Reports the version on screen at the next frame (uPlot draws synchronously), with how many charts show it;
   * charts off screen that were never drawn are drawn while the UI is idle, then reported again.
   */
  private afterDraw(version: number): void {
    this.root.dataset.version = String(version);
    const first = this.rendered === undefined;
    this.rendered = version;
    if (first) {
      requestAnimationFrame(() => {
        const latest = this.rendered ?? version;
        this.rendered = undefined;
        this.report(latest);
      });
    }
    if (this.idle === undefined && [...this.charts.values()].some((c) => !c.hasPlot)) {
      this.idle = requestIdleCallback((deadline) => this.drawIdle(deadline));
    }
  }

  private report(version: number): void {
    if (!performance.getEntriesByName('bv-metrics:first-drawn').length) performance.mark('bv-metrics:first-drawn');
    const charts = [...this.charts.values()];
    this.send({ type: 'rendered', version, drawn: charts.filter((c) => c.drawn).length, total: charts.length });
  }

  private drawIdle(deadline: IdleDeadline): void {
    this.idle = undefined;
    const waiting = [...this.charts.values()].filter((c) => !c.hasPlot);
    for (const chart of waiting) {
      if (deadline.timeRemaining() < 4) {
        this.idle = requestIdleCallback((d) => this.drawIdle(d));
        return;
      }
      chart.draw();
    }
    if (waiting.length) requestAnimationFrame(() => this.report(this.store.version));
  }

  private layoutGroups(): void {
    const groups = this.store.data.groups;
    const wanted = new Set(groups.flatMap((g) => g.metrics));
    for (const [metric, chart] of this.charts) {
      if (!wanted.has(metric)) {
        this.visibility.unobserve(chart.el);
        chart.destroy();
        this.charts.delete(metric);
      }
    }
    const sections = groups.map((g) => {
      let group = this.groupEls.get(g.id);
      if (!group) {
        const grid = h('div', { class: 'grid' });
        const details = h('details', { 'data-group': g.id, open: !this.collapsed.has(g.id) }, h('summary', {}, g.title), grid);
        details.addEventListener('toggle', () => {
          if (details.open) this.collapsed.delete(g.id);
          else this.collapsed.add(g.id);
          this.save();
        });
        group = { details, grid };
        this.groupEls.set(g.id, group);
      }
      const grid = group.grid;
      fill(
        grid,
        ...g.metrics.map((m) => {
          let chart = this.charts.get(m);
          if (!chart) {
            chart = new MetricChart(m, { onZoom: (w) => this.zoom(w) });
            chart.el.style.width = `${this.width}px`;
            this.charts.set(m, chart);
            this.chartOf.set(chart.el, chart);
            this.visibility.observe(chart.el);
          }
          return chart.el;
        }),
      );
      return group.details;
    });
    fill(this.groupsEl, ...sections);
  }

  private setOptions(options: ViewOptions): void {
    if (options.xMode !== this.options.xMode) this.window = null;
    this.options = options;
    this.save();
    this.send({ type: 'setOptions', options });
    // Log scale and outliers are drawing choices, redrawn now; smoothing and x mode wait for the host's cut.
    for (const [metric, chart] of this.charts) chart.update(this.store.data.charts[metric], this.context());
  }

  /** A chart was zoomed: every chart follows now, the host cuts the range anew shortly after. */
  private zoom(window: XWindow | null): void {
    this.window = window;
    for (const c of this.charts.values()) c.setWindow(window);
    this.save();
    clearTimeout(this.zoomTimer);
    this.zoomTimer = setTimeout(() => this.send({ type: 'viewRange', window }), 150);
  }

  private chartWidth(): number {
    const available = Math.max(CHART_MIN_WIDTH, this.groupsEl.clientWidth || this.root.clientWidth || 800);
    const columns = Math.max(1, Math.floor((available + GAP) / (CHART_MIN_WIDTH + CHART_CHROME + GAP)));
    return Math.floor((available - (columns - 1) * GAP) / columns) - CHART_CHROME;
  }

  private onResize(): void {
    const width = this.chartWidth();
    if (width === this.width) return;
    this.width = width;
    for (const [metric, chart] of this.charts) {
      chart.el.style.width = `${width}px`;
      chart.update(this.store.data.charts[metric], this.context());
    }
    clearTimeout(this.resizeTimer);
    this.resizeTimer = setTimeout(() => this.send({ type: 'resize', width }), 200);
  }

  /** Saves what a reload restores, when it changed (runs change on every appended line: their counts). */
  private save(): void {
    const runs = this.store.data.runs.map((r: RunView) => ({ workdir: r.workdir, label: r.label, ...(r.startSource === 'given' ? { startedMs: r.startMs } : {}) }));
    const state = { runs, options: this.options, window: this.window, collapsed: [...this.collapsed] };
    const json = JSON.stringify(state);
    if (json === this.saved) return;
    this.saved = json;
    saveState(state);
  }

  private send(msg: FromWebview): void {
    post(msg);
  }
}
