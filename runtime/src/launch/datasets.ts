/**
 * The datasets a run on the bundled engine needs on its worker. That trainer reads TFDS datasets from the worker's
 * disk (it cannot read gs://), so the datasets the config names (`input.data.name`, each eval's `data.name`) are
 * synced from the local TFDS data dir into the worker's `~/tensorflow_datasets` by hash, again after a node is
 * recreated. A dataset that is not prepared locally is left to the worker (`--setup`, or `--env TFDS_DATA_DIR`).
 */
import * as path from 'node:path';
import { ConfigEngine } from '../config/engine';
import type { JsonValue } from '../config/protocol';
import { defaultDataDir, locateDataset } from '../data/tfdsInfo';
import type { LaunchSpec } from '../runs/engines';
import { listTree, type SyncFile } from './sync';

type Json = { [key: string]: JsonValue };

function dataName(data: JsonValue | undefined): string | undefined {
  const name = data && typeof data === 'object' && !Array.isArray(data) ? (data as Json).name : undefined;
  return typeof name === 'string' && name ? name : undefined;
}

/** The dataset names an evaluated config reads. */
export function datasetsOf(config: Json): string[] {
  const names = new Set<string>();
  const input = config.input as Json | undefined;
  const train = dataName(input?.data);
  if (train) names.add(train);
  const evals = config.evals;
  if (evals && typeof evals === 'object' && !Array.isArray(evals)) {
    for (const e of Object.values(evals as Json)) {
      const n = e && typeof e === 'object' && !Array.isArray(e) ? dataName((e as Json).data) : undefined;
      if (n) names.add(n);
    }
  }
  return [...names];
}

/** Evaluates the run's config (sandboxed, as `bv train` does) and lists the datasets it reads. */
export async function configDatasets(spec: LaunchSpec): Promise<string[]> {
  const engine = new ConfigEngine({ timeoutMs: 10_000, ...(spec.checkout ? { checkout: spec.checkout } : {}) });
  try {
    const result = await engine.evaluate({ file: spec.config, ...(spec.arg !== undefined ? { arg: spec.arg } : {}), overrides: spec.overrides });
    if (!result.ok) throw new Error(`${spec.config}: ${result.error.type}: ${result.error.message}`);
    return datasetsOf(result.config as Json);
  } finally {
    await engine.dispose();
  }
}

/** The files of the locally prepared `names` (paths relative to the data dir), and the names not prepared here. */
export function datasetFiles(names: readonly string[], dataDir = defaultDataDir()): { files: SyncFile[]; missing: string[] } {
  const files: SyncFile[] = [];
  const missing: string[] = [];
  for (const name of names) {
    let dir: string;
    try {
      dir = locateDataset(name, dataDir).dir;
    } catch {
      missing.push(name);
      continue;
    }
    const rel = path.relative(dataDir, dir).split(path.sep).join('/');
    files.push(...listTree(dir).map((f) => ({ ...f, rel: `${rel}/${f.rel}` })));
  }
  return { files, missing };
}
