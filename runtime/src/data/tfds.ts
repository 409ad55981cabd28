// Opens a split (with TFDS slicing) of a prepared TFDS dataset as a record
// source: per-shard skip/take reads, so `train[:2%]` opens only the first
// shard(s). The input pipeline shuffles and batches on top of this.

import { decodeExample, type Example } from './example';
import { exampleToData } from './exampleData';
import type { HostData } from './hostTensor';
import { fileInstructions, resolveSplit, type FileInstruction } from './splits';
import { readTfRecords, type TfRecord } from './tfrecord';
import { loadTfdsInfo, shardPath, type TfdsInfo } from './tfdsInfo';

/** A serialized example and where it came from (for error messages). */
export interface SourceRecord extends TfRecord {
  readonly file: string;
}

/**
 * What the input pipeline reads: blocks (shards, or slices of them) of
 * serialized examples, readable from any position, and the decoder.
 */
export interface RecordSource {
  /** Examples in all blocks together. */
  readonly numExamples: number;
  /** Size of each block, in reading order (shuffling permutes whole blocks). */
  readonly blockSizes: readonly number[];
  /** Records of block `block`, from its `skip`-th on. */
  readBlock(block: number, skip: number): AsyncIterable<SourceRecord>;
  /** A record as host tensors; errors name the file and offset. */
  decode(record: SourceRecord): HostData;
}

/** Options of `openTfds`. */
export interface OpenTfdsOptions {
  /** `mnist`, `mnist:3.0.1`, `coco/2017_panoptic`, ... */
  name: string;
  /** TFDS split string, e.g. `train[:98%]` or `train[:2%]+validation`. */
  split: string;
  /** Default: $TFDS_DATA_DIR or ~/tensorflow_datasets. */
  dataDir?: string;
}

/** An opened split. */
export interface TfdsDataset extends RecordSource {
  readonly info: TfdsInfo & { readonly numExamples: number; readonly split: string };
  readonly instructions: readonly FileInstruction[];
  /** Every example of the split, in order. */
  read(): AsyncIterable<Example>;
}

/** Opens `split` of dataset `name`; throws DatasetNotFoundError / split errors up front. */
export function openTfds(options: OpenTfdsOptions): TfdsDataset {
  const info = loadTfdsInfo(options.name, options.dataDir);
  if (info.fileFormat !== 'tfrecord') {
    throw new Error(`${info.dir}: file format '${info.fileFormat}' is not supported by the bundled reader (only tfrecord); rebuild with \`tfds build --file_format=tfrecord\``);
  }
  let instructions: FileInstruction[];
  try {
    instructions = fileInstructions(resolveSplit(options.split, info.splits), info.splits);
  } catch (err) {
    throw new Error(`${(err as Error).message} [dataset ${options.name} in ${info.dir}]`, { cause: err });
  }
  const blockSizes = instructions.map((i) => i.take);
  const numExamples = blockSizes.reduce((a, b) => a + b, 0);
  if (numExamples === 0) throw new Error(`Split '${options.split}' of ${options.name} selects no examples`);

  async function* readBlock(block: number, skip: number): AsyncGenerator<SourceRecord> {
    const ins = instructions[block];
    const file = shardPath(info, ins.split, ins.shard);
    const want = ins.take - skip;
    let got = 0;
    for await (const rec of readTfRecords(file, { skip: ins.skip + skip, take: want })) {
      got++;
      yield { ...rec, file };
    }
    if (got < want) {
      throw new Error(`${file}: has fewer records than dataset_info.json says (shardLengths[${ins.shard}] = ${info.splits[ins.split].shardLengths[ins.shard]}); the dataset is incomplete, re-create it`);
    }
  }

  function decode(record: SourceRecord): HostData {
    try {
      return exampleToData(decodeExample(record.data), info.features);
    } catch (err) {
      throw new Error(`${record.file}: cannot decode the tf.train.Example at byte offset ${record.offset}: ${(err as Error).message}`, { cause: err });
    }
  }

  async function* read(): AsyncGenerator<Example> {
    for (let b = 0; b < instructions.length; b++) {
      for await (const rec of readBlock(b, 0)) yield decodeExample(rec.data);
    }
  }

  return { info: { ...info, numExamples, split: options.split }, instructions, numExamples, blockSizes, readBlock, decode, read };
}
