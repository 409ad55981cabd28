import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeToyDataset, tempDir } from '../../../test/fixtures/data/toyDataset';
import { openTfds } from './tfds';
import { DatasetNotFoundError, defaultDataDir, loadTfdsInfo, locateDataset, numExamples, parseDatasetName, shardPath } from './tfdsInfo';

describe('TFDS prepared datasets', () => {
  let tmp: ReturnType<typeof tempDir>;
  before(async () => {
    tmp = tempDir();
    await makeToyDataset(tmp.dir, { version: '1.0.0' });
    await makeToyDataset(tmp.dir, { version: '1.2.0', train: 12 });
    await makeToyDataset(tmp.dir, { name: 'coco', config: '2017_panoptic', version: '1.1.0', train: 5, trainShards: 1 });
    await makeToyDataset(tmp.dir, { name: 'coco', config: '2017', version: '1.1.0', train: 6, trainShards: 1 });
    await makeToyDataset(tmp.dir, { name: 'voc', config: '2007', version: '4.0.0', train: 3, trainShards: 1 });
    // An unfinished build: no dataset_info.json, never chosen.
    fs.mkdirSync(path.join(tmp.dir, 'toy_digits', '9.0.0'));
  });
  after(() => tmp.cleanup());

  it('parses dataset names with config and version', () => {
    assert.deepEqual(parseDatasetName('mnist'), { name: 'mnist' });
    assert.deepEqual(parseDatasetName('mnist:3.0.1'), { name: 'mnist', version: '3.0.1' });
    assert.deepEqual(parseDatasetName('coco/2017_panoptic'), { name: 'coco', config: '2017_panoptic' });
    assert.deepEqual(parseDatasetName('oxford_iiit_pet:3.*.*'), { name: 'oxford_iiit_pet', version: '3.*.*' });
    assert.throws(() => parseDatasetName('mnist:3'), /Bad dataset name 'mnist:3'/);
  });

  it('defaults the data dir like TFDS', () => {
    assert.equal(defaultDataDir({ TFDS_DATA_DIR: '/data/tfds' }), '/data/tfds');
    assert.match(defaultDataDir({}), /tensorflow_datasets$/);
  });

  it('picks the highest prepared version unless one is named', () => {
    assert.equal(locateDataset('toy_digits', tmp.dir).name.version, '1.2.0');
    assert.equal(locateDataset('toy_digits:1.0.0', tmp.dir).name.version, '1.0.0');
    assert.equal(locateDataset('toy_digits:1.*.*', tmp.dir).name.version, '1.2.0');
    assert.equal(locateDataset('coco/2017_panoptic', tmp.dir).dir, path.join(tmp.dir, 'coco', '2017_panoptic', '1.1.0'));
    // A single prepared config needs no name.
    assert.equal(locateDataset('voc', tmp.dir).name.config, '2007');
  });

  it('reads split sizes and features from dataset_info.json / features.json', () => {
    const info = loadTfdsInfo('toy_digits:1.0.0', tmp.dir);
    assert.deepEqual(Object.keys(info.splits), ['train', 'test']);
    assert.deepEqual(info.splits.train.shardLengths, [4, 3, 3]);
    assert.equal(info.features.label.numClasses, 3);
    assert.equal(path.basename(shardPath(info, 'train', 1)), 'toy_digits-train.tfrecord-00001-of-00003');
    assert.equal(numExamples('toy_digits', 'train[:50%]+test', tmp.dir), 6 + 4);
    assert.equal(numExamples('coco/2017', 'train', tmp.dir), 6);
  });

  it('names the paths searched and how to prepare a missing dataset', () => {
    assert.throws(() => locateDataset('mnist', tmp.dir), (err: unknown) => {
      assert.ok(err instanceof DatasetNotFoundError);
      assert.deepEqual(err.searched, [path.join(tmp.dir, 'mnist')]);
      assert.match(err.message, /Dataset 'mnist' not found: .*mnist does not exist\. Searched: .*mnist\. Prepare it with `bv data prepare mnist`/);
      return true;
    });
    assert.throws(() => locateDataset('cifar10', tmp.dir), /Prepare it with `tfds build cifar10`.*input\.data\.data_dir/);
    assert.throws(() => locateDataset('coco', tmp.dir), /several configs \(.*2017.*\); name one, e.g. 'coco\/2017/);
    assert.throws(() => locateDataset('toy_digits:2.0.0', tmp.dir), /version 2.0.0 is not prepared \(found 1.2.0, 1.0.0\)/);
  });

  it('reads a slice in order, opening only the shards it needs', async () => {
    const ds = openTfds({ name: 'toy_digits:1.0.0', split: 'train[5:7]', dataDir: tmp.dir });
    assert.equal(ds.info.numExamples, 2);
    assert.deepEqual(ds.instructions, [{ split: 'train', shard: 1, skip: 1, take: 2 }]);
    // Shards 0 and 2 are not needed: removing them must not matter.
    fs.renameSync(path.join(ds.info.dir, 'toy_digits-train.tfrecord-00000-of-00003'), path.join(tmp.dir, 'moved0'));
    try {
      const labels: number[] = [];
      for await (const ex of ds.read()) labels.push(Number(ex.label.value[0]));
      assert.deepEqual(labels, [5 % 3, 6 % 3]);
      const recs = [];
      for await (const r of ds.readBlock(0, 1)) recs.push(ds.decode(r));
      assert.deepEqual(recs.map((d) => [d.image.dtype, d.label.shape, (d.label.data as Int32Array)[0]]), [['bytes', [], 0]]);
    } finally {
      fs.renameSync(path.join(tmp.dir, 'moved0'), path.join(ds.info.dir, 'toy_digits-train.tfrecord-00000-of-00003'));
    }
  });

  it('reports a shard shorter than dataset_info.json says', async () => {
    const info = loadTfdsInfo('toy_digits:1.2.0', tmp.dir);
    const file = shardPath(info, 'test', 0);
    const saved = fs.readFileSync(file);
    const raw = JSON.parse(fs.readFileSync(path.join(info.dir, 'dataset_info.json'), 'utf8'));
    try {
      raw.splits.find((s: { name: string }) => s.name === 'test').shardLengths = ['5'];
      fs.writeFileSync(path.join(info.dir, 'dataset_info.json'), JSON.stringify(raw));
      const ds = openTfds({ name: 'toy_digits:1.2.0', split: 'test', dataDir: tmp.dir });
      await assert.rejects(async () => {
        for await (const ex of ds.read()) void ex;
      }, /has fewer records than dataset_info.json says/);
    } finally {
      raw.splits.find((s: { name: string }) => s.name === 'test').shardLengths = ['4'];
      fs.writeFileSync(path.join(info.dir, 'dataset_info.json'), JSON.stringify(raw));
      fs.writeFileSync(file, saved);
    }
  });

  it('rejects a bad split with the dataset named', () => {
    assert.throws(() => openTfds({ name: 'toy_digits', split: 'validation', dataDir: tmp.dir }), /unknown split 'validation'; the dataset has 'train', 'test'.*\[dataset toy_digits in/);
  });
});
