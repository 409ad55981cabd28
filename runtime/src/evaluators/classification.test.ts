import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../tf/testBackend';
import { float32, type HostData } from '../data/hostTensor';
import { evaluatorsFromConfig } from './common';
import { classification } from './classification';
import { EVALUATOR_IMPLS } from './registerAll';
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
    loss: (name, key) => {
      if (name !== 'softmax_xent') throw new Error(`${key}: unknown loss ${name}`);
      return softmaxXent;
    },
  };
}

const state: EvalState = { predict: (b) => tf.tensor2d(b.image.data as Float32Array, [b.image.shape[0], 2]) };

describe('evaluators/classification', () => {
  useBackend('cpu');

  it('computes prec@1 and mean loss over non-empty labels, as upstream', async () => {
    // logits argmax: 1, 0, 0, 1; labels: 1 (correct), 1 (wrong), 0 (correct), none (ignored).
    const b1: HostData = { image: float32([2, 2], new Float32Array([0, 1, 2, 0])), labels: float32([2, 2], new Float32Array([0, 1, 0, 1])) };
    const b2: HostData = { image: float32([2, 2], new Float32Array([3, 1, 0, 5])), labels: float32([2, 2], new Float32Array([1, 0, 0, 0])) };
    const ctx = fakeCtx([b1, b2]);
    const tensorsBefore = tf.memory().numTensors;
    const ev = classification.create({ name: 'val', pred: 'predict', kwargs: { loss_name: 'softmax_xent', data: { name: 'x', split: 'test' }, pp_fn: 'keep("image")', batch_size: 2 } }, ctx);
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
    const ev = classification.create({ name: 'val', pred: 'predict', kwargs: { loss_name: 'softmax_xent', data: {}, pp_fn: '', batch_size: 1 } }, ctx);
    await assert.rejects(async () => {
      for await (const _ of ev.run(state)) void _;
    }, /config\.evals\.val: the batch has no 'labels'/);
  });
});

describe('evaluators/common', () => {
  const base = { input: { batch_size: 32 }, evals: {} as Record<string, unknown> };
  const durations = { dataSize: 640, batchSize: 32, totalSteps: 100 };
  const build = (evals: Record<string, unknown>, extra = {}) => evaluatorsFromConfig({ ...base, ...extra, evals }, durations, fakeCtx([]), EVALUATOR_IMPLS);
  const entry = { type: 'classification', data: { name: 'mnist', split: 'test' }, pp_fn: 'decode', loss_name: 'softmax_xent' };

  it('fills prefix, log steps in any unit, skip_first and the batch size fallback', async () => {
    const [a, b] = build({ val: { ...entry, log_epochs: 1 }, test: { ...entry, prefix: 'z/', log_percent: 0.5, skip_first: true } }, { batch_size_eval: 7 });
    assert.deepEqual([a.name, a.prefix, a.logSteps, a.skipFirst], ['val', 'val/', 20, false]);
    assert.deepEqual([b.prefix, b.logSteps, b.skipFirst], ['z/', 50, true]);
    const ctx = fakeCtx([]);
    const [c] = evaluatorsFromConfig({ ...base, evals: { val: entry } }, durations, ctx, EVALUATOR_IMPLS);
    assert.equal(c.logSteps, null);
    for await (const _ of c.get().run(state)) void _;
    assert.equal((ctx.seen[0] as { batchSize: number }).batchSize, 32, 'falls back to input.batch_size');
  });

  it('names the key for unknown types, unbundled types, missing keys and predict fns', () => {
    assert.throws(() => build({ val: { ...entry, type: 'clasification' } }), /config\.evals\.val\.type: unknown evaluator 'clasification'\. Did you mean 'classification'/);
    assert.throws(() => build({ fewshot: { ...entry, type: 'fewshot_lsr' } }), /config\.evals\.fewshot\.type: .*does not implement it \(bundled: classification\)/);
    assert.throws(() => build({ val: { ...entry, loss_name: undefined } }), /config\.evals\.val\.loss_name: 'classification' needs 'loss_name'/);
    assert.throws(() => build({ val: { ...entry, pred: 'logits' } }), /config\.evals\.val\.pred: unknown predict fn 'logits'/);
  });
});
