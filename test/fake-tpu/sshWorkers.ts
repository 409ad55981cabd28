/**
 * The machines behind the fake TPU API: each worker is a real OpenSSH server (Debian's `openssh-server`, started
 * here on loopback: 127.0.0.2, 127.0.0.3, ... all on one port, as real workers share port 22) with its own host
 * key, made fresh for every node incarnation, and its own disk (its home folder, `SetEnv HOME=...`). Workers log in
 * a normal user, as TPU VM images refuse root: when the tests run as root, a user `bvtpu` is created for it (once,
 * locked to key logins); otherwise the workers log in as the user running the tests.
 *
 * The node's `ssh-keys` metadata (`user:key` lines) becomes each worker's authorized keys. Taking a worker down
 * (preemption, stop, deletion) kills its sshd and every process that runs with its home, as a VM going away
 * would; deletion wipes the disk, so a node created again starts empty.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateParsable } from '../../runtime/src/launch/ssh/keyPair';
import type { FakeMachines, FakeNode } from './fakeTpuApi';

export const SSHD = '/usr/sbin/sshd';
const TEST_USER = 'bvtpu';

/** The user workers log in as, created when running as root. */
export function workerUser(): { name: string; uid: number; gid: number } {
  if (process.getuid?.() !== 0) {
    const me = os.userInfo();
    return { name: me.username, uid: me.uid, gid: me.gid };
  }
  let info = spawnSync('id', ['-u', TEST_USER], { encoding: 'utf8' });
  if (info.status !== 0) {
    const made = spawnSync('useradd', ['--create-home', '--shell', '/bin/bash', TEST_USER], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`cannot create the test user ${TEST_USER}: ${made.stderr}`);
    info = spawnSync('id', ['-u', TEST_USER], { encoding: 'utf8' });
  }
  // A new account is locked (no password), and sshd without PAM refuses locked accounts even for keys.
  spawnSync('usermod', ['-p', '*', TEST_USER]);
  const gid = spawnSync('id', ['-g', TEST_USER], { encoding: 'utf8' }).stdout.trim();
  return { name: TEST_USER, uid: Number(info.stdout.trim()), gid: Number(gid) };
}

export interface Worker {
  ip: string;
  home: string;
  dir: string;
  sshd: ChildProcess;
}

export interface SshWorkersOptions {
  /** Folder holding every worker's files. */
  root: string;
  port: number;
  /** Loopback addresses to hand out (default 127.0.0.2 ... 127.0.0.33). */
  ips?: string[];
}

export class SshWorkers implements FakeMachines {
  readonly user = workerUser();
  /** node id → its workers. */
  readonly workers = new Map<string, Worker[]>();
  private readonly free: string[];

  constructor(private readonly opts: SshWorkersOptions) {
    if (!fs.existsSync(SSHD)) throw new Error(`${SSHD} is missing: apt-get install -y openssh-server`);
    fs.mkdirSync(opts.root, { recursive: true });
    fs.chmodSync(opts.root, 0o755);
    openPath(opts.root);
    this.free = opts.ips ? [...opts.ips] : Array.from({ length: 32 }, (_, i) => `127.0.0.${i + 2}`);
    if (process.getuid?.() === 0) fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  }

  /** The home folder (disk) of worker `index` of the node with id `nodeId`. */
  home(nodeId: string, index: number): string {
    return path.join(this.opts.root, nodeId, `w${index}`, 'home');
  }

  private chown(p: string): void {
    if (process.getuid?.() === 0) fs.chownSync(p, this.user.uid, this.user.gid);
  }

  async up(node: FakeNode, hosts: number): Promise<string[]> {
    const keys = (node.metadata['ssh-keys'] ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith(`${this.user.name}:`))
      .map((l) => l.slice(this.user.name.length + 1));
    const workers: Worker[] = [];
    for (let i = 0; i < hosts; i++) {
      const ip = this.free.shift();
      if (!ip) throw new Error('the fake ran out of loopback addresses for workers');
      const dir = path.join(this.opts.root, node.id, `w${i}`);
      const home = path.join(dir, 'home');
      fs.mkdirSync(home, { recursive: true });
      fs.chmodSync(path.join(this.opts.root, node.id), 0o755);
      fs.chmodSync(dir, 0o755);
      this.chown(home);
      const hostKey = path.join(dir, 'ssh_host_ed25519_key');
      if (!fs.existsSync(hostKey)) fs.writeFileSync(hostKey, generateParsable('fake worker host key').private, { mode: 0o600 });
      this.chown(hostKey);
      fs.writeFileSync(path.join(dir, 'authorized_keys'), keys.map((k) => `${k}\n`).join(''), { mode: 0o644 });
      const config = path.join(dir, 'sshd_config');
      fs.writeFileSync(
        config,
        [
          `Port ${this.opts.port}`,
          `ListenAddress ${ip}`,
          `HostKey ${hostKey}`,
          `PidFile ${path.join(dir, 'sshd.pid')}`,
          `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
          'StrictModes no',
          'UsePAM no',
          'PasswordAuthentication no',
          'KbdInteractiveAuthentication no',
          'PermitRootLogin no',
          'MaxSessions 64',
          'MaxStartups 64',
          'Subsystem sftp internal-sftp',
          `SetEnv HOME=${home}`,
          '',
        ].join('\n'),
      );
      // A process group of its own: taking the worker down ends the listener and every connection it forked.
      const sshd = spawn(SSHD, ['-D', '-e', '-f', config], { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
      await new Promise<void>((resolve, reject) => {
        let seen = '';
        sshd.stderr?.on('data', (d: Buffer) => {
          seen += d.toString();
          if (seen.includes('Server listening')) resolve();
        });
        sshd.once('exit', (code) => reject(new Error(`sshd for ${ip} exited (${code}): ${seen}`)));
      });
      sshd.stderr?.resume();
      workers.push({ ip, home, dir, sshd });
    }
    this.workers.set(node.id, workers);
    return workers.map((w) => w.ip);
  }

  async down(node: FakeNode, wipe: boolean): Promise<void> {
    const workers = this.workers.get(node.id) ?? [];
    this.workers.delete(node.id);
    for (const w of workers) {
      await killGroup(w.sshd);
      killByHome(w.home);
      this.free.push(w.ip);
    }
    if (wipe) fs.rmSync(path.join(this.opts.root, node.id), { recursive: true, force: true });
  }
}

/** Lets other users traverse the folders above `dir` that we own (mkdtemp makes them 0700): sshd reads the
 * authorized keys, and the worker's user its home, below them. */
function openPath(dir: string): void {
  const uid = process.getuid?.();
  for (let d = path.dirname(dir); d !== path.dirname(d); d = path.dirname(d)) {
    const st = fs.statSync(d);
    if (st.uid === uid && !(st.mode & 0o001)) fs.chmodSync(d, (st.mode & 0o777) | 0o011);
  }
}

async function killGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
  await exited;
}

/** Kills every process whose environment has HOME=`home`: what ran on the worker (runs start in sessions of
 * their own, so they are not in sshd's process group). */
export function killByHome(home: string): number[] {
  const needle = Buffer.from(`\0HOME=${home}\0`);
  const killed: number[] = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let env: Buffer;
    try {
      env = Buffer.concat([Buffer.from('\0'), fs.readFileSync(`/proc/${pid}/environ`)]);
    } catch {
      continue;
    }
    if (!env.includes(needle)) continue;
    try {
      process.kill(Number(pid), 'SIGKILL');
      killed.push(Number(pid));
    } catch {
      // Gone meanwhile.
    }
  }
  return killed;
}
