/**
 * The metrics panel's host logic, without VS Code (`metricsPanel.ts` is the glue; tests and the benchmark
 * drive this class directly). It follows every run's files (`runSource.ts`), keeps the charts' cuts
 * (`chartCuts.ts`), and posts to the UI only what changed: after the UI's `ready`, everything; then the
 * sections whose content changed, charts one metric at a time, and plain appends for points added to a live
 * file. A big file's preview is upgraded to exact data once the UI has drawn it.
 */
import {
  DEFAULT_OPTIONS,
  type ChartView,
  type FromWebview,
  type PanelData,
  type PanelRun,
  type RunView,
  type SeriesAppend,
  type ToWebview,
  type ViewOptions,
  type XWindow,
} from '../contract';
import { CONFIG_FILE, METRICS_FILE } from '../../../../runtime/src/metrics/contract';
import { ChartCuts, type CutSettings } from './chartCuts';
import { assignColors, colorOf } from './colors';
import { diffConfigs } from './configDiff';
import { csvChunks, writeCsv } from './csv';
import { groupMetrics } from './groups';
import { DEFAULT_SOURCE_OPTIONS, RunSource, type RunSourceOptions } from './runSource';
import { TimeAxis, UPTIME_METRIC } from './timeAxis';
import { watchFiles, type Disposable } from './watch';

export interface HostDeps {
  post(msg: ToWebview): void;
  /** Asks where to save a file; undefined: the user cancelled. */
  askSavePath(suggestedName: string): Promise<string | undefined>;
  notify(kind: 'info' | 'error', message: string): void;
  /** Remembered colour index per workdir (kept by the caller, e.g. in the workspace state). */
  colors: { load(): Record<string, number>; save(colors: Record<string, number>): void };
  watch?: typeof watchFiles;
  sources?: RunSourceOptions;
  /** Start reading previewed files whole this long after the preview was posted, if the UI never says it drew
   * it (a hidden panel). */
  fullReadFallbackMs?: number;
}

export class MetricsHost {
  readonly sources: RunSource[];
  private ready = false;
  private options: ViewOptions = DEFAULT_OPTIONS;
  private window: XWindow | null = null;
  /** Chart width in pixels; until the UI says, a guess that serves the charts of most panels (250-550 px). */
  private width = 500;
  private optionsVersion = 0;
  private version = 0;
  private previewVersion = -1;
  private readonly cuts = new ChartCuts();
  /** JSON of the sections last sent since the UI (re)mounted. */
  private sent: Partial<Record<'runs' | 'groups' | 'compare' | 'window' | 'xMode', string>> = {};
  /** The configs the last comparison was made of (compared again only when one was read anew). */
  private compared: unknown[] = [];
  private scheduled?: NodeJS.Immediate;
  private fallback?: NodeJS.Timeout;
  private watchers: Disposable[] = [];
  private opened = false;
  private readonly colors: Record<string, number>;
  private disposed = false;

  constructor(
    runs: readonly PanelRun[],
    private readonly deps: HostDeps,
  ) {
    this.colors = assignColors(
      runs.map((r) => r.workdir),
      deps.colors.load(),
    );
    deps.colors.save(this.colors);
    this.sources = runs.map((r) => new RunSource(r, () => this.schedule(), deps.sources ?? DEFAULT_SOURCE_OPTIONS));
    // The first look at the files reads without blocking (the page that shows them loads meanwhile), then
    // cuts the series, so that the UI's `ready` finds them done.
    this.whenOpen = this.open();
  }

  /** Resolves once every run's file had its first look (posts wait for it). */
  readonly whenOpen: Promise<void>;

  private async open(): Promise<void> {
    await Promise.all(this.sources.map((s) => s.open()));
    if (this.disposed) return;
    this.opened = true;
    const watch = this.deps.watch ?? watchFiles;
    this.watchers = this.sources.map((s) =>
      watch(s.run.workdir, [METRICS_FILE, CONFIG_FILE], (name) => {
        if (name === CONFIG_FILE) s.readConfig();
        else s.poll();
        this.schedule();
      }),
    );
    if (this.ready) this.flush();
    else {
      // Cut everything now, for the UI's `ready` to find it done (nothing is sent before that).
      for (const metric of this.metrics()) this.cuts.update(metric, this.sources, (s) => this.axis(s), this.settings());
      this.cuts.resend();
    }
  }

  private metrics(): Set<string> {
    const metrics = new Set<string>();
    for (const s of this.sources) for (const m of s.store.names) metrics.add(m);
    return metrics;
  }

  /** Handles a message from the UI. */
  receive(msg: FromWebview): void {
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        this.sent = {};
        this.cuts.resend();
        this.compared = [];
        this.setOptions(msg.options, msg.window, msg.width);
        this.flush();
        return;
      case 'setOptions':
        this.setOptions(msg.options, msg.options.xMode === this.options.xMode ? this.window : null, this.width);
        this.flush();
        return;
      case 'viewRange':
        this.setOptions(this.options, msg.window, this.width);
        this.flush();
        return;
      case 'resize':
        this.setOptions(this.options, this.window, msg.width);
        this.flush();
        return;
      case 'rendered':
        if (this.previewVersion >= 0 && msg.version >= this.previewVersion) this.startFullReads();
        return;
      case 'exportCsv':
        void this.exportCsv();
        return;
    }
  }

  /** The UI is gone (a hidden panel's page is dropped): post nothing until it says `ready` again. */
  detach(): void {
    this.ready = false;
  }

  /** Takes what was appended to every file now (the watchers do this on their own). */
  poll(): void {
    if (!this.opened) return;
    for (const s of this.sources) s.poll();
    this.flush();
  }

  dispose(): void {
    this.disposed = true;
    for (const w of this.watchers) w.dispose();
    for (const s of this.sources) s.dispose();
    if (this.scheduled) clearImmediate(this.scheduled);
    if (this.fallback) clearTimeout(this.fallback);
  }

  /** The runs as persisted by the UI for a reload (its `PersistedState.runs`). */
  get runs(): PanelRun[] {
    return this.sources.map((s) => s.run);
  }

  /** Takes new options; only those that change the data (smoothing, x mode, zoom) re-cut every series. A new
   * width re-cuts the series cut too coarsely for it (or twice as finely): resizing does not re-cut on every
   * pixel. */
  private setOptions(options: ViewOptions, window: XWindow | null, width: number): void {
    const before = JSON.stringify([this.options.smoothing, this.options.xMode, this.window]);
    this.options = { ...DEFAULT_OPTIONS, ...options };
    this.window = window && window.max > window.min ? window : null;
    this.width = Math.max(50, Math.min(4000, Math.round(width) || 600));
    if (JSON.stringify([this.options.smoothing, this.options.xMode, this.window]) !== before) this.optionsVersion++;
  }

  private schedule(): void {
    if (this.scheduled || this.disposed) return;
    this.scheduled = setImmediate(() => {
      this.scheduled = undefined;
      this.flush();
    });
  }

  private startFullReads(): void {
    if (this.fallback) clearTimeout(this.fallback);
    this.fallback = undefined;
    for (const s of this.sources) s.startFullRead();
  }

  private settings(): CutSettings {
    return { mode: this.options.xMode, smoothing: this.options.smoothing, window: this.window, width: this.width, version: this.optionsVersion };
  }

  private axis(s: RunSource): TimeAxis {
    return new TimeAxis(s.store.get(UPTIME_METRIC), s.run.startedMs ?? s.configMtimeMs);
  }

  private runViews(): RunView[] {
    return this.sources.map((s) => ({
      workdir: s.run.workdir,
      label: s.run.label,
      color: colorOf(this.colors[s.run.workdir] ?? 0),
      phase: s.phase,
      loaded: Math.floor(s.loaded * 100) / 100,
      lines: s.lines,
      totalLines: s.phase === 'preview' ? s.estimatedLines : undefined,
      problems: s.store.problemCount,
      firstProblem: s.store.problems[0] ? `line ${s.store.problems[0].line}: ${s.store.problems[0].message}` : undefined,
      error: s.error,
      startMs: s.run.startedMs ?? s.configMtimeMs,
      startSource: s.run.startedMs !== undefined ? 'given' : s.configMtimeMs !== undefined ? 'config.json' : undefined,
      hasUptime: (s.store.get(UPTIME_METRIC)?.length ?? 0) > 0,
    }));
  }

  /** Posts what changed since the last post (everything after `ready`). */
  private flush(): void {
    if (!this.ready || !this.opened || this.disposed) return;
    const data: Partial<PanelData> = {};
    const changed = <K extends keyof typeof this.sent>(key: K, value: unknown): boolean => {
      const json = JSON.stringify(value);
      if (this.sent[key] === json) return false;
      this.sent[key] = json;
      return true;
    };
    const runs = this.runViews();
    if (changed('runs', runs)) data.runs = runs;
    const metrics = this.metrics();
    const groups = groupMetrics(metrics);
    if (changed('groups', groups)) data.groups = groups;
    const configs = this.sources.map((s) => s.config);
    if (this.sources.length > 1 && configs.some((c, i) => c !== this.compared[i])) {
      this.compared = configs;
      const compare = diffConfigs(this.sources.map((s) => s.config ?? { run: s.run.workdir, error: 'not read yet' }));
      if (changed('compare', compare)) data.compare = compare;
    } else if (this.sources.length < 2 && changed('compare', null)) data.compare = null;
    if (changed('window', this.window)) data.window = this.window;
    if (changed('xMode', this.options.xMode)) data.xMode = this.options.xMode;

    const charts: Record<string, ChartView> = {};
    const appends: SeriesAppend[] = [];
    let preview = false;
    const settings = this.settings();
    for (const metric of metrics) {
      const [chart, added] = this.cuts.update(metric, this.sources, (s) => this.axis(s), settings);
      if (chart) {
        charts[metric] = chart;
        preview ||= chart.series.some((v) => v.preview);
      } else appends.push(...added);
    }
    this.cuts.keepOnly(metrics);
    if (Object.keys(charts).length) data.charts = charts;
    if (Object.keys(data).length) {
      this.deps.post({ type: 'setData', version: ++this.version, data });
      if (preview) this.previewPosted();
    }
    if (appends.length) this.deps.post({ type: 'append', version: ++this.version, series: appends });
  }

  private previewPosted(): void {
    this.previewVersion = this.version;
    if (this.fallback) return;
    this.fallback = setTimeout(() => this.startFullReads(), this.deps.fullReadFallbackMs ?? 1500);
    this.fallback.unref();
  }

  private async exportCsv(): Promise<void> {
    const file = await this.deps.askSavePath('metrics.csv');
    if (!file) return;
    const metrics = this.metrics();
    const runs = this.sources.map((s) => ({ label: s.run.label, store: s.store, axis: this.axis(s) }));
    try {
      const rows = await writeCsv(file, csvChunks(runs, { metrics: [...metrics], mode: this.options.xMode, smoothing: this.options.smoothing, window: this.window }));
      const partial = this.sources.some((s) => s.phase === 'preview') ? ' (some runs were still loading: only their sampled lines)' : '';
      this.deps.notify('info', `Saved ${rows} points to ${file}${partial}.`);
    } catch (err) {
      this.deps.notify('error', `Could not export the metrics: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
