import * as assert from 'node:assert/strict';
import { dataSize, datasetInfo, splitExamples } from './datasets';
import { TFDS_FIXTURES } from '../check/testHelpers';

describe('check: dataset sizes', () => {
  // mnist 3.0.1 in the fixtures: train in two shards of 3,000, test in one of 1,000.
  const CASES: readonly [string, number | undefined][] = [
    ['train', 6000],
    ['train[:10%]', 600],
    ['train[:2%]+test', 1120],
    ['train[1shard]', 3000],
    ['all', 7000],
    // What TFDS rejects has no size: a single index, an unknown split, a slice past the end.
    ['train[5]', undefined],
    ['dev', undefined],
    ['train[:7000]', undefined],
  ];
  for (const [split, n] of CASES) {
    it(`${split} → ${n}`, () => assert.equal(splitExamples(datasetInfo('mnist', TFDS_FIXTURES)!, split), n));
  }

  it('reads the newest version of a dataset, or the one named, from the data dir', () => {
    assert.deepEqual(datasetInfo('mnist', TFDS_FIXTURES)?.splits, { test: 1000, train: 6000 });
    assert.deepEqual(datasetInfo('mnist:1.0.0', TFDS_FIXTURES)?.splits, { test: 10, train: 60 });
    assert.deepEqual(datasetInfo('mnist:1.*.*', TFDS_FIXTURES)?.version, '1.0.0');
    assert.equal(datasetInfo('cifar10', TFDS_FIXTURES), undefined);
    assert.equal(dataSize({ name: 'mnist', split: 'train[:10%]' }, TFDS_FIXTURES)?.examples, 600);
    assert.equal(dataSize({ name: 'bv:jsonl', split: 'train' }, TFDS_FIXTURES), undefined);
    assert.equal(dataSize({ name: 'mnist', split: 'train', data_dir: '/nonexistent' }, TFDS_FIXTURES), undefined, 'data_dir wins');
  });
});
