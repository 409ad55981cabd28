/**
 * The trainer's data: `config.input` as upstream's `input_pipeline.training` reads it (one TFDS source,
 * `input.pp`, shuffle buffer, `cache_raw`, `prefetch`, repeat forever, drop remainder) and the evaluators' eval
 * pipelines (every example once, in order, last batch kept short). Errors name the config key: a missing dataset
 * names the folders searched and `bv data prepare`, an unknown pp op names `config.input.pp`.
 */
import { inputPipeline, rawInputPipeline, type InputPipeline, type Pipeline, type PreprocessFn, type RawBatch } from '../data/pipeline';
import type { HostData } from '../data/hostTensor';
import { openTfds, type TfdsDataset } from '../data/tfds';
import { buildPreprocess } from '../pp/builder';
import { formatPath, type KeyPath } from '../registry';
import { blameKey, ConfigKeyError } from '../semantics/configKeyError';
import { turnEventLoop } from './stopSignal';

type Dict = Record<string, unknown>;

const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One `datasets.core.get` kwargs dict the bundled trainer reads: a TFDS dataset, at config key `path`. */
export interface DataSettings {
  readonly path: KeyPath;
  readonly name: string;
  readonly split: string;
  readonly dataDir?: string;
}

/** `config.input` as the trainer resolved it (the schema's defaults filled in). */
export interface InputSettings {
  readonly data: DataSettings;
  readonly batchSize: number;
  /** The pp string (None = no preprocessing). */
  readonly pp: string | null;
  readonly shuffleBufferSize: number;
  readonly prefetch: number;
  readonly cacheRaw: boolean;
}

/** Reads the data kwargs at `path` (`['input', 'data']`, `['evals', 'val', 'data']`): one TFDS source. */
export function dataSettings(data: unknown, path: KeyPath): DataSettings {
  const key = `config.${formatPath(path)}`;
  if (!isDict(data)) throw new ConfigKeyError(path, 'must be a dict like dict(name="mnist", split="train")');
  if (typeof data.name !== 'string') {
    throw new ConfigKeyError(path, `the bundled trainer reads one TFDS dataset: set ${key}.name (a {source: weight} mixture is not supported; train mixtures with upstream big_vision)`);
  }
  if (data.name.startsWith('bv:') || data.name === 'from_data_dir') {
    throw new ConfigKeyError([...path, 'name'], `'${data.name}' sources are not supported by the bundled trainer (TFDS datasets only)`);
  }
  if (typeof data.split !== 'string') throw new ConfigKeyError([...path, 'split'], 'is required: a TFDS split such as "train" or "train[:98%]"');
  return { path, name: data.name, split: data.split, ...(typeof data.data_dir === 'string' ? { dataDir: data.data_dir } : {}) };
}

/** Opens a dataset; a missing one is blamed on its `name` (the message lists the folders searched). */
export function openData(data: DataSettings): TfdsDataset {
  return blameKey([...data.path, 'name'], () => openTfds({ name: data.name, split: data.split, dataDir: data.dataDir }));
}

/** Builds the pp function of the string at config key `path`. */
export function preprocessAt(pp: unknown, path: KeyPath): PreprocessFn {
  if (pp !== null && pp !== undefined && typeof pp !== 'string') throw new ConfigKeyError(path, `must be a pp string like 'decode|resize(224)', got ${JSON.stringify(pp)}`);
  return blameKey(path, () => buildPreprocess(pp as string | null | undefined, { configKey: formatPath(path) }));
}

/** The training input of a config, opened and checked, not yet started. */
export interface TrainInput {
  readonly source: TfdsDataset;
  readonly batchSize: number;
  /** Examples per epoch (for `*_epochs` durations). */
  readonly numExamples: number;
  /** Starts the batches after `skipExamples` examples (a checkpoint's data position). */
  start(skipExamples: number): InputPipeline;
  /** The same batches, not yet preprocessed (data-parallel workers preprocess their own rows with `preprocess`). */
  startRaw(skipExamples: number): Pipeline<RawBatch>;
  /** `config.input.pp` as a function. */
  readonly preprocess: PreprocessFn;
  /** `[H, W, C]` of the preprocessed first example's `image` (to initialise the model, as upstream's element_spec). */
  exampleImageShape(): Promise<number[]>;
}

/** Opens `config.input`; `seed` is `config.seed` (the shuffle's). */
export function trainInput(input: InputSettings, seed: number): TrainInput {
  const { batchSize } = input;
  const source = openData(input.data);
  const preprocess = preprocessAt(input.pp, ['input', 'pp']);
  if (source.numExamples < batchSize) {
    throw new ConfigKeyError(['input', 'batch_size'], `${batchSize} is larger than the ${source.numExamples} examples of ${input.data.name} ${input.data.split}; no full batch can be formed`);
  }
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
          throw new ConfigKeyError(['input', 'pp'], `must produce a decoded 'image' [height, width, channels]; got ${got} (start it with decode, e.g. 'decode|value_range(-1, 1)|...')`);
        }
        return image.shape;
      }
      throw new ConfigKeyError(['input', 'data'], 'the split holds no examples');
    },
    preprocess,
    start: (skipExamples) =>
      inputPipeline({
        source, preprocess, batchSize, shuffleBufferSize: input.shuffleBufferSize, seed, repeat: true, prefetch: input.prefetch, skipExamples,
        remainder: 'drop', cacheRaw: input.cacheRaw,
      }),
    startRaw: (skipExamples) =>
      rawInputPipeline({ source, batchSize, shuffleBufferSize: input.shuffleBufferSize, seed, repeat: true, prefetch: input.prefetch, skipExamples, cacheRaw: input.cacheRaw }),
  };
}

/**
 * Opens the data of every eval that names one, as its evaluator will at its first run, so a missing dataset or
 * split fails before the run writes anything.
 */
export function openEvalData(evals: readonly { readonly data?: DataSettings; readonly moreData?: readonly DataSettings[] }[]): void {
  for (const e of evals) for (const d of [...(e.data ? [e.data] : []), ...(e.moreData ?? [])]) openData(d);
}

/** The class count of the ClassLabel feature `key` of the dataset `data` names (undefined when not a ClassLabel). */
export function classCountOf(data: Dict, key: string, path: KeyPath): number | undefined {
  return openData(dataSettings(data, path)).info.features[key]?.numClasses;
}

/**
 * The eval pipeline factory given to evaluators. Preprocessed batches are kept in memory across runs unless
 * `cache='none'`: evals re-read the same split every time, and decoding images again is most of their cost.
 * The event loop turns before every batch, so a stop signal is seen during a long eval.
 */
export function evalBatchesFactory(): (opts: { data: Dict; ppFn: string; batchSize: number; cache: string; path: KeyPath; ppKey?: string }) => AsyncIterable<HostData> {
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
      const source = openData(dataSettings(opts.data, [...opts.path, 'data']));
      const preprocess = preprocessAt(opts.ppFn, [...opts.path, opts.ppKey ?? 'pp_fn']);
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
