import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../tf/testBackend';
import { float32, type HostData } from '../data/hostTensor';
import { classification } from './classification';
import type { EvalState, EvaluatorContext } from './types';

const softmaxXent = (logits: tf.Tensor2D, labels: tf.Tensor2D): tf.Tensor1D => tf.tidy(() => labels.mul(tf.logSoftmax(logits)).sum(1).neg() as tf.Tensor1D);

/** Three examples, two classes; the "model" returns the image values as logits. */
function fakeCtx(batches: HostData[]): EvaluatorContext & { seen: unknown[] } {
  const seen: unknown[] = [];
  return {
    seen,
    async *evalBatches(opts) {
      seen.push(opts);
      yield* batches;
    },
    loss: (name) => {
      if (name !== 'softmax_xent') throw new Error(`unknown loss ${name}`);
      return softmaxXent;
    },
  };
}

const logitsOf = (b: HostData) => tf.tensor2d(b.image.data as Float32Array, [b.image.shape[0], 2]);
const state: EvalState = { predict: logitsOf, outputs: (b) => ({ logits: logitsOf(b), out: {} }) };

describe('evaluators/classification', () => {
  useBackend('cpu');

  it('computes prec@1 and mean loss over non-empty labels, as upstream', async () => {
    // logits argmax: 1, 0, 0, 1; labels: 1 (correct), 1 (wrong), 0 (correct), none (ignored).
    const b1: HostData = { image: float32([2, 2], new Float32Array([0, 1, 2, 0])), labels: float32([2, 2], new Float32Array([0, 1, 0, 1])) };
    const b2: HostData = { image: float32([2, 2], new Float32Array([3, 1, 0, 5])), labels: float32([2, 2], new Float32Array([1, 0, 0, 0])) };
    const ctx = fakeCtx([b1, b2]);
    const tensorsBefore = tf.memory().numTensors;
    const ev = classification.create({ name: 'val', path: ['evals', 'val'], pred: 'predict', kwargs: { loss_name: 'softmax_xent', label_key: 'labels', cache: 'pipeline', data: { name: 'x', split: 'test' }, pp_fn: 'keep("image")', batch_size: 2 } }, ctx);
    const out = new Map<string, number>();
    for await (const [k, v] of ev.run(state)) out.set(k, v);
    assert.deepEqual([...out.keys()], ['prec@1', 'loss']);
    assert.ok(Math.abs(out.get('prec@1')! - 2 / 3) < 1e-6);
    const ls = (a: number, b: number) => Math.log(Math.exp(a) + Math.exp(b));
    const want = (ls(0, 1) - 1 + (ls(2, 0) - 0) + (ls(3, 1) - 3)) / 3;
    assert.ok(Math.abs(out.get('loss')! - want) < 1e-5, `${out.get('loss')} vs ${want}`);
    assert.equal(tf.memory().numTensors, tensorsBefore, "no leaked tensors");
  });

  it('names the eval when the labels are missing', async () => {
    const ctx = fakeCtx([{ image: float32([1, 2], new Float32Array([0, 1])) }]);
    const ev = classification.create({ name: 'val', path: ['evals', 'val'], pred: 'predict', kwargs: { loss_name: 'softmax_xent', label_key: 'labels', cache: 'pipeline', data: {}, pp_fn: '', batch_size: 1 } }, ctx);
    await assert.rejects(async () => {
      for await (const _ of ev.run(state)) void _;
    }, /config\.evals\.val\.pp_fn: the batch has no 'labels'/);
  });
});
