/**
 * Dataset sizes from a local TFDS data dir: `<dir>/<name>/[<config>/]<version>/dataset_info.json`, and the size
 * of a TFDS split string (`train[:99%]`, `train[10:20]+validation`) computed as TFDS does (percent boundaries
 * rounded to the closest example). Used for `*_epochs` durations in checks, hovers and inlay hints.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Split name → number of examples. */
export type SplitSizes = Readonly<Record<string, number>>;

export interface DatasetInfo {
  /** The dataset_info.json read. */
  file: string;
  version: string;
  splits: SplitSizes;
}

const cache = new Map<string, { mtimeMs: number; info: DatasetInfo | undefined }>();

/** The TFDS data dir to use: the given one, `$TFDS_DATA_DIR`, else `~/tensorflow_datasets`. */
export function defaultTfdsDataDir(given?: string): string {
  return given || process.env.TFDS_DATA_DIR || path.join(os.homedir(), 'tensorflow_datasets');
}

const VERSION = /^\d+\.\d+\.\d+$/;

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  return pa[0] - pb[0] || pa[1] - pb[1] || pa[2] - pb[2];
}

function subdirs(dir: string): string[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return [];
  }
}

/** The newest version folder under `dir`, or under its only config folder. */
function newestVersionDir(dir: string): string | undefined {
  const names = subdirs(dir);
  const versions = names.filter((n) => VERSION.test(n)).sort(compareVersions);
  if (versions.length) return path.join(dir, versions[versions.length - 1]);
  const configs = names.filter((n) => subdirs(path.join(dir, n)).some((v) => VERSION.test(v)));
  return configs.length === 1 ? newestVersionDir(path.join(dir, configs[0])) : undefined;
}

function readInfo(file: string): DatasetInfo | undefined {
  let mtimeMs: number;
  try {
    mtimeMs = fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === mtimeMs) return hit.info;
  let info: DatasetInfo | undefined;
  try {
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      version?: string;
      splits?: { name: string; shardLengths?: (string | number)[]; statistics?: { numExamples?: string | number } }[];
    };
    const splits: Record<string, number> = {};
    for (const s of json.splits ?? []) {
      splits[s.name] = s.shardLengths ? s.shardLengths.reduce<number>((n, x) => n + Number(x), 0) : Number(s.statistics?.numExamples ?? NaN);
    }
    info = { file, version: json.version ?? path.basename(path.dirname(file)), splits };
  } catch {
    info = undefined;
  }
  cache.set(file, { mtimeMs, info });
  return info;
}

/** The dataset_info of TFDS dataset `name` (`cifar10`, `cars196:2.1.0`, `coco/2017_panoptic`) under `dataDir`. */
export function datasetInfo(name: string, dataDir: string): DatasetInfo | undefined {
  const [base, version] = name.split(':');
  const dir = path.join(dataDir, ...base.split('/'));
  const versionDir = version ? path.join(dir, version) : newestVersionDir(dir);
  return versionDir ? readInfo(path.join(versionDir, 'dataset_info.json')) : undefined;
}

/** Python's round(): halves go to the even neighbour. */
export function pyRound(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** One boundary of a slice (`99%`, `-10240`, ``) in examples. */
function boundary(text: string, n: number, fallback: number): number | undefined {
  const t = text.trim();
  if (t === '') return fallback;
  const pct = /^(-?\d+(?:\.\d+)?)%$/.exec(t);
  const abs = /^-?\d+$/.test(t) ? Number(t) : undefined;
  let v: number;
  if (pct) v = pyRound((Number(pct[1]) * n) / 100);
  else if (abs !== undefined) v = abs;
  else return undefined;
  if (v < 0) v += n;
  return Math.max(0, Math.min(n, v));
}

/** Examples in a TFDS split string, or undefined when a split is unknown or the syntax is not understood. */
export function splitSize(split: string, splits: SplitSizes): number | undefined {
  let total = 0;
  for (const part of split.split('+')) {
    const m = /^\s*([\w-]+)\s*(?:\[([^\]:]*)(?::([^\]]*))?\])?\s*$/.exec(part);
    if (!m || !(m[1] in splits)) return undefined;
    const n = splits[m[1]];
    if (m[2] === undefined) {
      total += n;
      continue;
    }
    // `train[5]` is not a slice TFDS accepts; only `[a:b]` with either side optional.
    if (m[3] === undefined) return undefined;
    const from = boundary(m[2], n, 0);
    const to = boundary(m[3], n, n);
    if (from === undefined || to === undefined) return undefined;
    total += Math.max(0, to - from);
  }
  return total;
}

/** Examples in `data` (`{name, split, data_dir?}`), when its dataset_info.json is found. */
export function dataSize(data: { name?: unknown; split?: unknown; data_dir?: unknown }, tfdsDataDir?: string): { examples: number; file: string } | undefined {
  if (typeof data.name !== 'string' || typeof data.split !== 'string' || data.name.startsWith('bv:')) return undefined;
  const dir = typeof data.data_dir === 'string' ? data.data_dir : defaultTfdsDataDir(tfdsDataDir);
  const info = datasetInfo(data.name, dir);
  const examples = info && splitSize(data.split, info.splits);
  return info && examples !== undefined ? { examples, file: info.file } : undefined;
}
