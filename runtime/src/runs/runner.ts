/**
 * The run interface every launcher implements (the editor's Run, `bv sweep --run`, and remote runners such as
 * Cloud TPU): start a run from a launch spec and get a handle that streams its output and can stop it; stop any
 * recorded run; resume one by relaunching it on the same workdir (the trainers resume from the last checkpoint).
 *
 * `LocalRunner` starts `bv run` (supervisor.ts) in a new process group on this machine, so the run outlives the
 * editor that started it, and stops runs with SIGINT (the trainer finishes its step and checkpoints), then
 * SIGTERM, then SIGKILL for whatever still runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { bundledCli, type BvCli, type LaunchSpec } from './engines';
import { processAlive, signalRun } from './processes';
import { readRecord, type RunRecord } from './record';

export interface RunOutcome {
  code: number | null;
  signal: string | null;
}

export interface RunHandle {
  readonly workdir: string;
  /** The supervisor's pid (also its process group). */
  readonly pid: number | undefined;
  /** Calls `listener` with output as it comes; returns a function that stops listening. */
  onOutput(listener: (text: string, stream: 'stdout' | 'stderr') => void): () => void;
  /** Settles when the run's launcher exits. */
  readonly exited: Promise<RunOutcome>;
  /** Stops the run as `stopRun` does. */
  stop(opts?: StopOptions): Promise<void>;
}

export interface StopOptions {
  /** Time for the trainer to finish its step and checkpoint after SIGINT (ms). */
  graceMs?: number;
  /** Time after SIGTERM before SIGKILL (ms). */
  termMs?: number;
}

export interface Runner {
  start(spec: LaunchSpec): Promise<RunHandle>;
  stop(workdir: string, opts?: StopOptions): Promise<void>;
  resume(workdir: string): Promise<RunHandle>;
}

/** `bv run` flags for `spec` (the inverse of the CLI's parsing, tested as a round trip). */
export function specToArgs(spec: LaunchSpec): string[] {
  const args = ['run', '--engine', spec.engine, '--config', spec.arg === undefined ? spec.config : `${spec.config}:${spec.arg}`, '--workdir', spec.workdir];
  if (spec.name) args.push('--name', spec.name);
  for (const [k, v] of Object.entries(spec.labels ?? {})) args.push('--label', `${k}=${JSON.stringify(v)}`);
  if (spec.tfdsDataDir) args.push('--tfds-data-dir', spec.tfdsDataDir);
  for (const [k, v] of Object.entries(spec.env ?? {})) args.push('--env', `${k}=${v}`);
  if (spec.backend) args.push('--backend', spec.backend);
  if (spec.python) args.push('--python', spec.python);
  if (spec.checkout) args.push('--checkout', spec.checkout);
  if (spec.trainer) args.push('--trainer', spec.trainer);
  return [...args, ...spec.overrides.map((o) => `--config.${o}`)];
}

/** The spec that relaunches a recorded run on its workdir. */
export function specFromRecord(workdir: string, record: RunRecord): LaunchSpec {
  const o = record.options ?? {};
  return {
    engine: record.engine,
    config: record.config,
    ...(record.arg !== undefined ? { arg: record.arg } : {}),
    overrides: record.overrides,
    workdir,
    ...(record.labels ? { labels: record.labels } : {}),
    ...(record.name ? { name: record.name } : {}),
    ...(record.tfdsDataDir ? { tfdsDataDir: record.tfdsDataDir } : {}),
    ...(o.backend ? { backend: o.backend } : {}),
    ...(o.python ? { python: o.python } : {}),
    ...(o.checkout ? { checkout: o.checkout } : {}),
    ...(o.trainer ? { trainer: o.trainer } : {}),
  };
}

/** Resolves once `done()` holds, checking every `everyMs`; false on timeout. Used only while stopping a run
 * (seconds at most): no event tells that a process that is not our child has exited. */
async function waitFor(done: () => boolean, timeoutMs: number, everyMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return true;
}

/** The processes a record names that still run (the launcher, then the trainer it supervises). */
function liveProcesses(record: RunRecord): number[] {
  const out: number[] = [];
  if (processAlive(record.pid, record.pidStart)) out.push(record.pid);
  if (record.childPid !== undefined && processAlive(record.childPid, record.childStart)) out.push(record.childPid);
  return out;
}

/**
 * Stops the run recorded in `workdir`: SIGINT to its launcher (which forwards it once to the trainer), SIGTERM
 * after `graceMs`, SIGKILL to every recorded process after `termMs` more. Resolves when none is left. A run
 * that is not running resolves at once.
 */
export async function stopRun(workdir: string, opts: StopOptions = {}): Promise<void> {
  const record = readRecord(workdir);
  if (!record || record.ended) return;
  const gone = () => liveProcesses(record).length === 0;
  if (gone()) return;
  const target = processAlive(record.pid, record.pidStart) ? record.pid : (record.childPid as number);
  signalRun(target, 'SIGINT');
  if (await waitFor(gone, opts.graceMs ?? 60_000)) return;
  signalRun(target, 'SIGTERM');
  if (await waitFor(gone, opts.termMs ?? 10_000)) return;
  for (const pid of liveProcesses(record)) signalRun(pid, 'SIGKILL');
  await waitFor(gone, 5_000);
}

/** The handle of a launcher process started on this machine (`bv run`, `bv tpu run`). */
export class LocalHandle implements RunHandle {
  private readonly listeners = new Set<(text: string, stream: 'stdout' | 'stderr') => void>();
  readonly exited: Promise<RunOutcome>;

  constructor(readonly workdir: string, private readonly child: ChildProcess) {
    for (const [stream, name] of [[child.stdout, 'stdout'], [child.stderr, 'stderr']] as const) {
      stream?.setEncoding('utf8');
      stream?.on('data', (text: string) => {
        for (const l of this.listeners) l(text, name);
      });
    }
    this.exited = new Promise((resolve) => {
      child.once('error', () => resolve({ code: 127, signal: null }));
      child.once('close', (code, signal) => resolve({ code, signal }));
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  onOutput(listener: (text: string, stream: 'stdout' | 'stderr') => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stop(opts: StopOptions = {}): Promise<void> {
    // The record may not be written yet when a stop comes right after the start: signal the launcher directly.
    let record: RunRecord | undefined;
    try {
      record = readRecord(this.workdir);
    } catch {
      record = undefined;
    }
    if (record && record.pid === this.child.pid) await stopRun(this.workdir, opts);
    else if (this.child.pid !== undefined && this.child.exitCode === null) {
      signalRun(this.child.pid, 'SIGINT');
      const timer = setTimeout(() => this.child.pid !== undefined && signalRun(this.child.pid, 'SIGKILL'), (opts.graceMs ?? 60_000) + (opts.termMs ?? 10_000));
      await this.exited;
      clearTimeout(timer);
    }
  }
}

export class LocalRunner implements Runner {
  constructor(private readonly cli: BvCli = bundledCli(), private readonly env: NodeJS.ProcessEnv = process.env) {}

  async start(spec: LaunchSpec): Promise<RunHandle> {
    const child = spawn(this.cli.node, [this.cli.script, ...specToArgs(spec)], {
      env: { ...this.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // A group of its own: the run outlives the editor, and a stop reaches the launcher and nothing else.
      detached: process.platform !== 'win32',
    });
    return new LocalHandle(spec.workdir, child);
  }

  stop(workdir: string, opts?: StopOptions): Promise<void> {
    return stopRun(workdir, opts);
  }

  async resume(workdir: string): Promise<RunHandle> {
    const record = readRecord(workdir);
    if (!record) throw new Error(`${workdir} has no run record (bv_run.json), so how it was started is unknown; start it again with Run`);
    return this.start(specFromRecord(workdir, record));
  }
}
