/**
 * The workers of one node incarnation as the launcher uses them: SSH sessions to each (host keys pinned to the
 * node's id), opened in parallel with a bound, and re-opened one at a time after a dropped connection. Which
 * address is used: the external IP, or the internal one with `--internal-ip` (from inside the VPC).
 */
import type { TpuNode } from './provider';
import { fanOut } from './ssh/fanout';
import type { HostKeyStore } from './ssh/hostKeys';
import type { KeyPair } from './ssh/keyPair';
import { SshSession } from './ssh/session';

export interface SshSettings {
  user: string;
  port: number;
  internalIp: boolean;
  keys: KeyPair;
  hostKeys: HostKeyStore;
  /** Parallel connections at most. */
  concurrency: number;
  keepaliveMs?: number;
}

export class WorkerSet {
  readonly sessions: SshSession[] = [];

  constructor(readonly node: TpuNode, private readonly ssh: SshSettings) {}

  get size(): number {
    return this.node.workers.length;
  }

  address(index: number): string {
    const w = this.node.workers[index];
    const ip = this.ssh.internalIp ? w.internalIp : (w.externalIp ?? '');
    if (!ip) throw new Error(`worker ${index} of node ${this.node.name} has no ${this.ssh.internalIp ? 'internal' : 'external'} IP address${this.ssh.internalIp ? '' : ' (created without external IPs? use --internal-ip from inside the VPC)'}`);
    return ip;
  }

  label(index: number): string {
    return `worker ${index} (${this.node.workers[index]?.externalIp ?? this.node.workers[index]?.internalIp ?? '?'})`;
  }

  /** Opens a session to worker `index`. */
  connect(index: number): Promise<SshSession> {
    const host = this.address(index);
    const label = `worker ${index} (${host})`;
    return SshSession.connect({
      host,
      port: this.ssh.port,
      user: this.ssh.user,
      privateKey: this.ssh.keys.privateKey,
      label,
      keepaliveMs: this.ssh.keepaliveMs,
      verify: (key) => this.ssh.hostKeys.check(this.node.id, index, key, `${label} of node ${this.node.name}`, this.node.name),
    }).then((s) => (this.sessions[index] = s));
  }

  /** Opens sessions to every worker (or `indices`), in parallel. */
  async connectAll(indices: readonly number[] = this.node.workers.map((w) => w.index)): Promise<SshSession[]> {
    return fanOut(indices, this.ssh.concurrency, 'connecting over SSH', (i) => this.label(i), (i) => this.connect(i));
  }

  /** Re-opens worker `index`'s session after it dropped: `attempts` tries, `waitMs` apart. */
  async reconnect(index: number, attempts = 3, waitMs = 2000): Promise<SshSession> {
    let last: Error | undefined;
    for (let i = 0; i < attempts; i++) {
      try {
        return await this.connect(index);
      } catch (err) {
        last = err as Error;
        if (err instanceof Error && err.name === 'HostKeyChangedError') throw err;
        await new Promise((r) => setTimeout(r, waitMs));
      }
    }
    throw last ?? new Error(`cannot reconnect to ${this.label(index)}`);
  }

  close(): void {
    for (const s of this.sessions) s?.end();
  }
}
