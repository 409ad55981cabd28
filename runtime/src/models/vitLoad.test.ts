import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../tf/testBackend';
import { loadVit, resamplePosemb } from './vitLoad';

describe('models/vitLoad', () => {
  useBackend('cpu');

  it('merges like common.merge_params: loaded values, dont_load keeps init, one-sided names fail', () => {
    const init = { 'head/kernel': tf.zeros([2, 3]), 'head/bias': tf.zeros([3]), 'embedding/bias': tf.zeros([2]) };
    const loaded = { 'head/kernel': tf.ones([2, 5]), 'head/bias': tf.ones([5]), 'embedding/bias': tf.fill([2], 7) };
    const out = loadVit(init, loaded, ['head/.*']);
    assert.deepEqual(Array.from(out['embedding/bias'].dataSync()), [7, 7]);
    assert.equal(out['head/kernel'], init['head/kernel'], 'dont_load keeps the init tensor');
    assert.throws(() => loadVit(init, loaded), /'head\/kernel' has shape \[2,5\] in the checkpoint, \[2,3\] in the model/);
    assert.throws(() => loadVit(init, { 'embedding/bias': tf.zeros([2]), extra: tf.zeros([1]) }, ['head/.*']), /only in the checkpoint: extra/);
    assert.throws(() => loadVit(init, { 'embedding/bias': tf.zeros([2]) }), /only in the model: head\/kernel, head\/bias/);
  });

  it('resamples pos_embedding on a square grid with corners aligned (scipy zoom, order 1)', () => {
    // 2x2 grid, width 1: values 0 1 / 2 3 → 3x3: corners kept, centre = mean.
    const out = resamplePosemb(tf.tensor3d([0, 1, 2, 3], [1, 4, 1]), 9);
    assert.deepEqual(Array.from(out.dataSync()), [0, 0.5, 1, 1, 1.5, 2, 2, 2.5, 3]);
    const merged = loadVit({ pos_embedding: tf.zeros([1, 9, 1]) }, { pos_embedding: tf.tensor3d([0, 1, 2, 3], [1, 4, 1]) });
    assert.deepEqual(merged.pos_embedding.shape, [1, 9, 1]);
    assert.throws(() => resamplePosemb(tf.zeros([1, 6, 1]), 9), /only square grids/);
  });
});
