/**
 * The messages between the metrics panel's host (the extension, `metricsPanel.ts`) and its UI (the browser
 * bundle in `client/webview/src`). The host owns this contract; the UI imports nothing else from the host.
 *
 * Handshake: the UI posts `ready` once it is mounted (with what it restored from its saved state); the host
 * posts nothing before that, then the whole `PanelData`, then only the sections that changed (`setData`, charts
 * replaced one metric at a time) and the points appended to a live file (`append`). Long series arrive
 * decimated to about two points per pixel of chart width; the UI asks for a finer cut with `viewRange` when it
 * zooms. Plain arrays only: messages are structured-cloned (VS Code) or JSON-serialized (tests, benchmark).
 */

/** A run shown in the panel: its workdir (absolute; the id), the name to show, and when it started. */
export interface PanelRun {
  workdir: string;
  label: string;
  /** Wall-clock start of the run (ms since the epoch), for the wall-time axis. */
  startedMs?: number;
}

/** The x axis of every chart: the training step, seconds since the run started, or the wall-clock time. */
export type XMode = 'step' | 'relative' | 'wall';
export const X_MODES: readonly XMode[] = ['step', 'relative', 'wall'];

/** What the user chose in the toolbar; the UI owns these and tells the host each change. */
export interface ViewOptions {
  /** TensorBoard's smoothing weight, 0 (off) to 0.999. */
  smoothing: number;
  xMode: XMode;
  logY: boolean;
  /** y range from robust quantiles of each series instead of its extremes. */
  ignoreOutliers: boolean;
}

export const DEFAULT_OPTIONS: ViewOptions = { smoothing: 0.6, xMode: 'step', logY: false, ignoreOutliers: false };

/** A zoomed x range, in the unit of the current x mode (steps, seconds, or seconds since the epoch). */
export interface XWindow {
  min: number;
  max: number;
}

/**
 * How far the host is with a run's file: `waiting` (no file yet), `preview` (drawn from sampled lines while
 * the whole file is read in the background), `live` (every line read; following appends),
 * `error` (unreadable; `error` says why).
 */
export type RunPhase = 'waiting' | 'preview' | 'live' | 'error';

export interface RunView {
  workdir: string;
  label: string;
  /** CSS colour; a run keeps its colour across reloads and when other runs are added. */
  color: string;
  phase: RunPhase;
  /** Share of the file read, 0 to 1. */
  loaded: number;
  /** Lines read (during a preview: lines sampled). */
  lines: number;
  /** During a preview: the lines the whole file holds, estimated from its size. */
  totalLines?: number;
  /** Lines that are not metrics records, and the first of them (with its line number). */
  problems: number;
  firstProblem?: string;
  error?: string;
  /** Start used by the wall-time axis (ms since the epoch) and where it comes from. */
  startMs?: number;
  startSource?: 'given' | 'config.json';
  /** Whether the run logs `uptime`, without which it has no time axes. */
  hasUptime: boolean;
}

/** One run's curve in one chart. `x`, `y` (and `smoothed`) have the same length and ascending `x`. */
export interface SeriesView {
  run: string;
  x: number[];
  y: number[];
  /** The EMA of the raw series at the same points (only when smoothing is on). */
  smoothed?: number[];
  /** Finite points the host holds for this run and metric (what the curve stands for, before decimation). */
  points: number;
  lastStep: number;
  /** NaN and ±Infinity values: counted, not drawn. */
  nonFinite: number;
  /** Robust y range (quantiles) of the points in view, for "ignore outliers". */
  robust?: [number, number];
  /** Drawn from sampled lines: not exact yet. */
  preview: boolean;
}

/** A chart: one metric, one series for each run that has it. */
export interface ChartView {
  metric: string;
  series: SeriesView[];
}

/** Charts shown together: training metrics, then each eval prefix (`val/`), timings (`z/`) last. */
export interface ChartGroup {
  id: string;
  title: string;
  metrics: string[];
}

/** The configs of the runs side by side: only the dotted keys whose values differ. */
export interface ConfigCompare {
  runs: string[];
  rows: { key: string; values: (string | null)[] }[];
  /** Runs whose config.json could not be read, with why. */
  errors: { run: string; message: string }[];
}

/** Everything the UI shows. `setData` carries the sections that changed; `charts` is merged by metric. */
export interface PanelData {
  runs: RunView[];
  groups: ChartGroup[];
  charts: Record<string, ChartView>;
  compare: ConfigCompare | null;
  /** The zoomed x range the charts were cut for (null: everything). */
  window: XWindow | null;
  /** The x mode the charts' x values are in. */
  xMode: XMode;
}

/** Points appended to one series since the last message (in the current x mode and smoothing). */
export interface SeriesAppend {
  metric: string;
  run: string;
  x: number[];
  y: number[];
  smoothed?: number[];
  points: number;
  lastStep: number;
  nonFinite: number;
}

export type ToWebview =
  | { type: 'setData'; version: number; data: Partial<PanelData> }
  | { type: 'append'; version: number; series: SeriesAppend[] };

/** What the UI saves with `setState` and the serializer hands back after a reload. */
export interface PersistedState {
  runs: PanelRun[];
  options: ViewOptions;
  window: XWindow | null;
  collapsed: string[];
}

export type FromWebview =
  /** Mounted; `width` is the drawing width of one chart in CSS pixels. */
  | { type: 'ready'; options: ViewOptions; window: XWindow | null; width: number }
  | { type: 'setOptions'; options: ViewOptions }
  | { type: 'viewRange'; window: XWindow | null }
  | { type: 'resize'; width: number }
  /** Save the charted points (every run, every metric, the zoomed range) as CSV: the host asks where. */
  | { type: 'exportCsv' }
  /** Message `version` is on screen: `drawn` of the `total` charts show it (charts off screen are drawn when
   * idle or scrolled to; a second `rendered` follows once they all are). */
  | { type: 'rendered'; version: number; drawn: number; total: number };
