// The input pipeline: example stream → shuffle → preprocess → batch →
// prefetch, deterministic from `seed` and resumable by position.
//
// Shuffling is a seeded full shuffle of consecutive windows of
// `shuffleBufferSize` stream positions (the stream runs across epochs when
// repeating). That mixes like tf.data's streaming buffer of the same size, and
// unlike it the state at any position is a pure function of (seed, position):
// resuming at position p re-reads one window, with no replay of the past.
// Per-example pp randomness is seeded by (seed, output position) too.

import { stackExamples, zerosLike } from './batch';
import { uint8, type HostData } from './hostTensor';
import { Rng, hashSeed } from './rng';
import { ExampleStream } from './stream';
import type { RecordSource, SourceRecord } from './tfds';

/** Preprocessing of one decoded example; `seed` is this example's own seed. */
export type PreprocessFn = (data: HostData, seed: number) => HostData | Promise<HostData>;

/** Options of `inputPipeline`. */
export interface InputPipelineOptions {
  source: RecordSource;
  /** Default: the decoded features unchanged. */
  preprocess?: PreprocessFn;
  batchSize: number;
  /** Examples per shuffle window; 0 or 1 = no shuffling. */
  shuffleBufferSize?: number;
  seed?: number;
  /** Cycle through the data forever (training); default true. */
  repeat?: boolean;
  /** Batches prepared ahead of the consumer; default 2. */
  prefetch?: number;
  /** Examples to skip (a previous run's `position()`) to resume. */
  skipExamples?: number;
  /** Last partial batch of a finite stream: dropped (default), kept short, or zero-padded with `_mask`. */
  remainder?: 'drop' | 'keep' | 'pad';
  /** Keep raw records in memory after the first read (big_vision's cache_raw). */
  cacheRaw?: boolean;
  /** Shuffle the shard order per epoch; default: when shuffling. */
  shuffleFiles?: boolean;
}

/** Batches in order, plus the resume position. */
export interface Pipeline<T> extends AsyncIterableIterator<T> {
  /** Examples consumed by the batches handed out so far (plus skipExamples). */
  position(): number;
  /** Examples per epoch of the source. */
  readonly epochSize: number;
  return(): Promise<IteratorResult<T>>;
}

export type InputPipeline = Pipeline<HostData>;

/** The data of a RawBatch (what a worker thread receives: structured cloning drops the class). */
export interface RawExamples {
  readonly examples: readonly HostData[];
  readonly seeds: readonly number[];
  readonly where: readonly string[];
}

/**
 * A batch decoded but not yet preprocessed: each example with its own pp seed (so it is preprocessed the same
 * wherever that happens) and where it was read (for errors). Data-parallel workers each preprocess their rows.
 */
export class RawBatch implements RawExamples {
  constructor(
    readonly examples: readonly HostData[],
    readonly seeds: readonly number[],
    readonly where: readonly string[],
  ) {}

  /** Rows [from, to). */
  rows(from: number, to: number): RawBatch {
    return new RawBatch(this.examples.slice(from, to), this.seeds.slice(from, to), this.where.slice(from, to));
  }
}

/** Preprocesses one example; errors name where it was read. */
async function preprocessOne(preprocess: PreprocessFn, example: HostData, seed: number, where: string): Promise<HostData> {
  try {
    return await preprocess(example, seed);
  } catch (err) {
    throw new Error(`Preprocessing the example at ${where}: ${(err as Error).message}`, { cause: err });
  }
}

/** The batch of `raw`'s examples preprocessed (concurrently: sharp decodes on its thread pool). */
export async function preprocessRaw(raw: RawExamples, preprocess: PreprocessFn): Promise<HostData> {
  return stackExamples(await Promise.all(raw.examples.map((ex, i) => preprocessOne(preprocess, ex, raw.seeds[i], raw.where[i]))));
}

interface Item {
  record: SourceRecord;
  pos: number;
}

const SHUFFLE_TAG = 0x73687566; // 'shuf'

function windowOrder(seed: number, window: number, count: number): Uint32Array {
  const perm = new Uint32Array(count);
  for (let i = 0; i < count; i++) perm[i] = i;
  const rng = new Rng(hashSeed(seed, SHUFFLE_TAG, window));
  for (let i = count - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  return perm;
}

async function collect(it: AsyncIterable<SourceRecord>): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for await (const r of it) out.push(r);
  return out;
}

/** Stream items in output order from output position `from`. */
async function* ordered(stream: ExampleStream, from: number, window: number, seed: number): AsyncGenerator<Item> {
  if (window <= 1) {
    let pos = from;
    for await (const record of stream.read(from, Infinity)) yield { record, pos: pos++ };
    return;
  }
  let w = Math.floor(from / window);
  let skip = from - w * window;
  const load = (k: number): Promise<SourceRecord[]> => collect(stream.read(k * window, window));
  let current = load(w);
  for (;;) {
    const records = await current;
    if (!records.length) return;
    // Read the next window while this one is being consumed.
    current = records.length === window ? load(w + 1) : Promise.resolve([]);
    current.catch(() => undefined); // Surfaces when awaited for the next window.
    const perm = windowOrder(seed, w, records.length);
    for (let i = skip; i < records.length; i++) yield { record: records[perm[i]], pos: w * window + i };
    w++;
    skip = 0;
  }
}

/** Builds the pipeline; batches are `{key: {shape: [batch, ...], dtype, data}}` in host memory. */
export function inputPipeline(options: InputPipelineOptions): InputPipeline {
  const preprocess: PreprocessFn = options.preprocess ?? ((d) => d);
  const remainder = options.remainder ?? 'drop';
  return pipeline(options, async (raw) => {
    const examples = await Promise.all(raw.examples.map((ex, i) => preprocessOne(preprocess, ex, raw.seeds[i], raw.where[i])));
    if (remainder === 'pad') {
      for (const ex of examples) ex._mask = uint8([], Uint8Array.of(1));
      while (examples.length < options.batchSize) {
        const pad: HostData = {};
        for (const [k, t] of Object.entries(examples[0])) pad[k] = zerosLike(t);
        examples.push(pad);
      }
    }
    return stackExamples(examples);
  });
}

/**
 * The same batches as `inputPipeline` (training: remainder dropped), decoded but not preprocessed: the caller
 * preprocesses them (`preprocessRaw`), data-parallel workers each their own rows.
 */
export function rawInputPipeline(options: Omit<InputPipelineOptions, 'preprocess' | 'remainder'>): Pipeline<RawBatch> {
  return pipeline({ ...options, remainder: 'drop' }, async (raw) => raw);
}

function pipeline<T>(options: InputPipelineOptions, finish: (raw: RawBatch) => Promise<T>): Pipeline<T> {
  const { source, batchSize } = options;
  if (!Number.isInteger(batchSize) || batchSize <= 0) throw new Error(`batch size must be a positive integer, got ${batchSize}`);
  const seed = options.seed ?? 0;
  const window = options.shuffleBufferSize ?? 0;
  const remainder = options.remainder ?? 'drop';
  const stream = new ExampleStream(source, {
    repeat: options.repeat ?? true,
    shuffleFiles: options.shuffleFiles ?? window > 1,
    seed,
    cacheRaw: options.cacheRaw ?? false,
  });
  const skip = options.skipExamples ?? 0;

  async function* produce(): AsyncGenerator<{ batch: T; count: number }> {
    const items = ordered(stream, skip, window, seed);
    try {
      for (;;) {
        const chunk: Item[] = [];
        while (chunk.length < batchSize) {
          const r = await items.next();
          if (r.done) break;
          chunk.push(r.value);
        }
        if (!chunk.length || (chunk.length < batchSize && remainder === 'drop')) return;
        const raw = new RawBatch(
          chunk.map(({ record }) => source.decode(record)),
          chunk.map(({ pos }) => hashSeed(seed, pos)),
          chunk.map(({ record }) => `${record.file} byte offset ${record.offset}`),
        );
        const count = chunk.length;
        yield { batch: await finish(raw), count };
        if (count < batchSize) return;
      }
    } finally {
      // Ends the reads below (their file handles close) when the pipeline stops early or fails.
      await items.return(undefined);
    }
  }

  const gen = produce();
  const depth = Math.max(0, options.prefetch ?? 2);
  // Async generators queue next() calls, so requesting ahead is read-ahead.
  const ahead: Promise<IteratorResult<{ batch: T; count: number }>>[] = [];
  let consumed = skip;
  let finished = false;

  const it: Pipeline<T> = {
    epochSize: source.numExamples,
    position: () => consumed,
    async next(): Promise<IteratorResult<T>> {
      if (finished) return { done: true, value: undefined };
      while (ahead.length < depth + 1) {
        const p = gen.next();
        p.catch(() => undefined); // Rejections surface when this batch is awaited, in order.
        ahead.push(p);
      }
      const r = await (ahead.shift() as Promise<IteratorResult<{ batch: T; count: number }>>);
      if (r.done) {
        finished = true;
        return { done: true, value: undefined };
      }
      consumed += r.value.count;
      return { done: false, value: r.value.batch };
    },
    async return(): Promise<IteratorResult<T>> {
      finished = true;
      // Let read-ahead settle so no read outlives the pipeline; its errors no longer matter.
      await Promise.allSettled(ahead.splice(0));
      await gen.return(undefined);
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return it;
    },
  };
  return it;
}
