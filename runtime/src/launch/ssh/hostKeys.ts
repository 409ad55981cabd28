/**
 * Host keys pinned per node id: the first connection to a worker of a node records the key's SHA256 fingerprint
 * (trust on first use, as OpenSSH does), and every later connection to that worker of that node must present the
 * same key. A node keeps its host keys for its lifetime; a node created again under the same name is a new machine
 * with a new id and new keys, pinned anew. A different key for a pinned node id is refused with an error, never
 * accepted silently. The pins live in one JSON file (0600) beside the key pair.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { privateDir } from './keyPair';

export const HOST_KEYS_FILE = 'known_hosts.json';

/** `SHA256:...` as `ssh-keygen -l` prints it. */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

export class HostKeyChangedError extends Error {
  constructor(readonly nodeId: string, readonly worker: number, readonly pinned: string, readonly offered: string, file: string, where: string) {
    super(
      `the host key of ${where} changed: node id ${nodeId} was pinned to ${pinned}, the worker now offers ${offered}. ` +
        'A TPU node keeps its host keys for its lifetime, so this is not the machine that was pinned (or someone is in between); refusing to connect. ' +
        `If the worker was reimaged on purpose, remove node id ${nodeId} from ${file}.`,
    );
    this.name = 'HostKeyChangedError';
  }
}

type Pins = Record<string, { node?: string; workers: Record<string, string> }>;

export class HostKeyStore {
  readonly file: string;

  constructor(dir: string) {
    this.file = path.join(dir, HOST_KEYS_FILE);
  }

  private read(): Pins {
    try {
      return JSON.parse(fs.readFileSync(this.file, 'utf8')) as Pins;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new Error(`${this.file} is not a host key file (${(err as Error).message}); delete it to pin the workers' keys anew`, { cause: err });
    }
  }

  private write(pins: Pins): void {
    privateDir(path.dirname(this.file));
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify(pins, null, 2)}\n`, { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }

  /** The pinned fingerprint of a worker, if any. */
  pinned(nodeId: string, worker: number): string | undefined {
    return this.read()[nodeId]?.workers[String(worker)];
  }

  /**
   * Accepts `key` for worker `worker` of node `nodeId`: pins it when the worker has no pin, passes when it
   * matches, throws `HostKeyChangedError` when it does not. `where` names the worker in the error.
   */
  check(nodeId: string, worker: number, key: Buffer, where: string, nodeName?: string): void {
    if (!nodeId) throw new Error(`cannot pin the host key of ${where}: the provider gave the node no id`);
    const offered = fingerprint(key);
    const pins = this.read();
    const entry = (pins[nodeId] ??= { ...(nodeName ? { node: nodeName } : {}), workers: {} });
    const pinned = entry.workers[String(worker)];
    if (pinned === offered) return;
    if (pinned) throw new HostKeyChangedError(nodeId, worker, pinned, offered, this.file, where);
    entry.workers[String(worker)] = offered;
    this.write(pins);
  }

  /** Drops the pins of node ids no longer in use (a deleted node's), keeping the file small. */
  forget(nodeIds: readonly string[]): void {
    const pins = this.read();
    let changed = false;
    for (const id of nodeIds) {
      if (pins[id]) {
        delete pins[id];
        changed = true;
      }
    }
    if (changed) this.write(pins);
  }
}
