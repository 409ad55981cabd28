/**
 * The process table, as run status and stop need it: whether a recorded process still runs, told apart from a
 * later process that got the same pid (a start token: boot id + start time on Linux, `ps` start time elsewhere),
 * and signals to a process or its whole group.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

let bootId: string | undefined;

function linuxBootId(): string {
  if (bootId === undefined) {
    try {
      bootId = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      bootId = '';
    }
  }
  return bootId;
}

/**
 * A token that names process `pid` for as long as it lives and differs for a later process with the same pid;
 * undefined when the process is gone or the platform gives no start time.
 */
export function processStartToken(pid: number): string | undefined {
  if (process.platform === 'linux') {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Field 22 (starttime, in clock ticks since boot); the command name (field 2) may hold spaces and parens.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return `${linuxBootId()}:${fields[19]}`;
    } catch {
      return undefined;
    }
  }
  if (process.platform === 'win32') return undefined;
  const r = spawnSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8' });
  const out = r.status === 0 ? r.stdout.trim() : '';
  return out || undefined;
}

/** Whether process `pid` runs (zombies count as gone), and is the one `token` names when a token is given. */
export function processAlive(pid: number, token?: string): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (process.platform === 'linux') {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return false;
    } catch {
      return false;
    }
  }
  if (token === undefined) return true;
  const now = processStartToken(pid);
  return now === undefined || now === token;
}

/**
 * Sends `signal` to the process group led by `pid` when there is one, else to the process; false when neither
 * exists any more.
 */
export function signalRun(pid: number, signal: NodeJS.Signals): boolean {
  if (process.platform !== 'win32') {
    try {
      process.kill(-pid, signal);
      return true;
    } catch {
      // Not a group leader (a `bv train` started in a shell): signal the process itself.
    }
  }
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}
