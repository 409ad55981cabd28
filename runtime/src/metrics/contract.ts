/**
 * The metrics file contract: what `bv train` (and upstream big_vision) append to `<workdir>/big_vision_metrics.txt`
 * and what the extension's charts read. One JSON object per line, written at the end of every step that recorded
 * at least one measurement: `{"step": <int>, "<metric>": <float or shape list>, ...}`.
 *
 * Upstream writes the line with Python's `json.dumps`, so non-finite values appear as the bare tokens `NaN`,
 * `Infinity` and `-Infinity` (not valid JSON): `parseMetricsLine` accepts them. Nothing here imports tfjs or vscode.
 */

/** File name of the metrics log inside the workdir (upstream `BigVisionMetricWriter` with xid = wid = -1). */
export const METRICS_FILE = 'big_vision_metrics.txt';
/** File name of the config (Python's `config.to_json()`), written once at start. */
export const CONFIG_FILE = 'config.json';

/** A metric value: a scalar (always a float upstream) or, for non-scalar measurements, the array's shape. */
export type MetricValue = number | number[];

/** One line of the metrics file. */
export interface MetricsRecord {
  /** The training step the measurements belong to (0 = initial evals). */
  readonly step: number;
  readonly [metric: string]: MetricValue;
}

/** Metric names train.py writes at `log_training_*` steps (from the update step). */
export const TRAINING_METRICS = ['training_loss', 'l2_grads', 'l2_params', 'l2_updates'] as const;

/** Metric names the chronometer writes whenever it ticks (training-log steps and before evals). */
export const PROGRESS_METRICS = ['uptime', 'examples_seen', 'progress', 'epoch', 'img/sec/core', 'core_hours'] as const;

/** Name of the value of schedule `i` (the multiplier before `lr`): `global_schedule`, `global_schedule1`, ... */
export function scheduleMetric(i: number): string {
  return `global_schedule${i ? i : ''}`;
}

/** Time of the first update step (including compilation/warm-up), seconds. */
export const FIRST_UPDATE_METRIC = 'z/secs/update0';

/** Time of one run of evaluator `name`, seconds. */
export function evalTimeMetric(name: string): string {
  return `z/secs/eval/${name}`;
}

/** An evaluator metric as written: `<prefix><metric>`, the default prefix being `<eval name>/`. */
export function evalMetric(prefix: string, metric: string): string {
  return `${prefix}${metric}`;
}

/** Parses one line of the metrics file (Python JSON: `NaN`/`Infinity` allowed). Throws on malformed lines. */
export function parseMetricsLine(line: string): MetricsRecord {
  // Replace the Python tokens outside strings by sentinel strings, then map them back after JSON.parse.
  const text = line.replace(/("(?:[^"\\]|\\.)*")|-?Infinity|NaN/g, (m, str: string | undefined) => (str ? str : `"__py_${m}__"`));
  const raw: unknown = JSON.parse(text, (_k, v: unknown) => {
    if (v === '__py_NaN__') return NaN;
    if (v === '__py_Infinity__') return Infinity;
    if (v === '__py_-Infinity__') return -Infinity;
    return v;
  });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || typeof (raw as { step?: unknown }).step !== 'number') {
    throw new Error(`not a metrics record (an object with a numeric "step"): ${line.slice(0, 200)}`);
  }
  return raw as MetricsRecord;
}

/** Parses a whole metrics file; a torn last line (a writer killed mid-append) is skipped, other bad lines throw. */
export function parseMetricsFile(text: string): MetricsRecord[] {
  const lines = text.split('\n');
  const out: MetricsRecord[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    try {
      out.push(parseMetricsLine(line));
    } catch (err) {
      if (i === lines.length - 1) return; // no trailing newline yet: the line is still being written
      throw new Error(`${METRICS_FILE} line ${i + 1}: ${(err as Error).message}`, { cause: err });
    }
  });
  return out;
}
