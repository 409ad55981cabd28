// Where a TFDS prepared dataset lies and what its metadata says. Layout as
// tensorflow_datasets writes it:
//   $TFDS_DATA_DIR/<name>[/<config>]/<version>/{dataset_info.json, features.json,
//   <name>-<split>.tfrecord-00000-of-00004, ...}
// Names are written `mnist`, `mnist:3.0.1`, `mnist:3.*.*`, `coco/2017_panoptic`;
// the highest prepared version wins when none is given. Reads only the small
// JSON files (no sharp, no tfjs), so the language server can use it too.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseFeatures, type TfdsFeature } from './tfdsFeatures';
import { splitSize, type SplitShards } from './splits';

/** One split of dataset_info.json. */
export interface TfdsSplit extends SplitShards {
  readonly name: string;
  readonly numBytes: number;
  readonly filepathTemplate: string;
}

/** A prepared dataset version on disk. */
export interface TfdsInfo {
  /** Dataset name without config or version, e.g. `coco`. */
  readonly name: string;
  readonly config?: string;
  readonly version: string;
  /** The version folder holding the shards. */
  readonly dir: string;
  readonly fileFormat: string;
  /** Splits in dataset_info.json order. */
  readonly splits: Readonly<Record<string, TfdsSplit>>;
  /** Features by (flattened, `a/b`) name, from features.json; empty if absent. */
  readonly features: Readonly<Record<string, TfdsFeature>>;
}

/** The parts of a dataset name such as `coco/2017_panoptic:1.1.0`. */
export interface DatasetName {
  readonly name: string;
  readonly config?: string;
  readonly version?: string;
}

/** `$TFDS_DATA_DIR`, else `~/tensorflow_datasets`, as TFDS itself. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.TFDS_DATA_DIR || path.join(os.homedir(), 'tensorflow_datasets');
}

/** Splits `name[/config][:version]`; throws on anything else. */
export function parseDatasetName(spec: string): DatasetName {
  const m = /^([\w-]+)(?:\/([\w.-]+))?(?::([\d*]+\.[\d*]+\.[\d*]+))?$/.exec(spec.trim());
  if (!m) throw new Error(`Bad dataset name '${spec}': expected NAME, NAME/CONFIG, NAME:VERSION or NAME/CONFIG:VERSION (e.g. 'mnist', 'mnist:3.0.1', 'coco/2017_panoptic')`);
  return { name: m[1], ...(m[2] ? { config: m[2] } : {}), ...(m[3] ? { version: m[3] } : {}) };
}

/** The dataset is not prepared under any of the searched folders. */
export class DatasetNotFoundError extends Error {
  constructor(
    readonly dataset: string,
    readonly searched: readonly string[],
    detail: string,
  ) {
    const name = parseDatasetName(dataset).name;
    const how = name === 'mnist' ? `Prepare it with \`bv data prepare mnist\`` : `Prepare it with \`tfds build ${name}\` (tensorflow-datasets)`;
    super(`Dataset '${dataset}' not found: ${detail}. Searched: ${searched.join(', ')}. ${how}, or point input.data.data_dir (or $TFDS_DATA_DIR) at the folder that holds it.`);
    this.name = 'DatasetNotFoundError';
  }
}

const VERSION = /^\d+\.\d+\.\d+$/;

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

function listDirs(dir: string): string[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}

/** Complete versions (with dataset_info.json) in `dir`, highest first. */
function preparedVersions(dir: string): string[] {
  return listDirs(dir)
    .filter((v) => VERSION.test(v) && fs.existsSync(path.join(dir, v, 'dataset_info.json')))
    .sort((a, b) => compareVersions(b, a));
}

/** Finds the version folder of `spec` under `dataDir`; throws DatasetNotFoundError. */
export function locateDataset(spec: string, dataDir: string = defaultDataDir()): { dir: string; name: DatasetName & { version: string } } {
  const parsed = parseDatasetName(spec);
  let base = path.join(dataDir, parsed.name);
  let config = parsed.config;
  const searched = [base];
  if (config) {
    base = path.join(base, config);
    searched[0] = base;
  } else if (!preparedVersions(base).length) {
    // No config given: TFDS would use the builder's default config, which only
    // the Python builder knows. On disk, a single prepared config is unambiguous.
    const configs = listDirs(base).filter((c) => !VERSION.test(c) && preparedVersions(path.join(base, c)).length);
    if (configs.length > 1) {
      throw new DatasetNotFoundError(spec, searched, `it has several configs (${configs.join(', ')}); name one, e.g. '${parsed.name}/${configs[0]}'`);
    }
    if (configs.length === 1) {
      config = configs[0];
      base = path.join(base, config);
    }
  }
  const versions = preparedVersions(base);
  if (!versions.length) {
    const what = fs.existsSync(base) ? `${base} holds no prepared version (a folder like 1.0.0/ with dataset_info.json)` : `${base} does not exist`;
    throw new DatasetNotFoundError(spec, searched, what);
  }
  let version = versions[0];
  if (parsed.version) {
    const re = new RegExp(`^${parsed.version.replace(/\./g, '\\.').replace(/\*/g, '\\d+')}$`);
    const match = versions.find((v) => re.test(v));
    if (!match) throw new DatasetNotFoundError(spec, searched, `version ${parsed.version} is not prepared (found ${versions.join(', ')})`);
    version = match;
  }
  return { dir: path.join(base, version), name: { name: parsed.name, ...(config ? { config } : {}), version } };
}

/**
 * The datasets prepared under `dataDir`, as configs name them (`mnist`, `coco/2017_panoptic`), sorted: folders
 * holding a complete version, directly or in a config folder.
 */
export function preparedDatasets(dataDir: string): string[] {
  const names: string[] = [];
  for (const d of listDirs(dataDir).filter((n) => !n.startsWith('.'))) {
    const base = path.join(dataDir, d);
    if (preparedVersions(base).length) names.push(d);
    for (const c of listDirs(base)) if (!VERSION.test(c) && !c.startsWith('.') && preparedVersions(path.join(base, c)).length) names.push(`${d}/${c}`);
  }
  return names.sort();
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`Cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
}

interface RawSplit {
  name?: string;
  shardLengths?: (string | number)[];
  numBytes?: string | number;
  filepathTemplate?: string;
}

/** Reads dataset_info.json and features.json of `spec` under `dataDir`. */
export function loadTfdsInfo(spec: string, dataDir?: string): TfdsInfo {
  const { dir, name } = locateDataset(spec, dataDir);
  const infoFile = path.join(dir, 'dataset_info.json');
  const raw = readJson(infoFile) as { fileFormat?: string; splits?: RawSplit[] };
  const splits: Record<string, TfdsSplit> = {};
  for (const s of raw.splits ?? []) {
    if (!s.name) continue;
    if (!Array.isArray(s.shardLengths)) {
      throw new Error(`${infoFile}: split '${s.name}' lists no shardLengths (written by an old TFDS); rebuild the dataset with a current tensorflow-datasets`);
    }
    splits[s.name] = {
      name: s.name,
      shardLengths: s.shardLengths.map(Number),
      numBytes: Number(s.numBytes ?? 0),
      filepathTemplate: s.filepathTemplate || '{DATASET}-{SPLIT}.{FILEFORMAT}-{SHARD_X_OF_Y}',
    };
  }
  const featuresFile = path.join(dir, 'features.json');
  const features = fs.existsSync(featuresFile) ? parseFeatures(readJson(featuresFile)) : {};
  return { name: name.name, ...(name.config ? { config: name.config } : {}), version: name.version, dir, fileFormat: raw.fileFormat || 'tfrecord', splits, features };
}

/** Path of shard `shard` of `split`, from the split's file template. */
export function shardPath(info: TfdsInfo, split: string, shard: number): string {
  const s = info.splits[split];
  const n = s.shardLengths.length;
  const pad = (x: number): string => String(x).padStart(5, '0');
  const file = s.filepathTemplate
    .replace('{DATASET}', info.name)
    .replace('{SPLIT}', split)
    .replace('{FILEFORMAT}', info.fileFormat)
    .replace('{SHARD_X_OF_Y}', `${pad(shard)}-of-${pad(n)}`)
    .replace('{SHARD_INDEX}', pad(shard))
    .replace('{NUM_SHARDS}', pad(n));
  return path.join(info.dir, file);
}

/** Examples in `split` (slicing applied) of dataset `name`, from dataset_info.json alone. */
export function numExamples(name: string, split: string, dataDir?: string): number {
  return splitSize(split, loadTfdsInfo(name, dataDir).splits);
}
