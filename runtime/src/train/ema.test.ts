import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../tf/testBackend';
import { ParamsEma } from './ema';

describe('train/ema', () => {
  useBackend('cpu');

  it('starts at a copy of the params and moves by ema = d*ema + (1-d)*params', () => {
    const p0 = { w: tf.tensor1d([1, 2]) };
    const ema = new ParamsEma(0.75, p0);
    assert.notEqual(ema.params.w, p0.w, 'a copy, not the same tensor');
    const p1 = { w: tf.tensor1d([5, 6]) };
    ema.update(p1);
    assert.deepEqual(Array.from(ema.params.w.dataSync()), [2, 3]);
    ema.update(p1);
    assert.deepEqual(Array.from(ema.params.w.dataSync()), [2.75, 3.75]);
    const before = tf.memory().numTensors;
    ema.update(p1);
    assert.equal(tf.memory().numTensors, before, 'the old average is disposed');
    ema.dispose();
    tf.dispose([p0.w, p1.w]);
    assert.throws(() => new ParamsEma(1, {}), /ema_decay must be in \(0, 1\)/);
  });
});
