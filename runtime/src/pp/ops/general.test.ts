import * as assert from 'node:assert/strict';
import { float32, int32, uint8, type HostData, type HostTensor } from '../../data/hostTensor';
import { buildPreprocess } from '../builder';

/** Runs a pp string eagerly on one example. */
const run = (pp: string, data: HostData, seed = 0): Promise<HostData> => buildPreprocess(pp)(data, seed) as Promise<HostData>;
const values = (t: HostTensor): number[] => Array.from(t.data as ArrayLike<number>, (v) => Math.round(v * 1e5) / 1e5);

describe('pp ops: value_range, onehot, keep, drop, copy', () => {
  it('value_range maps [0, 255] to [-1, 1] in float32 by default', async () => {
    const out = await run('value_range', { image: uint8([1, 3, 1], Uint8Array.of(0, 51, 255)) });
    assert.equal(out.image.dtype, 'float32');
    assert.deepEqual(out.image.shape, [1, 3, 1]);
    assert.deepEqual(values(out.image), [-1, -0.6, 1]);
  });

  it('value_range takes per-channel input ranges, other outputs and clipping', async () => {
    const img = float32([1, 1, 2], Float32Array.of(10, 20));
    assert.deepEqual(values((await run('value_range(0, 1, in_min=(0, 10), in_max=(20, 30))', { image: img })).image), [0.5, 0.5]);
    const hot = float32([2], Float32Array.of(300, -20));
    assert.deepEqual(values((await run('value_range(key="x")', { x: hot })).x), [1.35294, -1.15686]);
    assert.deepEqual(values((await run('value_range(clip_values=True, key="x")', { x: hot })).x), [1, -1]);
    assert.deepEqual(values((await run('value_range(0, 1, 0, 255, inkey="x", outkey="y")', { x: hot })).y), [1.17647, -0.07843]);
  });

  it('onehot encodes a scalar label into key_result', async () => {
    const out = await run('onehot(4, key="label", key_result="labels")', { label: int32([], Int32Array.of(2)) });
    assert.deepEqual([out.labels.dtype, out.labels.shape, values(out.labels)], ['float32', [4], [0, 0, 1, 0]]);
    assert.ok(out.label, 'the source key stays');
    const soft = await run('onehot(3, on=0.9, off=0.05)', { labels: int32([], Int32Array.of(0)) });
    assert.deepEqual(values(soft.labels), [0.9, 0.05, 0.05]);
    // tf.one_hot of an out-of-range label is all `off`.
    assert.deepEqual(values((await run('onehot(3)', { labels: int32([], Int32Array.of(-1)) })).labels), [0, 0, 0]);
  });

  it('onehot merges several labels (multi=True) or stacks them (multi=False)', async () => {
    const labels = int32([2], Int32Array.of(1, 3));
    assert.deepEqual(values((await run('onehot(4)', { labels })).labels), [0, 1, 0, 1]);
    const stacked = (await run('onehot(4, multi=False)', { labels })).labels;
    assert.deepEqual([stacked.shape, values(stacked)], [[2, 4], [0, 1, 0, 0, 0, 0, 0, 1]]);
    await assert.rejects(run('onehot(2)', { labels }), /label 3 in 'labels' is outside \[0, 2\)/);
  });

  it('keep, drop and copy manage keys', async () => {
    const data = () => ({ image: uint8([1], Uint8Array.of(1)), label: int32([], Int32Array.of(0)), id: int32([], Int32Array.of(9)) });
    assert.deepEqual(Object.keys(await run('keep("image", "label", "absent")', data())).sort(), ['image', 'label']);
    assert.deepEqual(Object.keys(await run('drop("id")', data())).sort(), ['image', 'label']);
    const copied = await run('copy("label", "labels")', data());
    assert.deepEqual(values(copied.labels), [0]);
    await assert.rejects(run('copy("nope", "x")', data()), /copy: the example has no feature 'nope' \(it has: image, label, id\)/);
  });
});
