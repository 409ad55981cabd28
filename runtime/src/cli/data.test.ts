import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../../../test/fixtures/data/toyDataset';
import { decodeImage } from '../data/image';
import { MNIST_TEST, MNIST_TRAIN } from '../data/mnist';
import { openTfds } from '../data/tfds';
import { loadTfdsInfo, numExamples } from '../data/tfdsInfo';
import { dataPrepareCommand } from './data';

/** Runs `fn` with stdout/stderr captured. */
async function quiet<T>(fn: () => Promise<T>): Promise<{ result: T; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const o = process.stdout.write;
  const e = process.stderr.write;
  process.stdout.write = ((s: string) => out.push(s) > 0) as unknown as typeof process.stdout.write;
  process.stderr.write = ((s: string) => err.push(s) > 0) as unknown as typeof process.stderr.write;
  try {
    return { result: await fn(), out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

describe('bv data prepare', function () {
  this.timeout(60000);
  let tmp: ReturnType<typeof tempDir>;
  before(() => (tmp = tempDir()));
  after(() => tmp.cleanup());

  it('writes the mnist digits as a TFDS dataset that reads back', async () => {
    const { result, out } = await quiet(() => dataPrepareCommand('mnist', { dataDir: tmp.dir }));
    assert.equal(result, 0);
    assert.match(out, /Wrote mnist 3\.0\.1 to .*: test 2000 examples \(1 shard\), train 8000 examples \(4 shards\)/);
    const info = loadTfdsInfo('mnist', tmp.dir);
    assert.equal(info.version, '3.0.1');
    assert.deepEqual(info.splits.train.shardLengths, [2000, 2000, 2000, 2000]);
    assert.equal(numExamples('mnist', 'train', tmp.dir), MNIST_TRAIN);
    assert.equal(numExamples('mnist', 'test', tmp.dir), MNIST_TEST);
    assert.deepEqual(info.features.image.shape, [28, 28, 1]);
    assert.equal(info.features.label.numClasses, 10);
    const files = fs.readdirSync(info.dir).sort();
    assert.deepEqual(files, ['dataset_info.json', 'features.json', 'mnist-test.tfrecord-00000-of-00001',
      ...[0, 1, 2, 3].map((i) => `mnist-train.tfrecord-0000${i}-of-00004`)]);

    const test = openTfds({ name: 'mnist', split: 'test', dataDir: tmp.dir });
    const counts = new Array(10).fill(0);
    let first: { label: number; shape: number[]; ink: number } | undefined;
    for await (const ex of test.read()) {
      const label = Number(ex.label.value[0]);
      counts[label]++;
      if (!first) {
        const image = await decodeImage((ex.image.value as Uint8Array[])[0], 1);
        first = { label, shape: image.shape, ink: image.data.filter((v) => v > 128).length };
      }
    }
    assert.equal(counts.reduce((a, b) => a + b, 0), MNIST_TEST);
    // Every digit is present in the shuffled test split.
    assert.ok(counts.every((c) => c > 100), `per-class counts ${counts}`);
    assert.ok(first && first.label >= 0 && first.label < 10);
    assert.deepEqual(first?.shape, [28, 28, 1]);
    // A real handwritten digit: some ink, mostly background.
    assert.ok(first && first.ink > 30 && first.ink < 400, `ink ${first?.ink}`);
  });

  it('is deterministic and leaves no temporary folder', async () => {
    const before = fs.readFileSync(path.join(tmp.dir, 'mnist', '3.0.1', 'mnist-train.tfrecord-00002-of-00004'));
    assert.equal((await quiet(() => dataPrepareCommand('mnist', { dataDir: tmp.dir }))).result, 0);
    assert.deepEqual(fs.readFileSync(path.join(tmp.dir, 'mnist', '3.0.1', 'mnist-train.tfrecord-00002-of-00004')), before);
    assert.deepEqual(fs.readdirSync(path.join(tmp.dir, 'mnist')), ['3.0.1']);
  });

  it('refuses to replace a real TFDS mnist without --force, and unknown names', async () => {
    const other = tempDir();
    try {
      const dir = path.join(other.dir, 'mnist', '3.0.1');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'dataset_info.json'), JSON.stringify({ moduleName: 'tensorflow_datasets.image_classification.mnist', splits: [] }));
      const refused = await quiet(() => dataPrepareCommand('mnist', { dataDir: other.dir }));
      assert.equal(refused.result, 1);
      assert.match(refused.err, /already holds an mnist dataset that `bv data prepare` did not write.*--force/);
      const unknown = await quiet(() => dataPrepareCommand('cifar10', { dataDir: other.dir }));
      assert.equal(unknown.result, 2);
      assert.match(unknown.err, /unknown dataset 'cifar10'; built in: mnist\. .*`tfds build cifar10`/);
    } finally {
      other.cleanup();
    }
  });
});
