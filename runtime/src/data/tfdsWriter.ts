// Writes a dataset in TFDS's prepared layout (sharded TFRecord files of
// tf.train.Example, dataset_info.json, features.json) so upstream TFDS and the
// bundled reader read it alike. Written into a temporary folder and renamed
// into place, so a crash never leaves a half dataset that looks complete.

import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { encodeExample, type Example } from './example';
import { TfRecordWriter } from './tfrecord';

const TEMPLATE = '{DATASET}-{SPLIT}.{FILEFORMAT}-{SHARD_X_OF_Y}';

/** One split to write. */
export interface SplitToWrite {
  name: string;
  examples: readonly Example[];
  /** Default 1. */
  numShards?: number;
}

/** Options of `writeTfdsDataset`. */
export interface WriteTfdsOptions {
  dataDir: string;
  name: string;
  config?: string;
  version: string;
  description: string;
  /** features.json content (TFDS FeaturesDict as JSON). */
  features: unknown;
  splits: readonly SplitToWrite[];
  /** (input, target) feature names, e.g. ['image', 'label']. */
  supervisedKeys?: readonly [string, string];
  moduleName?: string;
  citation?: string;
}

/** What was written. */
export interface WrittenDataset {
  dir: string;
  splits: { name: string; shardLengths: number[]; numBytes: number }[];
}

/** Sizes of `n` examples over `shards` files, the first ones one larger, like TFDS. */
export function shardLengths(n: number, shards: number): number[] {
  const base = Math.floor(n / shards);
  return Array.from({ length: shards }, (_, i) => base + (i < n % shards ? 1 : 0));
}

/** Writes the dataset to `<dataDir>/<name>[/<config>]/<version>/`, replacing that folder. */
export async function writeTfdsDataset(o: WriteTfdsOptions): Promise<WrittenDataset> {
  const parent = path.join(o.dataDir, o.name, ...(o.config ? [o.config] : []));
  const dir = path.join(parent, o.version);
  const tmp = path.join(parent, `incomplete.${o.version}.${process.pid}`);
  await fsp.rm(tmp, { recursive: true, force: true });
  await fsp.mkdir(tmp, { recursive: true });
  const splits: WrittenDataset['splits'] = [];
  for (const split of o.splits) {
    const lengths = shardLengths(split.examples.length, split.numShards ?? 1);
    let next = 0;
    let numBytes = 0;
    for (const [shard, length] of lengths.entries()) {
      const pad = (x: number): string => String(x).padStart(5, '0');
      const file = `${o.name}-${split.name}.tfrecord-${pad(shard)}-of-${pad(lengths.length)}`;
      const w = await TfRecordWriter.open(path.join(tmp, file));
      try {
        for (let i = 0; i < length; i++) await w.write(encodeExample(split.examples[next++]));
      } finally {
        await w.close();
      }
      numBytes += w.payloadBytes;
    }
    splits.push({ name: split.name, shardLengths: lengths, numBytes });
  }
  // Field names and int64-as-string encoding follow TFDS's DatasetInfo proto JSON.
  const info = {
    citation: o.citation ?? '',
    description: o.description,
    fileFormat: 'tfrecord',
    moduleName: o.moduleName ?? 'big_vision_studio',
    name: o.name,
    ...(o.config ? { configName: o.config } : {}),
    splits: splits.map((s) => ({ filepathTemplate: TEMPLATE, name: s.name, numBytes: String(s.numBytes), shardLengths: s.shardLengths.map(String) })),
    ...(o.supervisedKeys ? { supervisedKeys: { tuple: { items: o.supervisedKeys.map((featureKey) => ({ featureKey })) } } } : {}),
    version: o.version,
  };
  await fsp.writeFile(path.join(tmp, 'dataset_info.json'), JSON.stringify(info, null, 2) + '\n');
  await fsp.writeFile(path.join(tmp, 'features.json'), JSON.stringify(o.features, null, 2) + '\n');
  await fsp.rm(dir, { recursive: true, force: true });
  await fsp.rename(tmp, dir);
  return { dir, splits };
}

/** features.json entry of an encoded image feature. */
export function imageFeature(shape: readonly (number | null)[], encodingFormat: 'png' | 'jpeg'): unknown {
  return {
    pythonClassName: 'tensorflow_datasets.core.features.image_feature.Image',
    image: { shape: { dimensions: shape.map((d) => String(d ?? -1)) }, dtype: 'uint8', encodingFormat },
  };
}

/** features.json entry of a ClassLabel feature. */
export function classLabelFeature(numClasses: number): unknown {
  return { pythonClassName: 'tensorflow_datasets.core.features.class_label_feature.ClassLabel', classLabel: { numClasses: String(numClasses) } };
}

/** features.json of a FeaturesDict. */
export function featuresDict(features: Record<string, unknown>): unknown {
  return { pythonClassName: 'tensorflow_datasets.core.features.features_dict.FeaturesDict', featuresDict: { features } };
}
