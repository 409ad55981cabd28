/**
 * The checker's window on local TFDS data, for `*_epochs` durations in checks, hovers and inlay hints: a
 * dataset's split sizes and the examples a split string selects. The data layer does the TFDS work
 * (data/tfdsInfo: folder layout, `name:3.*.*` versions; data/splits: slicing exactly as TFDS, shard units, `all`,
 * out-of-range slices rejected) without loading sharp or protobufjs; this file only turns its errors into
 * "unknown" (a check or hover without a size, never a failure) and caches by dataset_info.json's mtime, because
 * the language server asks on every keystroke. Also the names of the datasets prepared in a data dir (for "did
 * you mean" and completion).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { splitSize } from '../data/splits';
import { defaultDataDir, loadTfdsInfo, locateDataset, preparedDatasets, type TfdsInfo } from '../data/tfdsInfo';

export interface DatasetInfo {
  /** The dataset_info.json read. */
  file: string;
  version: string;
  /** Split name → number of examples, in dataset_info.json order. */
  splits: Readonly<Record<string, number>>;
  /** What the data layer read (shard lengths, for split arithmetic). */
  tfds: TfdsInfo;
}

const cache = new Map<string, { mtimeMs: number; info: DatasetInfo }>();

/** The dataset_info of TFDS dataset `name` (`cifar10`, `cars196:2.1.0`, `coco/2017_panoptic`) under `dataDir`. */
export function datasetInfo(name: string, dataDir: string): DatasetInfo | undefined {
  try {
    const file = path.join(locateDataset(name, dataDir).dir, 'dataset_info.json');
    const mtimeMs = fs.statSync(file).mtimeMs;
    const hit = cache.get(file);
    if (hit && hit.mtimeMs === mtimeMs) return hit.info;
    const tfds = loadTfdsInfo(name, dataDir);
    const splits = Object.fromEntries(Object.entries(tfds.splits).map(([s, v]) => [s, v.shardLengths.reduce((a, b) => a + b, 0)]));
    const info = { file, version: tfds.version, splits, tfds };
    cache.set(file, { mtimeMs, info });
    return info;
  } catch {
    // Not prepared here, or an unreadable dataset_info.json: the size is unknown.
    return undefined;
  }
}

/** Examples `split` (`train[:99%]`, `train[:2shard]+validation`) selects, or undefined when TFDS would reject it. */
export function splitExamples(info: DatasetInfo, split: string): number | undefined {
  try {
    return splitSize(split, info.tfds.splits);
  } catch {
    return undefined;
  }
}

/** Examples in `data` (`{name, split, data_dir?}`, as `datasets.core.get` takes), when its dataset_info.json is found. */
export function dataSize(data: { name?: unknown; split?: unknown; data_dir?: unknown }, tfdsDataDir?: string): { examples: number; file: string } | undefined {
  if (typeof data.name !== 'string' || typeof data.split !== 'string' || data.name.startsWith('bv:')) return undefined;
  const info = datasetInfo(data.name, dataDirOf(data, tfdsDataDir));
  const examples = info && splitExamples(info, data.split);
  return info && examples !== undefined ? { examples, file: info.file } : undefined;
}

const LIST_TTL_MS = 5000;
const listed = new Map<string, { mtimeMs: number; at: number; names: string[] }>();

/**
 * Datasets prepared in `dataDir` (`mnist`, `coco/2017_panoptic`), sorted. Listed again when the folder changes
 * or after a few seconds (a version folder completing below an existing dataset leaves the folder's mtime alone).
 */
export function preparedDatasetNames(dataDir: string): string[] {
  let mtimeMs: number;
  try {
    mtimeMs = fs.statSync(dataDir).mtimeMs;
  } catch {
    return [];
  }
  const now = Date.now();
  const hit = listed.get(dataDir);
  if (hit && hit.mtimeMs === mtimeMs && now - hit.at < LIST_TTL_MS) return hit.names;
  const names = preparedDatasets(dataDir);
  listed.set(dataDir, { mtimeMs, at: now, names });
  return names;
}

/** The data dir `datasets.core.get` reads for `data`: its own `data_dir`, else the checker's, else TFDS's default. */
export function dataDirOf(data: { data_dir?: unknown }, tfdsDataDir?: string): string {
  return typeof data.data_dir === 'string' ? data.data_dir : tfdsDataDir || defaultDataDir();
}
