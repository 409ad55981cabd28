/**
 * Splits a global batch into one shard per data-parallel worker, along the batch dimension: shard i holds rows
 * [⌊i·B/N⌋, ⌊(i+1)·B/N⌋), so sizes differ by at most one and their weights (rows / B) make the weighted mean of the
 * shard means the mean over the batch.
 */

/** Row ranges [start, end) of `workers` shards of a batch of `batch` rows. */
export function shardRows(batch: number, workers: number): [number, number][] {
  return Array.from({ length: workers }, (_, i) => [Math.floor((i * batch) / workers), Math.floor(((i + 1) * batch) / workers)]);
}
