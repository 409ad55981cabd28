/**
 * Worker thread that reads a whole metrics file into a `SeriesStore` (the parse of a million lines takes
 * seconds, kept off the extension host's thread), telling how far it is after every slice, then hands the
 * columns over without a copy (transferred buffers) with the tail's position, from which the host follows
 * the file. Bundled to dist/client/metricsReader.js; run from sources through tsx in tests and benchmarks.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { MetricsTail } from '../../../../runtime/src/runs/metricsTail';
import type { ReaderMessage, ReaderRequest } from './fullRead';
import { SeriesStore } from './seriesStore';

const SLICE = 8 << 20;

function main(): void {
  const port = parentPort;
  if (!port) throw new Error('readerWorker runs as a worker thread');
  const { file } = workerData as ReaderRequest;
  const post = (msg: ReaderMessage, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);
  try {
    const tail = new MetricsTail(file);
    const store = new SeriesStore(() => tail.lines);
    do {
      tail.read(store, SLICE);
      post({ type: 'progress', bytes: tail.bytes, size: tail.fileSize });
    } while (tail.behind > 0);
    const snapshot = store.snapshot();
    post({ type: 'done', snapshot, position: tail.position(), lines: tail.lines }, snapshot.series.flatMap((s) => [s.steps, s.values]));
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
}

main();
