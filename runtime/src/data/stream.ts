// The example stream under the input pipeline: stream position q is example
// q mod N of epoch floor(q / N) (forever when repeating). Each epoch reads the
// source's blocks (shards) in a seeded per-epoch order when files are shuffled,
// like TFDS' shuffle_files. Any position can be read directly, which is what
// makes resuming by position cheap. Optionally caches raw records in memory
// (big_vision's `cache_raw`).

import { Rng, hashSeed } from './rng';
import type { RecordSource, SourceRecord } from './tfds';

/** Options of `ExampleStream`. */
export interface StreamOptions {
  repeat: boolean;
  /** Permute block order per epoch. */
  shuffleFiles: boolean;
  seed: number;
  /** Keep every raw record in memory after its first read. */
  cacheRaw: boolean;
}

/** Sequential or positioned access to the (possibly endless) example stream. */
export class ExampleStream {
  private readonly cache = new Map<number, SourceRecord[]>();
  private orderEpoch = -1;
  private order: number[] = [];
  private starts: number[] = [];

  constructor(
    readonly source: RecordSource,
    private readonly options: StreamOptions,
  ) {}

  /** Examples per epoch. */
  get epochSize(): number {
    return this.source.numExamples;
  }

  /** Stream length: Infinity when repeating. */
  get length(): number {
    return this.options.repeat ? Infinity : this.source.numExamples;
  }

  /** Block order of epoch `e` and each block's first epoch offset. */
  private blocksOf(e: number): { order: number[]; starts: number[] } {
    if (e !== this.orderEpoch) {
      const n = this.source.blockSizes.length;
      const order = Array.from({ length: n }, (_, i) => i);
      if (this.options.shuffleFiles) {
        const rng = new Rng(hashSeed(this.options.seed, 0x66696c65, e)); // 'file'
        for (let i = n - 1; i > 0; i--) {
          const j = rng.int(i + 1);
          [order[i], order[j]] = [order[j], order[i]];
        }
      }
      const starts: number[] = [];
      let at = 0;
      for (const b of order) {
        starts.push(at);
        at += this.source.blockSizes[b];
      }
      this.orderEpoch = e;
      this.order = order;
      this.starts = starts;
    }
    return { order: this.order, starts: this.starts };
  }

  private async *block(block: number, skip: number): AsyncGenerator<SourceRecord> {
    if (!this.options.cacheRaw) {
      yield* this.source.readBlock(block, skip);
      return;
    }
    let records = this.cache.get(block);
    if (!records) {
      records = [];
      for await (const r of this.source.readBlock(block, 0)) records.push(r);
      this.cache.set(block, records);
    }
    for (let i = skip; i < records.length; i++) yield records[i];
  }

  /** Yields `count` records from stream position `from` (fewer at the end of a finite stream). */
  async *read(from: number, count: number): AsyncGenerator<SourceRecord> {
    const n = this.epochSize;
    let q = from;
    const end = Math.min(from + count, this.length);
    while (q < end) {
      const epoch = Math.floor(q / n);
      const { order, starts } = this.blocksOf(epoch);
      let k = starts.length - 1;
      while (starts[k] > q - epoch * n) k--;
      let skip = q - epoch * n - starts[k];
      for (; k < order.length && q < end; k++, skip = 0) {
        for await (const rec of this.block(order[k], skip)) {
          yield rec;
          if (++q >= end) return;
        }
      }
    }
  }
}
