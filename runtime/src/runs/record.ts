/**
 * The run record: `<workdir>/bv_run.json`, written by whatever launched the run (`bv train`, `bv run`, the
 * extension through `bv run`) and read by `bv runs list` and the Runs view. It says how the run was started
 * (engine, command line, config file, arg, overrides), by which process on which host, and how it ended. It is
 * replaced atomically (write a temporary file, rename over), so a reader never sees half a record, and a
 * relaunch on the same workdir (resume) keeps the earlier attempts in `attempts`.
 *
 * Nothing here guesses a status: `status.ts` derives it from this record and the process table.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { JsonValue } from '../config/protocol';
import { processStartToken } from './processes';

/** File name of the run record inside a workdir. */
export const RUN_RECORD_FILE = 'bv_run.json';
/** Set in a supervised trainer's environment: the supervisor (`bv run`) owns the record, the trainer writes none. */
export const SUPERVISED_ENV = 'BV_RUN_SUPERVISED';
/** File name of the run's combined output, when a launcher captured it (`bv run`). */
export const RUN_LOG_FILE = 'bv_run.log';

/** The engines a run can use: the bundled TensorFlow.js trainer, or upstream big_vision (JAX). */
export const ENGINES = ['tfjs', 'big_vision'] as const;
export type EngineId = (typeof ENGINES)[number];

/** How a run's process ended. */
export interface RunExit {
  /** Exit code; null when a signal killed the process. */
  code: number | null;
  /** The signal that killed the process, if one did. */
  signal?: string;
  /** The stop signal (SIGINT/SIGTERM) the run was asked to stop with before it ended, if any. */
  stoppedBy?: string;
  /** The last lines of the error output, for a failed run. */
  error?: string[];
}

/** Where a remote run trains (a TPU node), recorded by the launcher that runs it from this host (`bv tpu run`): the
 * record's pid is the launcher's, so the run counts as running while the launcher follows it. */
export interface RemoteRun {
  provider: 'cloud-tpu';
  project: string;
  zone: string;
  node: string;
  /** The node incarnation the run is on (a recreated node has a new id). */
  nodeId?: string;
  acceleratorType: string;
  runtimeVersion?: string;
  spot: boolean;
  /** Hosts of the node, and how many run the trainer (the bundled engine runs on worker 0 only). */
  workers?: number;
  trainerWorkers?: number;
  /** The workdir on the workers: a gs:// URL, or a folder on worker 0 mirrored into the local workdir. */
  workdir: string;
  /** What the launcher is doing: creating, bootstrapping, running, preempted, recreating, stopping, ... */
  phase: string;
  /** Node recreations after preemption so far. */
  recoveries: number;
  /** The `bv tpu run` flags that start it again (node, zone, ssh, engine set-up), for Resume. */
  flags: string[];
}

/** One start of the run on its workdir; a resume adds another. */
export interface RunAttempt {
  started: string;
  ended?: string;
  exit?: RunExit;
  host: string;
  pid: number;
}

export interface RunRecord {
  format: 1;
  engine: EngineId;
  /** The command that trains, as a user would type it (`bv train ...`, `python -m big_vision.train ...`). */
  command: string[];
  /** Folder the command ran in. */
  cwd: string;
  /** Absolute path of the config file. */
  config: string;
  /** The text after `FILE:` in `--config FILE:ARG`. */
  arg?: string;
  /** `--config.` overrides, without the prefix (`lr=0.001`). */
  overrides: string[];
  /** Sweep labels (keys that are not config fields), shown beside the run. */
  labels?: Record<string, JsonValue>;
  /** A display name (a sweep run's name), when not the workdir's own. */
  name?: string;
  /** TFDS data dir the run reads, to resolve epochs to steps the way the run does. */
  tfdsDataDir?: string;
  /** Launch options that a resume must repeat (backend, python, checkout, trainer module). */
  options?: Record<string, string>;
  host: string;
  /** The process that owns this record (`bv train` itself, or the `bv run` supervisor). */
  pid: number;
  /** Identifies `pid`'s process beyond its number (pids are reused). */
  pidStart?: string;
  /** The trainer process, when a supervisor runs it as a child. */
  childPid?: number;
  childStart?: string;
  started: string;
  ended?: string;
  exit?: RunExit;
  /** Earlier starts on this workdir, oldest first. */
  attempts?: RunAttempt[];
  /** Set for runs on a remote machine (Cloud TPU), which a local launcher follows. */
  remote?: RemoteRun;
}

/** What a launcher knows before the run starts. */
export type RunLaunch = Omit<RunRecord, 'format' | 'host' | 'pid' | 'pidStart' | 'started' | 'ended' | 'exit' | 'attempts' | 'childPid' | 'childStart'>;

export function recordPath(workdir: string): string {
  return path.join(workdir, RUN_RECORD_FILE);
}

/** Writes `record` atomically. */
export function writeRecord(workdir: string, record: RunRecord): void {
  const file = recordPath(workdir);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

/** The record of `workdir`; undefined when there is none. A record that does not parse throws, naming the file. */
export function readRecord(workdir: string): RunRecord | undefined {
  const file = recordPath(workdir);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file} is not a run record (${(err as Error).message}); delete it to see the workdir as an upstream run`, { cause: err });
  }
  const r = value as Partial<RunRecord>;
  if (typeof r !== 'object' || r === null || r.format !== 1 || typeof r.pid !== 'number' || typeof r.started !== 'string') {
    throw new Error(`${file} is not a run record of this version (format, pid and started expected)`);
  }
  return r as RunRecord;
}

/**
 * Starts a record for the calling process: the previous record of the workdir (an earlier attempt) moves into
 * `attempts`. Returns the record written.
 */
export function startRecord(workdir: string, launch: RunLaunch, now = new Date()): RunRecord {
  let previous: RunRecord | undefined;
  try {
    previous = readRecord(workdir);
  } catch {
    previous = undefined; // an unreadable old record is replaced, not merged
  }
  const attempts = previous ? [...(previous.attempts ?? []), { started: previous.started, ended: previous.ended, exit: previous.exit, host: previous.host, pid: previous.pid }] : undefined;
  const record: RunRecord = {
    format: 1,
    ...launch,
    host: os.hostname(),
    pid: process.pid,
    pidStart: processStartToken(process.pid),
    started: now.toISOString(),
    ...(attempts ? { attempts } : {}),
  };
  writeRecord(workdir, record);
  return record;
}

/** Records the trainer child a supervisor started. */
export function recordChild(workdir: string, record: RunRecord, childPid: number): RunRecord {
  const next = { ...record, childPid, childStart: processStartToken(childPid) };
  writeRecord(workdir, next);
  return next;
}

/** Records how the run ended. */
export function endRecord(workdir: string, record: RunRecord, exit: RunExit, now = new Date()): RunRecord {
  const next: RunRecord = { ...record, ended: now.toISOString(), exit };
  writeRecord(workdir, next);
  return next;
}

/** The last `n` non-empty lines of `text`, for an error tail. */
export function lastLines(text: string, n = 20): string[] {
  // Progress bars redraw with \r and colour with ANSI escapes: keep what a reader would have seen last.
  const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');
  return text.split('\n').map((l) => (l.split('\r').filter(Boolean).pop() ?? '').replace(ansi, '').trimEnd()).filter(Boolean).slice(-n);
}

/** A run record owned by the calling process: started now, ended by `end()`, or on exit if the process ends first
 * (a second Ctrl-C exits at once; the record still says how). */
export interface OwnRecord {
  end(exit: RunExit): void;
}

export function recordThisProcess(workdir: string, launch: RunLaunch): OwnRecord {
  let record = startRecord(workdir, launch);
  let ended = false;
  const end = (exit: RunExit) => {
    if (ended) return;
    ended = true;
    process.off('exit', onExit);
    try {
      record = endRecord(workdir, record, exit);
    } catch {
      // The workdir went away or became read-only: the run's own error says more than this would.
    }
  };
  const onExit = (code: number) => end({ code, ...(code === 130 ? { stoppedBy: 'SIGINT' } : {}) });
  process.on('exit', onExit);
  return { end };
}
