/**
 * `bv run`: starts a run's trainer on an engine and looks after it. It writes the run record (with its own pid
 * and the trainer's), copies the trainer's output to its own stdout/stderr and to `<workdir>/bv_run.log` (so a
 * view opened later, or after the editor reloaded, can still show it), forwards stop signals, and records how the
 * run ended, with the error's last lines when it failed.
 *
 * The trainer runs in a process group of its own, and signals reach it only through this supervisor: a Ctrl-C in
 * a terminal (sent to the supervisor's group) or a stop from the editor is delivered exactly once, so the
 * trainer's "a second signal stops at once" still means a second request. If this process loses its output
 * (the editor that started it went away), it goes on writing the log.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkWorkdir } from './workdir';
import { bundledCli, launchOptions, RUN_ENGINES, type BvCli, type LaunchSpec } from './engines';
import { endRecord, lastLines, readRecord, recordChild, RUN_LOG_FILE, startRecord, SUPERVISED_ENV, type RunExit } from './record';
import { deriveStatus } from './status';

export interface SupervisorIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const TAIL_BYTES = 64 * 1024;

/** Signals the supervisor forwards to the trainer (a closed terminal stops the run like SIGTERM). */
const FORWARD: Partial<Record<NodeJS.Signals, NodeJS.Signals>> = { SIGINT: 'SIGINT', SIGTERM: 'SIGTERM', SIGHUP: 'SIGTERM' };

/** Runs `spec` to its end; resolves to the exit code `bv run` should return. */
export async function supervise(spec: LaunchSpec, io: SupervisorIo, cli: BvCli = bundledCli()): Promise<number> {
  const say = (s: string) => safeWrite(io.stderr, `bv run: ${s}\n`);
  if (!fs.existsSync(spec.config)) {
    say(`${spec.config} does not exist`);
    return 2;
  }
  const problem = checkWorkdir(spec.workdir);
  if (problem) {
    say(problem);
    return 2;
  }
  let existing;
  try {
    existing = readRecord(spec.workdir);
  } catch {
    existing = undefined;
  }
  if (existing && deriveStatus(existing).status === 'running') {
    say(`a run is already running in ${spec.workdir} (process ${existing.pid}); stop it first`);
    return 2;
  }
  const engine = RUN_ENGINES[spec.engine];
  let command;
  try {
    command = engine.command(spec, cli);
  } catch (err) {
    say((err as Error).message);
    return 2;
  }
  let record = startRecord(spec.workdir, {
    engine: spec.engine,
    command: command.display,
    cwd: command.cwd,
    config: spec.config,
    ...(spec.arg !== undefined ? { arg: spec.arg } : {}),
    overrides: spec.overrides,
    ...(spec.labels && Object.keys(spec.labels).length ? { labels: spec.labels } : {}),
    ...(spec.name ? { name: spec.name } : {}),
    ...(spec.tfdsDataDir ? { tfdsDataDir: spec.tfdsDataDir } : {}),
    options: launchOptions(spec),
  });
  const log = fs.openSync(path.join(spec.workdir, RUN_LOG_FILE), 'a');
  const toLog = (text: string) => {
    try {
      fs.writeSync(log, text);
    } catch {
      // A full disk must not stop the run; the record still says how it ends.
    }
  };
  toLog(`\n=== ${record.started} ${engine.title}: ${command.display.join(' ')}\n`);
  let tail = '';
  const keep = (text: string) => {
    tail = (tail + text).slice(-TAIL_BYTES);
  };

  const child = spawn(command.file, command.args, {
    cwd: command.cwd,
    env: { ...process.env, ...command.env, [SUPERVISED_ENV]: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
  });
  let stoppedBy: string | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    stoppedBy ??= signal === 'SIGHUP' ? 'SIGTERM' : signal;
    const forward = FORWARD[signal] ?? signal;
    if (child.pid === undefined) return;
    try {
      process.kill(process.platform === 'win32' ? child.pid : -child.pid, forward);
    } catch {
      // Already gone: its exit is on the way.
    }
  };
  const signals = Object.keys(FORWARD) as NodeJS.Signals[];
  for (const s of signals) process.on(s, onSignal);
  if (child.pid !== undefined) record = recordChild(spec.workdir, record, child.pid);
  for (const [stream, out] of [[child.stdout, io.stdout], [child.stderr, io.stderr]] as const) {
    stream.setEncoding('utf8');
    stream.on('data', (text: string) => {
      safeWrite(out, text);
      toLog(text);
      keep(text);
    });
  }
  const exit = await new Promise<RunExit>((resolve) => {
    child.once('error', (err) => {
      const hint = (err as NodeJS.ErrnoException).code === 'ENOENT' ? ` (${command.file} not found${spec.engine === 'big_vision' ? '; set bigVision.python (bv: --python) to a Python with JAX' : ''})` : '';
      const message = `cannot start ${command.display[0]}: ${err.message}${hint}`;
      toLog(`${message}\n`);
      resolve({ code: 127, error: [message] });
    });
    child.once('close', (code, signal) => resolve({ code, ...(signal ? { signal } : {}) }));
  });
  for (const s of signals) process.off(s, onSignal);
  if (stoppedBy) exit.stoppedBy = stoppedBy;
  if (exit.code !== 0 && !exit.error) exit.error = lastLines(tail, 20);
  record = endRecord(spec.workdir, record, exit);
  const outcome = exit.stoppedBy ? `stopped by ${exit.stoppedBy}` : exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
  toLog(`=== ${record.ended} ended: ${outcome}\n`);
  fs.closeSync(log);
  if (exit.code === 127) say(exit.error?.[0] ?? 'the trainer did not start');
  // A trainer killed by a signal: exit as a shell reports it (128 + the signal's number).
  return exit.code ?? 128 + (os.constants.signals[exit.signal as NodeJS.Signals] ?? 15);
}

/** Writes to a stream that may be closed (the editor that started us reloaded): output then lives in the log. */
function safeWrite(stream: NodeJS.WritableStream, text: string): void {
  try {
    if (!(stream as { destroyed?: boolean }).destroyed) stream.write(text);
  } catch {
    // EPIPE and friends: nobody is reading any more.
  }
}
