import assert from 'node:assert/strict';
import { float32, int32, uint8 } from '../../data/hostTensor';
import { shardRows, splitBatch } from './shard';

describe('splitBatch', () => {
  it('splits every feature along the batch into near-equal compact shards', () => {
    const image = float32([5, 2], Float32Array.from({ length: 10 }, (_, i) => i));
    const labels = int32([5], Int32Array.of(10, 11, 12, 13, 14));
    const shards = splitBatch({ image, labels, raw: uint8([5, 1], Uint8Array.of(1, 2, 3, 4, 5)) }, 2);
    assert.deepEqual(shardRows(5, 2), [[0, 2], [2, 5]]);
    assert.deepEqual(shards.map((s) => s.image.shape), [[2, 2], [3, 2]]);
    assert.deepEqual([...shards[1].image.data as Float32Array], [4, 5, 6, 7, 8, 9]);
    assert.deepEqual([...shards[0].labels.data as Int32Array], [10, 11]);
    assert.deepEqual([...shards[1].raw.data as Uint8Array], [3, 4, 5]);
    // A view would drag the whole batch's buffer through postMessage.
    assert.equal((shards[1].image.data as Float32Array).buffer.byteLength, 6 * 4);
  });

  it('refuses a batch whose features disagree on the batch size', () => {
    assert.throws(() => splitBatch({ image: float32([4, 1]), labels: int32([3]) }, 2), /differ in batch size \(4, 3\)/);
  });
});
