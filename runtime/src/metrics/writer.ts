/**
 * Writes `<workdir>/big_vision_metrics.txt` exactly as upstream's `BigVisionMetricWriter` does: measurements of a
 * step are collected between `stepStart` and `stepEnd`, then appended as one JSON line
 * `{"step": N, "name": value, ...}` with scalars as Python floats (`1.0`, `1e-05`, `NaN`) and non-scalar values
 * replaced by their shape. `config.json` (Python's own JSON text of the config) is written at construction.
 * Without a workdir nothing is written, but measurements are still logged. A workdir that cannot be made or
 * written is one error naming it (the runs' workdir check), never an errno or an endless mkdir.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pyFloat } from '../pysyntax/pyFormat';
import { checkWorkdir } from '../runs/workdir';
import { CONFIG_FILE, METRICS_FILE, type MetricValue } from './contract';

/** A measurement as accepted by `measure`: a number, a nested array, or a typed array with its shape. */
export type Measurement = number | bigint | boolean | readonly unknown[] | { shape: readonly number[] };

function shapeOf(value: readonly unknown[]): number[] {
  const shape = [value.length];
  let inner: unknown = value[0];
  while (Array.isArray(inner)) {
    shape.push(inner.length);
    inner = inner[0];
  }
  return shape;
}

/** Upstream squeezes values (`np.array(v).squeeze()`): a single-element array is a scalar, otherwise its shape. */
function normalise(value: Measurement): MetricValue {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint' || typeof value === 'boolean') return Number(value);
  const shape = Array.isArray(value) ? shapeOf(value) : [...(value as { shape: readonly number[] }).shape];
  const squeezed = shape.filter((d) => d !== 1);
  if (squeezed.length === 0 && Array.isArray(value)) return Number(value.flat(Infinity)[0]);
  return squeezed;
}

/** Formats one metrics line as Python's `json.dumps({"step": step, **metrics})` would. */
export function formatMetricsLine(step: number, metrics: ReadonlyMap<string, MetricValue>): string {
  const parts = [`"step": ${step}`];
  for (const [name, value] of metrics) {
    const v = typeof value === 'number' ? pyFloat(value, 'json') : `[${value.join(', ')}]`;
    parts.push(`${JSON.stringify(name)}: ${v}`);
  }
  return `{${parts.join(', ')}}`;
}

export interface MetricWriterOptions {
  /** Output folder; none = log only. Created if missing (a problem throws one error naming it). */
  workdir?: string;
  /** Python's JSON text of the config, written as `<workdir>/config.json`. */
  configText?: string;
  /** Where `[step] name = value` lines go (upstream logs every measurement). */
  log?: (line: string) => void;
}

/** Runs a write to `file`; a failure is one error naming the file and what is wrong with its folder. */
function write(file: string, fn: (file: string) => void): void {
  try {
    fn(file);
  } catch (err) {
    throw new Error(`cannot write ${file}: ${checkWorkdir(path.dirname(file)) ?? (err as Error).message}`, { cause: err });
  }
}

/** One writer per run; lines are appended synchronously, so a killed process loses at most the current step. */
export class MetricWriter {
  readonly file: string | undefined;
  private step = 0;
  private metrics = new Map<string, MetricValue>();
  private readonly log: (line: string) => void;

  constructor(opts: MetricWriterOptions = {}) {
    this.log = opts.log ?? (() => undefined);
    const { workdir, configText } = opts;
    if (workdir) {
      const problem = checkWorkdir(workdir);
      if (problem) throw new Error(problem);
      this.file = path.join(workdir, METRICS_FILE);
      if (configText !== undefined) write(path.join(workdir, CONFIG_FILE), (f) => fs.writeFileSync(f, configText));
    }
  }

  /** Starts collecting the measurements of `step` (dropping any not yet written, as upstream does). */
  stepStart(step: number): void {
    this.step = step;
    this.metrics = new Map();
  }

  /** Records one measurement of the current step and returns the value as it will be written. */
  measure(name: string, value: Measurement): MetricValue {
    const v = normalise(value);
    this.log(`[${this.step}] ${name} = ${typeof v === 'number' ? pyFloat(v, 'json') : `(${v.join(', ')})`}`);
    this.metrics.set(name, v);
    return v;
  }

  /** The measurements recorded so far in the current step. */
  current(): ReadonlyMap<string, MetricValue> {
    return this.metrics;
  }

  /** Ends the step: appends its line if it recorded anything. */
  stepEnd(): void {
    if (this.metrics.size === 0) return;
    const line = formatMetricsLine(this.step, this.metrics) + '\n';
    this.metrics = new Map();
    if (this.file) write(this.file, (f) => fs.appendFileSync(f, line));
  }

  /** Writes what the current step recorded. */
  close(): void {
    this.stepEnd();
  }
}
