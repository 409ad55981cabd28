/**
 * Keeps a run's local record folder up to date from its gs:// workdir while `bv tpu run` follows it:
 * `big_vision_metrics.txt` (one line per step, objectTail.ts + metricsCopy.ts) and `config.json` (copied whole
 * when its generation changes), polled at a modest interval. Checkpoints are not copied: they live in the bucket,
 * where a resumed run reads them. A failing poll is said once and retried at the next interval; its recovery too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE, METRICS_FILE } from '../../metrics/contract';
import { objectName, type GcsLocation } from './gcsUrl';
import { MetricsCopy } from './metricsCopy';
import type { ObjectStore, ObjectVersion } from './objectStore';
import { ObjectTail } from './objectTail';

const LAST_FILE = 'checkpoint.bv-LAST';

/** How often the workdir's objects are polled by default (ms); `BV_GCS_POLL_MS` changes it. */
export const DEFAULT_GCS_POLL_MS = 5000;
export const GCS_POLL_ENV = 'BV_GCS_POLL_MS';

export function gcsPollMs(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env[GCS_POLL_ENV]);
  return Number.isFinite(v) && v > 0 ? v : DEFAULT_GCS_POLL_MS;
}

/** Reads a small object whole as text; undefined when it does not exist. */
export async function readObjectText(store: ObjectStore, bucket: string, name: string): Promise<string | undefined> {
  for (let tries = 0; tries < 3; tries++) {
    const v = await store.stat(bucket, name);
    if (!v) return undefined;
    const data = await store.read(bucket, name, v, 0, v.size);
    if (data) return data.toString('utf8');
  }
  return undefined;
}

/** The step of the workdir's last checkpoint (its `checkpoint.bv-LAST`), undefined when it has none. */
export async function lastCheckpointStep(store: ObjectStore, at: GcsLocation): Promise<number | undefined> {
  const text = await readObjectText(store, at.bucket, objectName(at, LAST_FILE));
  const step = text === undefined ? NaN : parseInt(text.trim(), 10);
  return Number.isFinite(step) ? step : undefined;
}

export class GcsWorkdirTail {
  private readonly metrics: ObjectTail;
  private config?: ObjectVersion;
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();
  private failing = false;
  private stopped = false;

  constructor(private readonly store: ObjectStore, private readonly at: GcsLocation, private readonly localDir: string, private readonly say: (line: string) => void, private readonly intervalMs = DEFAULT_GCS_POLL_MS) {
    this.metrics = new ObjectTail(store, at.bucket, objectName(at, METRICS_FILE), new MetricsCopy(path.join(localDir, METRICS_FILE)));
  }

  /** Bytes of the bucket's metrics file the local copy holds. */
  get metricsBytes(): number {
    return this.metrics.bytes;
  }

  start(): void {
    const tick = () => {
      this.running = this.pollOnce().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.intervalMs);
      });
    };
    tick();
  }

  /** One round over the objects; errors are said (once while they last), not thrown. */
  async pollOnce(): Promise<void> {
    try {
      await this.metrics.poll();
      await this.copyConfig();
      if (this.failing) this.say(`reading gs://${this.at.bucket}/${this.at.prefix} works again`);
      this.failing = false;
    } catch (err) {
      if (!this.failing) this.say(`cannot read gs://${this.at.bucket}/${this.at.prefix} (${(err as Error).message.split('\n')[0]}); trying again every ${this.intervalMs / 1000} s`);
      this.failing = true;
    }
  }

  private async copyConfig(): Promise<void> {
    const name = objectName(this.at, CONFIG_FILE);
    const v = await this.store.stat(this.at.bucket, name);
    if (!v || v.generation === this.config?.generation) return;
    const data = await this.store.read(this.at.bucket, name, v, 0, v.size);
    if (!data) return;
    const local = path.join(this.localDir, CONFIG_FILE);
    fs.writeFileSync(`${local}.partial`, data);
    fs.renameSync(`${local}.partial`, local);
    this.config = v;
  }

  /** Stops polling; with `catchUp`, polls once more so the copy has what the run wrote last. */
  async stop(catchUp: boolean): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    if (catchUp) await this.pollOnce();
  }
}
