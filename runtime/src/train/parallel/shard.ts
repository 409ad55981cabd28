/**
 * Splits a global batch into one shard per data-parallel worker, along the batch dimension: shard i holds rows
 * [⌊i·B/N⌋, ⌊(i+1)·B/N⌋), so sizes differ by at most one and their weights (rows / B) make the weighted mean of the
 * shard means the mean over the batch. Shards are compact copies: a typed-array view would carry its whole backing
 * buffer through postMessage.
 */
import type { HostData, HostTensor } from '../../data/hostTensor';

/** Row ranges [start, end) of `workers` shards of a batch of `batch` rows. */
export function shardRows(batch: number, workers: number): [number, number][] {
  return Array.from({ length: workers }, (_, i) => [Math.floor((i * batch) / workers), Math.floor(((i + 1) * batch) / workers)]);
}

function rowsOf(t: HostTensor, from: number, to: number): HostTensor {
  const row = t.shape.slice(1).reduce((a, b) => a * b, 1);
  const shape = [to - from, ...t.shape.slice(1)];
  switch (t.dtype) {
    case 'float32':
      return { dtype: t.dtype, shape, data: t.data.slice(from * row, to * row) };
    case 'int32':
      return { dtype: t.dtype, shape, data: t.data.slice(from * row, to * row) };
    case 'uint8':
      return { dtype: t.dtype, shape, data: t.data.slice(from * row, to * row) };
    case 'int64':
      return { dtype: t.dtype, shape, data: t.data.slice(from * row, to * row) };
    case 'bytes':
      return { dtype: t.dtype, shape, data: t.data.slice(from * row, to * row) };
  }
}

/** The rows of the global batch in `batch` as `workers` shards (every feature split alike). */
export function splitBatch(batch: HostData, workers: number): HostData[] {
  const sizes = new Set(Object.values(batch).map((t) => t.shape[0]));
  if (sizes.size !== 1) throw new Error(`cannot split a batch whose features differ in batch size (${[...sizes].join(', ')})`);
  const rows = [...sizes][0];
  return shardRows(rows, workers).map(([from, to]) => Object.fromEntries(Object.entries(batch).map(([k, t]) => [k, rowsOf(t, from, to)])));
}
