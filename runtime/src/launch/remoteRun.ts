/**
 * A run on one worker, through the control scripts (runScripts.ts): start it detached, follow its output from a
 * byte offset (so a reconnect picks up where the last connection stopped), wait for its end, stop it by signalling
 * its process group, and the preflight that tells who holds the accelerator.
 */
import * as path from 'node:path';
import { controlDir, type RemoteLayout } from './remoteLayout';
import { ACCELERATOR_DEVICES } from './runScripts';
import { shellQuote, type Follow, type SshSession } from './ssh/session';

/** How a run ended on a worker: its exit status, or `killed` (no status: SIGKILL, the VM gone). */
export type WorkerExit = { code: number } | { killed: true };

export function describeExit(e: WorkerExit): string {
  return 'killed' in e ? 'was killed' : e.code === 0 ? 'finished' : `exited with ${e.code}${e.code > 128 ? ` (signal ${e.code - 128})` : ''}`;
}

/** Starts `command` in `cwd` with `env` on the worker; resolves to the run's pid (its process group). */
export async function startOnWorker(s: SshSession, layout: RemoteLayout, run: string, cwd: string, command: readonly string[], env: Record<string, string>): Promise<number> {
  const assignments = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const argv = [`${layout.bin}/bv-run`, controlDir(layout, run), cwd, 'env', ...assignments, ...command];
  const out = await s.run(argv.map(shellQuote).join(' '), 'starting the run');
  const pid = Number(out.trim().split('\n').pop());
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`starting the run on ${s.label} printed no pid: ${out.trim()}`);
  return pid;
}

/** Follows the run's output from byte `offset`; `onText` gets it as it comes, with the new offset. */
export function followOutput(s: SshSession, layout: RemoteLayout, run: string, offset: number, onText: (text: string, offset: number) => void): Follow {
  let at = offset;
  const log = path.posix.join(controlDir(layout, run), 'out.log');
  return s.follow(`exec tail -c +${offset + 1} -F ${shellQuote(log)} 2>/dev/null`, (text, stream) => {
    if (stream !== 'stdout') return;
    at += Buffer.byteLength(text);
    onText(text, at);
  });
}

/** Waits for the run's end on the worker. */
export function waitOnWorker(s: SshSession, layout: RemoteLayout, run: string): { done: Promise<WorkerExit>; stop(): void } {
  const f = s.follow(`exec ${shellQuote(`${layout.bin}/bv-wait`)} ${shellQuote(controlDir(layout, run))}`);
  return {
    done: f.done.then((r) => {
      if (r.code !== 0) throw new Error(`waiting for the run on ${s.label} failed: ${r.stderr.trim() || r.code}`);
      const last = r.stdout.trim().split('\n').pop() ?? '';
      return /^\d+$/.test(last) ? { code: Number(last) } : { killed: true as const };
    }),
    stop: f.stop,
  };
}

/** Signals the run's process group with each `SIG:SECONDS` in turn until it is gone; resolves to what it did. */
export async function stopOnWorker(s: SshSession, layout: RemoteLayout, run: string, steps: readonly string[]): Promise<string> {
  const r = await s.exec(`${shellQuote(`${layout.bin}/bv-stop`)} ${shellQuote(controlDir(layout, run))} ${steps.join(' ')}`);
  return (r.stdout.trim() || r.stderr.trim()).split('\n').pop() ?? '';
}

/** The last `lines` lines of the run's output on the worker. */
export async function outputTail(s: SshSession, layout: RemoteLayout, run: string, lines = 20): Promise<string[]> {
  const r = await s.exec(`tail -n ${lines} ${shellQuote(path.posix.join(controlDir(layout, run), 'out.log'))} 2>/dev/null`);
  return r.stdout.split('\n').filter((l) => l.trim());
}

export interface DeviceHolder {
  pid: number;
  pgid: number | undefined;
  device: string;
  command: string;
  /** The run of ours it belongs to, when it is one of ours. */
  run?: string;
}

export interface Preflight {
  holders: DeviceHolder[];
  /** Whether the run's workdir was emptied (asked for, and the worker was free). */
  cleared: boolean;
}

/**
 * Who holds the accelerator devices (`patterns`) on the worker; our runs are named. With `clear` (a run's workdir
 * and name), the workdir is also emptied in the same round trip, when nothing holds the devices and that run is
 * not going on.
 */
export async function preflight(s: SshSession, layout: RemoteLayout, clear?: { workdir: string; run: string }, patterns: readonly string[] = ACCELERATOR_DEVICES): Promise<Preflight> {
  const check = `${shellQuote(`${layout.bin}/bv-preflight`)} ${shellQuote(layout.control)} ${patterns.map(shellQuote).join(' ')}`;
  const script = clear
    ? [
        `out=$(${check}) || exit 1`,
        'printf "%s\\n" "$out"',
        `printf "%s\\n" "$out" | grep -q -e '^HOLD ' -e ${shellQuote(`^OURS ${clear.run} `)} || { rm -rf ${shellQuote(clear.workdir)} && mkdir -p ${shellQuote(clear.workdir)} && echo CLEARED; }`,
      ].join('\n')
    : check;
  const out = await s.run(script, 'the preflight check');
  return { holders: parsePreflight(out), cleared: /^CLEARED$/m.test(out) };
}

/** Parses bv-preflight's output. */
export function parsePreflight(out: string): DeviceHolder[] {
  const ours = new Map<number, string>();
  const holders: DeviceHolder[] = [];
  for (const line of out.split('\n')) {
    let m = /^OURS (\S+) (\d+)$/.exec(line);
    if (m) ours.set(Number(m[2]), m[1]);
    m = /^HOLD (\d+) (\S+) (\S+) ?(.*)$/.exec(line);
    if (m) holders.push({ pid: Number(m[1]), pgid: /^\d+$/.test(m[2]) ? Number(m[2]) : undefined, device: m[3], command: m[4].trim() });
  }
  return holders.map((h) => (h.pgid !== undefined && ours.has(h.pgid) ? { ...h, run: ours.get(h.pgid) } : h));
}

/** The preflight's verdict for a worker, one line; undefined when the accelerator is free. */
export function holderProblem(label: string, holders: readonly DeviceHolder[], node: string): string | undefined {
  const h = holders[0];
  if (!h) return undefined;
  if (h.run) {
    return `${label}: ${h.device} is held by our run ${h.run} (process ${h.pid}: ${h.command}); stop it first (bv tpu stop ${node} --run ${h.run}, or --stop-previous), since two runs cannot share the TPU`;
  }
  return `${label}: ${h.device} is held by process ${h.pid} (${h.command || 'unknown command'}), which Big Vision Studio did not start; stop it on the worker (bv tpu ssh ${node}) before running`;
}
