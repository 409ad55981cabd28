import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../data/rng';
import { useBackend } from '../tf/testBackend';
import { betaSample, mixBatch, mixupCoefficient } from './mixup';

describe('train/mixup', () => {
  useBackend('cpu');

  it('draws Beta(p, p) with the right mean and variance', () => {
    for (const p of [0.2, 0.5, 2]) {
      const rng = new Rng(7);
      const xs = Array.from({ length: 20000 }, () => betaSample(rng, p, p));
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
      // Beta(p, p): mean 1/2, variance 1 / (4 (2p + 1)).
      assert.ok(Math.abs(mean - 0.5) < 0.01, `p=${p}: mean ${mean}`);
      assert.ok(Math.abs(variance - 1 / (4 * (2 * p + 1))) < 0.01, `p=${p}: variance ${variance}`);
    }
  });

  it('folds the coefficient to [0.5, 1], the same for the same (seed, step)', () => {
    const as = Array.from({ length: 200 }, (_, s) => mixupCoefficient(0.5, 3, s + 1));
    assert.ok(as.every((a) => a >= 0.5 && a <= 1));
    assert.equal(mixupCoefficient(0.5, 3, 17), as[16]);
    assert.notEqual(mixupCoefficient(0.5, 4, 17), as[16]);
  });

  it('mixes every example with the one before it (the first with the last), as jnp.roll(x, 1)', () => {
    const x = tf.tensor2d([[1, 0], [0, 1], [10, 10]]);
    const mixed = mixBatch(x, 0.75);
    assert.deepEqual(mixed.arraySync(), [[3.25, 2.5], [0.25, 0.75], [7.5, 7.75]]);
    tf.dispose([x, mixed]);
  });
});
