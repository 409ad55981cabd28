import assert from 'node:assert/strict';
import { shardRows } from './shard';

describe('shardRows', () => {
  it('splits a batch into near-equal row ranges that cover it in order', () => {
    assert.deepEqual(shardRows(5, 2), [[0, 2], [2, 5]]);
    assert.deepEqual(shardRows(128, 2), [[0, 64], [64, 128]]);
    assert.deepEqual(shardRows(7, 3), [[0, 2], [2, 4], [4, 7]]);
  });
});
