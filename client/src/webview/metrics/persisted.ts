/**
 * Reads back what the UI saved with `setState` (handed to the panel serializer after a window reload). The
 * state comes from storage, possibly from an older version of the UI: anything malformed is dropped field by
 * field rather than trusted.
 */
import { DEFAULT_OPTIONS, X_MODES, type PanelRun, type PersistedState, type ViewOptions, type XMode, type XWindow } from '../contract';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function readRuns(v: unknown): PanelRun[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((r): PanelRun[] => {
    if (!isObject(r) || typeof r.workdir !== 'string' || !r.workdir) return [];
    const run: PanelRun = { workdir: r.workdir, label: typeof r.label === 'string' ? r.label : r.workdir };
    if (typeof r.startedMs === 'number' && Number.isFinite(r.startedMs)) run.startedMs = r.startedMs;
    return [run];
  });
}

function readOptions(v: unknown): ViewOptions {
  const o = isObject(v) ? v : {};
  return {
    smoothing: typeof o.smoothing === 'number' && o.smoothing >= 0 && o.smoothing < 1 ? o.smoothing : DEFAULT_OPTIONS.smoothing,
    xMode: X_MODES.includes(o.xMode as XMode) ? (o.xMode as XMode) : DEFAULT_OPTIONS.xMode,
    logY: typeof o.logY === 'boolean' ? o.logY : DEFAULT_OPTIONS.logY,
    ignoreOutliers: typeof o.ignoreOutliers === 'boolean' ? o.ignoreOutliers : DEFAULT_OPTIONS.ignoreOutliers,
  };
}

function readWindow(v: unknown): XWindow | null {
  return isObject(v) && typeof v.min === 'number' && typeof v.max === 'number' && v.max > v.min ? { min: v.min, max: v.max } : null;
}

export function readPersistedState(state: unknown): PersistedState {
  const s = isObject(state) ? state : {};
  return {
    runs: readRuns(s.runs),
    options: readOptions(s.options),
    window: readWindow(s.window),
    collapsed: Array.isArray(s.collapsed) ? s.collapsed.filter((c): c is string => typeof c === 'string') : [],
  };
}
