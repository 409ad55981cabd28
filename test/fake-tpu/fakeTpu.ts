/**
 * The fake Cloud TPU for tests, benchmarks and the editor's end-to-end test: the fake REST API (fakeTpuApi.ts) with
 * real OpenSSH workers behind it (sshWorkers.ts), and what a client needs to use them: the environment
 * (`BV_TPU_API_ENDPOINT`, `BV_TPU_ACCESS_TOKEN`, a short poll interval) and the `bv tpu` flags (project, zone,
 * worker user and port, a state folder of its own).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_ZONE, FakeTpuApi, type FakeZone } from './fakeTpuApi';
import { SshWorkers } from './sshWorkers';

export const FAKE_PROJECT = 'bv-test-project';
export const FAKE_ZONE = 'us-central2-b';

export interface FakeTpuOptions {
  createMs?: number;
  deleteMs?: number;
  zones?: Record<string, FakeZone>;
  /** Loopback addresses for workers (default 127.0.0.2 ...). */
  ips?: string[];
}

export class FakeTpu {
  private constructor(readonly api: FakeTpuApi, readonly workers: SshWorkers, readonly dir: string, readonly port: number, readonly token: string) {}

  static async start(opts: FakeTpuOptions = {}): Promise<FakeTpu> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-fake-tpu-'));
    // A port per process: parallel test processes each get their own workers.
    const port = 20000 + (process.pid % 20000);
    const workers = new SshWorkers({ root: path.join(dir, 'machines'), port, ...(opts.ips ? { ips: opts.ips } : {}) });
    const token = `fake-token-${process.pid}`;
    const api = await FakeTpuApi.start({
      token,
      machines: workers,
      zones: opts.zones ?? { [FAKE_ZONE]: DEFAULT_ZONE, 'europe-west4-a': DEFAULT_ZONE },
      createMs: opts.createMs ?? 100,
      deleteMs: opts.deleteMs ?? 100,
    });
    return new FakeTpu(api, workers, dir, port, token);
  }

  /** Folder for the client's key pair and pinned host keys. */
  get stateDir(): string {
    return path.join(this.dir, 'state');
  }

  env(pollMs = 100): Record<string, string> {
    return { BV_TPU_API_ENDPOINT: this.api.url, BV_TPU_ACCESS_TOKEN: this.token, BV_TPU_POLL_MS: String(pollMs) };
  }

  /** The `bv tpu` flags that reach this fake. */
  flags(): string[] {
    return ['--project', FAKE_PROJECT, '--zone', FAKE_ZONE, '--ssh-user', this.workers.user.name, '--ssh-port', String(this.port), '--state-dir', this.stateDir];
  }

  /** The home folder (disk) of worker `index` of the node `name` as it is now. */
  home(name: string, index: number): string {
    const node = this.api.node(name);
    if (!node) throw new Error(`no node ${name}`);
    return this.workers.home(node.id, index);
  }

  async close(): Promise<void> {
    await this.api.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
