import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../tf/testBackend';
import { lossImpls, sigmoidXent, softmaxXent } from './losses';

describe('optim/losses', () => {
  useBackend('cpu');

  // Created per test, after the backend is set (not at load time, when no backend may be ready).
  const logitsOf = (): tf.Tensor => tf.tensor2d([[0, 2, -1], [1000, -1000, 0]]);
  const labelsOf = (): tf.Tensor => tf.tensor2d([[0, 1, 0], [1, 0, 0.5]]);
  const logSig = (z: number): number => -Math.log1p(Math.exp(-z));

  it('sigmoid_xent: per example −Σ y·log σ(z) + (1−y)·log σ(−z), mean over the batch', () => {
    const ex0 = -(logSig(-0) + logSig(2) + logSig(1));
    // Huge logits stay finite: log σ(1000) = 0, log σ(−1000)·0 contributes nothing, log σ(0) = −log 2.
    const ex1 = -(0 + 0 + 0.5 * logSig(0) + 0.5 * logSig(0));
    const [logits, labels] = [logitsOf(), labelsOf()];
    const per = Array.from(sigmoidXent(logits, labels, false).dataSync());
    assert.ok(Math.abs(per[0] - ex0) < 1e-5 && Math.abs(per[1] - ex1) < 1e-4, `${per} vs ${[ex0, ex1]}`);
    assert.ok(Math.abs(sigmoidXent(logits, labels).dataSync()[0] - (ex0 + ex1) / 2) < 1e-4);
  });

  it('softmax_xent: −Σ y·log_softmax(z), mean over the batch', () => {
    const lse0 = Math.log(Math.exp(0) + Math.exp(2) + Math.exp(-1));
    const ex0 = -(2 - lse0);
    // Row 2: log_softmax = [0, -2000, -1000]: 1·0 + 0.5·(−1000).
    const ex1 = 500;
    const [logits, labels] = [logitsOf(), labelsOf()];
    const per = Array.from(softmaxXent(logits, labels, false).dataSync());
    assert.ok(Math.abs(per[0] - ex0) < 1e-5 && Math.abs(per[1] - ex1) < 1e-3, `${per}`);
    assert.ok(Math.abs(softmaxXent(logits, labels).dataSync()[0] - (ex0 + ex1) / 2) < 1e-3);
  });

  it('gradients: (σ(z) − y)/B for sigmoid_xent, (softmax(z)·Σy − y)/B for softmax_xent', () => {
    const z = tf.tensor2d([[0.5, -1, 2], [0, 3, -2]]);
    const y = tf.tensor2d([[1, 0, 0], [0, 1, 0]]);
    const gs = tf.grad((t: tf.Tensor) => sigmoidXent(t, y))(z);
    const gm = tf.grad((t: tf.Tensor) => softmaxXent(t, y))(z);
    const d1 = tf.max(tf.abs(tf.sub(gs, tf.div(tf.sub(tf.sigmoid(z), y), 2)))).dataSync()[0];
    const d2 = tf.max(tf.abs(tf.sub(gm, tf.div(tf.sub(tf.softmax(z), y), 2)))).dataSync()[0];
    assert.ok(d1 < 1e-6 && d2 < 1e-6, `${d1} ${d2}`);
  });

  it('are registered by registry name', () => {
    assert.equal(lossImpls.get('sigmoid_xent'), sigmoidXent);
    assert.equal(lossImpls.get('loss.softmax_xent'), softmaxXent);
  });
});
