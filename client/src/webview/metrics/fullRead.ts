/**
 * Reads a whole metrics file for the host: in a worker thread (`readerWorker.ts`) when the file is big, so the
 * extension host stays responsive, else in the caller's thread. Either way the result is a store and the
 * position to follow the file from. A read can be cancelled (the panel closed).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { MetricsTail, type TailPosition } from '../../../../runtime/src/runs/metricsTail';
import { SeriesStore, type StoreSnapshot } from './seriesStore';

export interface ReaderRequest {
  file: string;
}

export type ReaderMessage =
  | { type: 'progress'; bytes: number; size: number }
  | { type: 'done'; snapshot: StoreSnapshot; position: TailPosition; lines: number }
  | { type: 'error'; message: string };

export interface FullRead {
  store: SeriesStore;
  tail: MetricsTail;
}

/** The given built worker, else the one beside the extension's bundle, else its TypeScript source compiled on
 * load by tsx (tests). */
function workerEntry(built?: string): { file: string; eval: boolean } {
  if (built) return { file: built, eval: false };
  const bundled = path.join(__dirname, 'metricsReader.js');
  if (fs.existsSync(bundled)) return { file: bundled, eval: false };
  const ts = JSON.stringify(path.join(__dirname, 'readerWorker.ts'));
  return { file: `require('tsx/cjs/api').register(); require(${ts});`, eval: true };
}

/** Reads `file` in a worker (`worker`: a built readerWorker.ts); `onProgress` gets the share read (0 to 1).
 * Rejects with an error naming the file. */
export function readInWorker(file: string, onProgress: (loaded: number) => void, signal?: AbortSignal, worker?: string): Promise<FullRead> {
  return new Promise((resolve, reject) => {
    const entry = workerEntry(worker);
    const thread = new Worker(entry.file, { eval: entry.eval, workerData: { file } satisfies ReaderRequest });
    const abort = () => {
      void thread.terminate();
      reject(new Error(`reading ${file} was cancelled`));
    };
    signal?.addEventListener('abort', abort, { once: true });
    const finish = () => {
      signal?.removeEventListener('abort', abort);
      void thread.terminate();
    };
    thread.on('message', (msg: ReaderMessage) => {
      if (msg.type === 'progress') onProgress(msg.size ? msg.bytes / msg.size : 1);
      else if (msg.type === 'error') {
        finish();
        reject(new Error(msg.message));
      } else {
        finish();
        const tail = new MetricsTail(file, msg.position);
        resolve({ store: SeriesStore.fromSnapshot(msg.snapshot, () => tail.lines), tail });
      }
    });
    thread.on('error', (err) => {
      finish();
      reject(new Error(`reading ${file} failed: ${err.message}`, { cause: err }));
    });
  });
}

/** Reads `file` in this thread, all at once (small files). */
export function readHere(file: string): FullRead {
  const tail = new MetricsTail(file);
  const store = new SeriesStore(() => tail.lines);
  tail.read(store);
  return { store, tail };
}
