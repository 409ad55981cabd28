/**
 * What a run looks like from outside: status, engine, config and arg, progress (last metrics step over the total
 * steps resolved from its `config.json`, as the trainer resolves them), the last value of every metric, times and
 * ETA. A `RunReader` keeps its metrics tail between calls, so a view refreshing on every appended line reads only
 * what was appended. Problems (an unreadable record, a garbage metrics line, a config.json that does not parse)
 * come back as lines naming the file; they never stop the summary.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { durationInputs } from '../semantics/durations';
import type { JsonValue } from '../config/protocol';
import { CONFIG_FILE, METRICS_FILE } from '../metrics/contract';
import { MetricsTail, type MetricsSink, type TailProblem } from './metricsTail';
import { readRecord, type EngineId, type RunRecord } from './record';
import { deriveStatus, LOCAL_PROBE, type ProcessProbe, type RunStatus } from './status';

export interface RunSummary {
  workdir: string;
  /** The run's display name: its sweep name, else the workdir's folder name. */
  name: string;
  status: RunStatus;
  reason: string;
  engine: EngineId | null;
  config: string | null;
  arg: string | null;
  overrides: string[];
  labels: Record<string, JsonValue>;
  /** Last step in the metrics file. */
  step: number | null;
  total_steps: number | null;
  started: string | null;
  ended: string | null;
  /** Seconds left at the recent speed, while running. */
  eta_seconds: number | null;
  /** The last value of every scalar metric. */
  last: Record<string, number>;
  /** The error's last lines, for a failed run. */
  error?: string[];
  /** Where the trainers write, for a run on another machine whose workdir is its own (a gs:// URL). */
  remote_workdir?: string;
  /** What could not be read, each naming its file. */
  problems: string[];
}

export interface RunReaderOptions {
  /** TFDS data dir for epoch durations, when the record does not name one. */
  tfdsDataDir?: string;
  probe?: ProcessProbe;
}

/** Keeps the last step, the last value of each metric, and the recent (step, uptime) pairs for the speed. */
class SummarySink implements MetricsSink {
  step: number | null = null;
  last = new Map<string, number>();
  problems: TailProblem[] = [];
  /** (step, uptime) of the last lines that carried `uptime`, newest last. */
  clock: Array<[number, number]> = [];
  private current = 0;
  begin(step: number): void {
    this.current = step;
    this.step = step;
  }
  scalar(name: string, value: number): void {
    this.last.set(name, value);
    if (name === 'uptime' && Number.isFinite(value)) {
      this.clock.push([this.current, value]);
      if (this.clock.length > 20) this.clock.shift();
    }
  }
  end(): void {}
  problem(p: TailProblem): void {
    this.problems.push(p);
    if (this.problems.length > 20) this.problems.shift();
  }
  reset(): void {
    this.step = null;
    this.last.clear();
    this.problems = [];
    this.clock = [];
  }
}

export class RunReader {
  private readonly tail: MetricsTail;
  private readonly sink = new SummarySink();
  private totalFor?: { mtimeMs: number; size: number; dataDir: string | undefined; total: number | null; problem?: string };

  constructor(readonly workdir: string, private readonly opts: RunReaderOptions = {}) {
    this.tail = new MetricsTail(path.join(workdir, METRICS_FILE));
  }

  summary(): RunSummary {
    const problems: string[] = [];
    let record: RunRecord | undefined;
    try {
      record = readRecord(this.workdir);
    } catch (err) {
      problems.push((err as Error).message);
    }
    try {
      if (this.tail.read(this.sink)) {
        this.sink.reset();
        this.tail.read(this.sink);
      }
    } catch (err) {
      problems.push((err as Error).message);
    }
    for (const p of this.sink.problems) problems.push(`${this.tail.file}:${p.line}: ${p.message}`);
    const dataDir = record?.tfdsDataDir ?? this.opts.tfdsDataDir;
    const total = this.totalSteps(dataDir);
    if (total.problem) problems.push(total.problem);
    const status = deriveStatus(record, this.opts.probe ?? LOCAL_PROBE);
    const step = this.sink.step;
    return {
      workdir: this.workdir,
      name: record?.name ?? path.basename(this.workdir),
      status: status.status,
      reason: status.reason,
      engine: record?.engine ?? null,
      config: record?.config ?? null,
      arg: record?.arg ?? null,
      overrides: record?.overrides ?? [],
      labels: record?.labels ?? {},
      step,
      total_steps: total.total,
      started: record?.started ?? null,
      ended: record?.ended ?? null,
      eta_seconds: status.status === 'running' ? this.eta(step, total.total) : null,
      last: Object.fromEntries(this.sink.last),
      ...(status.error ? { error: status.error } : {}),
      ...(record?.remote?.workdir.startsWith('gs://') ? { remote_workdir: record.remote.workdir } : {}),
      problems,
    };
  }

  /** Total steps from config.json (re-resolved only when the file changes). */
  private totalSteps(dataDir: string | undefined): { total: number | null; problem?: string } {
    const file = path.join(this.workdir, CONFIG_FILE);
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch {
      return { total: null };
    }
    const hit = this.totalFor;
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size && hit.dataDir === dataDir) return hit;
    let entry: NonNullable<RunReader['totalFor']>;
    try {
      const config = JSON.parse(fs.readFileSync(file, 'utf8')) as { [key: string]: JsonValue };
      const inputs = durationInputs(config, dataDir);
      entry = { mtimeMs: st.mtimeMs, size: st.size, dataDir, total: inputs.totalSteps ?? null };
    } catch (err) {
      entry = { mtimeMs: st.mtimeMs, size: st.size, dataDir, total: null, problem: `${file} does not parse: ${(err as Error).message}` };
    }
    this.totalFor = entry;
    return entry;
  }

  private eta(step: number | null, total: number | null): number | null {
    const clock = this.sink.clock;
    if (step === null || total === null || clock.length < 2) return null;
    const [s0, t0] = clock[0];
    const [s1, t1] = clock[clock.length - 1];
    if (s1 <= s0 || t1 <= t0) return null;
    return Math.max(0, ((total - step) * (t1 - t0)) / (s1 - s0));
  }
}

/** A one-off summary of `workdir`. */
export function summarizeRun(workdir: string, opts: RunReaderOptions = {}): RunSummary {
  return new RunReader(workdir, opts).summary();
}

/** A summary as one JSON line: non-finite metric values as the strings "NaN", "Infinity", "-Infinity". */
export function summaryJson(s: RunSummary): string {
  return JSON.stringify(s, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}
