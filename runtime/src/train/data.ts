/**
 * The trainer's data: `config.input` as upstream's `input_pipeline.training` reads it (one TFDS source,
 * `input.pp`, shuffle buffer, `cache_raw`, `prefetch`, repeat forever, drop remainder) and the evaluators' eval
 * pipelines (every example once, in order, last batch kept short). Errors name the config key: a missing dataset
 * names the folders searched and `bv data prepare`, an unknown pp op names `config.input.pp`.
 */
import { inputPipeline, type InputPipeline, type PreprocessFn } from '../data/pipeline';
import type { HostData } from '../data/hostTensor';
import { openTfds, type TfdsDataset } from '../data/tfds';
import { buildPreprocess } from '../pp/builder';
import { ConfigKeyError, blameKeySync } from './errors';
import { turnEventLoop } from './stopSignal';

type Dict = Record<string, unknown>;

const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Opens `data` (`{name, split, data_dir}`) of the config key `key` (e.g. `config.input.data`). */
export function openData(data: unknown, key: string): TfdsDataset {
  if (!isDict(data)) throw new ConfigKeyError(key, 'must be a dict like dict(name="mnist", split="train")');
  if (typeof data.name !== 'string') {
    throw new ConfigKeyError(key, `the bundled trainer reads one TFDS dataset: set ${key}.name (a {source: weight} mixture is not supported; train mixtures with upstream big_vision)`);
  }
  if (data.name.startsWith('bv:') || data.name === 'from_data_dir') {
    throw new ConfigKeyError(`${key}.name`, `'${data.name}' sources are not supported by the bundled trainer (TFDS datasets only)`);
  }
  if (typeof data.split !== 'string') throw new ConfigKeyError(`${key}.split`, 'is required: a TFDS split such as "train" or "train[:98%]"');
  const dataDir = typeof data.data_dir === 'string' ? data.data_dir : undefined;
  return blameKeySync(`${key}.name`, () => openTfds({ name: data.name as string, split: data.split as string, dataDir }));
}

/** Builds the pp function of the string at config key `key`. */
export function preprocessAt(pp: unknown, key: string): PreprocessFn {
  if (pp !== null && pp !== undefined && typeof pp !== 'string') throw new ConfigKeyError(key, `must be a pp string like 'decode|resize(224)', got ${JSON.stringify(pp)}`);
  return blameKeySync(key, () => buildPreprocess(pp as string | null | undefined, { configKey: key.replace(/^config\./, '') }));
}

/** The training input of a config, opened and checked, not yet started. */
export interface TrainInput {
  readonly source: TfdsDataset;
  readonly batchSize: number;
  /** Examples per epoch (for `*_epochs` durations). */
  readonly numExamples: number;
  /** Starts the batches after `skipExamples` examples (a checkpoint's data position). */
  start(skipExamples: number): InputPipeline;
  /** `[H, W, C]` of the preprocessed first example's `image` (to initialise the model, as upstream's element_spec). */
  exampleImageShape(): Promise<number[]>;
}

/** Reads `config.input`. */
export function trainInput(config: Dict): TrainInput {
  const input = config.input;
  if (!isDict(input)) throw new ConfigKeyError('config.input', 'is required: dict(data=dict(name=..., split=...), batch_size=..., pp=...)');
  const batchSize = input.batch_size;
  if (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize <= 0) {
    throw new ConfigKeyError('config.input.batch_size', `must be a positive integer, got ${JSON.stringify(batchSize)}`);
  }
  const source = openData(input.data, 'config.input.data');
  const preprocess = preprocessAt(input.pp, 'config.input.pp');
  if (source.numExamples < batchSize) {
    throw new ConfigKeyError('config.input.batch_size', `${batchSize} is larger than the ${source.numExamples} examples of ${(input.data as Dict).name} ${(input.data as Dict).split}; no full batch can be formed`);
  }
  const shuffle = typeof input.shuffle_buffer_size === 'number' ? input.shuffle_buffer_size : 0;
  const prefetch = typeof input.prefetch === 'number' ? input.prefetch : 2;
  const seed = typeof config.seed === 'number' ? config.seed : 0;
  return {
    source,
    batchSize,
    numExamples: source.numExamples,
    exampleImageShape: async () => {
      for await (const record of source.readBlock(0, 0)) {
        const ex = await preprocess(source.decode(record), 0);
        const image = ex.image;
        if (!image || image.dtype === 'bytes' || image.shape.length !== 3) {
          const got = image ? `${image.dtype}[${image.shape.join(',')}]` : `no 'image' (keys: ${Object.keys(ex).join(', ')})`;
          throw new ConfigKeyError('config.input.pp', `must produce a decoded 'image' [height, width, channels]; got ${got} (start it with decode, e.g. 'decode|value_range(-1, 1)|...')`);
        }
        return image.shape;
      }
      throw new ConfigKeyError('config.input.data', 'the split holds no examples');
    },
    start: (skipExamples) =>
      inputPipeline({ source, preprocess, batchSize, shuffleBufferSize: shuffle, seed, repeat: true, prefetch, skipExamples, remainder: 'drop', cacheRaw: Boolean(input.cache_raw) }),
  };
}

/**
 * Opens the data of every eval entry that names one (`config.evals.<name>.data`), as its evaluator will at its
 * first run, so a missing dataset or split fails before the run writes anything.
 */
export function openEvalData(config: Dict): void {
  if (!isDict(config.evals)) return;
  for (const [name, entry] of Object.entries(config.evals)) {
    if (isDict(entry) && entry.data !== undefined) openData(entry.data, `config.evals.${name}.data`);
  }
}

/**
 * The eval pipeline factory given to evaluators. Preprocessed batches are kept in memory across runs unless
 * `cache='none'`: evals re-read the same split every time, and decoding images again is most of their cost.
 * The event loop turns before every batch, so a stop signal is seen during a long eval.
 */
export function evalBatchesFactory(): (opts: { data: Dict; ppFn: string; batchSize: number; cache: string; key: string }) => AsyncIterable<HostData> {
  const cached = new Map<string, HostData[]>();
  return (opts) => ({
    async *[Symbol.asyncIterator]() {
      const id = JSON.stringify([opts.data, opts.ppFn, opts.batchSize]);
      const hit = cached.get(id);
      if (hit) {
        for (const batch of hit) {
          await turnEventLoop();
          yield batch;
        }
        return;
      }
      const source = openData(opts.data, `${opts.key}.data`);
      const preprocess = preprocessAt(opts.ppFn, `${opts.key}.pp_fn`);
      const keep: HostData[] = [];
      for await (const batch of inputPipeline({ source, preprocess, batchSize: opts.batchSize, repeat: false, remainder: 'keep', shuffleBufferSize: 0, prefetch: 2 })) {
        if (opts.cache !== 'none') keep.push(batch);
        await turnEventLoop();
        yield batch;
      }
      if (opts.cache !== 'none') cached.set(id, keep);
    },
  });
}
