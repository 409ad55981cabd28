import * as assert from 'node:assert/strict';
import { dataSize, datasetInfo, pyRound, splitSize } from './datasets';
import { TFDS_FIXTURES } from './testHelpers';

describe('check: dataset sizes', () => {
  const SPLITS = { train: 50000, test: 10000, validation: 999 };
  const CASES: readonly [string, number | undefined][] = [
    ['train', 50000],
    ['train[:99%]', 49500],
    ['train[99%:]', 500],
    ['train[:-10240]', 39760],
    ['train[10:20]', 10],
    ['train[:2%]+test', 11000],
    [' train + validation[:50%] ', 50500],
    // 999 * 0.5 = 499.5: Python's round goes to the even 500, then [500, 999) has 499.
    ['validation[50%:]', 499],
    ['train[5]', undefined],
    ['dev', undefined],
    ['train[a:b]', undefined],
  ];
  for (const [split, n] of CASES) {
    it(`${split} → ${n}`, () => assert.equal(splitSize(split, SPLITS), n));
  }

  it('rounds halves to even, like Python', () => {
    assert.deepEqual([0.5, 1.5, 2.5, -0.5, 2.4].map(pyRound), [0, 2, 2, -0, 2]);
  });

  it('reads the newest version of a dataset, or the one named, from the data dir', () => {
    assert.deepEqual(datasetInfo('mnist', TFDS_FIXTURES)?.splits, { test: 1000, train: 6000 });
    assert.deepEqual(datasetInfo('mnist:1.0.0', TFDS_FIXTURES)?.splits, { test: 10, train: 60 });
    assert.equal(datasetInfo('cifar10', TFDS_FIXTURES), undefined);
    assert.equal(dataSize({ name: 'mnist', split: 'train[:10%]' }, TFDS_FIXTURES)?.examples, 600);
    assert.equal(dataSize({ name: 'bv:jsonl', split: 'train' }, TFDS_FIXTURES), undefined);
    assert.equal(dataSize({ name: 'mnist', split: 'train', data_dir: '/nonexistent' }, TFDS_FIXTURES), undefined, 'data_dir wins');
  });
});
