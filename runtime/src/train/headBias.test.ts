import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../tf/testBackend';
import { withInitHeadBias } from './headBias';

describe('train/headBias: config.init_head_bias', () => {
  useBackend('cpu');
  const fresh = () => ({ 'head/kernel': tf.zeros([4, 3]), 'head/bias': tf.zeros([3]) });

  it('fills head/bias with the constant and leaves the other params, in order', () => {
    const p = withInitHeadBias(fresh(), { init_head_bias: -6.9 });
    assert.deepEqual(Object.keys(p), ['head/kernel', 'head/bias']);
    assert.deepEqual(Array.from(p['head/bias'].dataSync()), [-6.9, -6.9, -6.9].map(Math.fround));
    assert.equal(tf.max(tf.abs(p['head/kernel'])).dataSync()[0], 0);
  });

  it('does nothing without the key or with None; a model without a head is an error naming the key', () => {
    const p = fresh();
    assert.equal(withInitHeadBias(p, {}), p);
    assert.equal(withInitHeadBias(p, { init_head_bias: null }), p);
    assert.throws(() => withInitHeadBias({ 'pre_logits/kernel': tf.zeros([2, 2]) }, { init_head_bias: -2 }), /config\.init_head_bias: the model has no head\/bias/);
  });
});
