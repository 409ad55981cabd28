import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../tf/testBackend';
import { createModel } from './mlpMixer';
import type { Params } from './types';

const count = (shapes: number[][]): number => shapes.reduce((n, s) => n + s.reduce((a, b) => a * b, 1), 0);

/** Parameter count from the model's own parameter tree (shapes only, nothing allocated). */
function paramCount(model: Record<string, unknown>, classes: number | null, image = [224, 224, 3]): number {
  return count(createModel(model, classes).paramInits(image).map((p) => p.shape));
}

/** An independent forward pass with plain tf ops (flax semantics), to check the model's order of operations. */
function referenceForward(p: Params, images: tf.Tensor4D, blocks: number, patch: number): tf.Tensor {
  const lnorm = (x: tf.Tensor, prefix: string): tf.Tensor => {
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-6))), p[`${prefix}/scale`]), p[`${prefix}/bias`]);
  };
  const gelu = (x: tf.Tensor): tf.Tensor => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3)))))));
  const mlp = (x: tf.Tensor, prefix: string): tf.Tensor => {
    const h = gelu(tf.add(tf.matMul(x as tf.Tensor3D, tf.tile(tf.expandDims(p[`${prefix}/Dense_0/kernel`], 0), [x.shape[0], 1, 1]) as tf.Tensor3D), p[`${prefix}/Dense_0/bias`]));
    return tf.add(tf.matMul(h as tf.Tensor3D, tf.tile(tf.expandDims(p[`${prefix}/Dense_1/kernel`], 0), [x.shape[0], 1, 1]) as tf.Tensor3D), p[`${prefix}/Dense_1/bias`]);
  };
  const stem = tf.add(tf.conv2d(images, p['stem/kernel'] as tf.Tensor4D, patch, 'same'), p['stem/bias']);
  const [b, gh, gw, d] = stem.shape;
  let x: tf.Tensor = stem.reshape([b, gh * gw, d]);
  for (let i = 0; i < blocks; i++) {
    const blk = `MixerBlock_${i}`;
    const y = tf.transpose(mlp(tf.transpose(lnorm(x, `${blk}/LayerNorm_0`), [0, 2, 1]), `${blk}/token_mixing`), [0, 2, 1]);
    x = tf.add(x, y);
    x = tf.add(x, mlp(lnorm(x, `${blk}/LayerNorm_1`), `${blk}/channel_mixing`));
  }
  return tf.add(tf.matMul(tf.mean(lnorm(x, 'pre_head_layer_norm'), 1) as tf.Tensor2D, p['head/kernel'] as tf.Tensor2D), p['head/bias']);
}

const tiny = { patch_size: [4, 4], num_blocks: 2, hidden_dim: 8, tokens_mlp_dim: 6, channels_mlp_dim: 12 };

/** Random (non-zero) values for every parameter, so the head and biases matter too. */
function randomParams(inits: { name: string; shape: number[] }[]): Params {
  return Object.fromEntries(inits.map((q, i) => [q.name, tf.randomNormal(q.shape, 0, 0.5, 'float32', 100 + i)]));
}

describe('models/mlpMixer', () => {
  useBackend('cpu');

  it('B/16 has big_vision’s param tree: names, flax shapes, creation order', () => {
    const inits = createModel({ variant: 'B/16' }, 1000).paramInits([224, 224, 3]);
    const b0 = 'MixerBlock_0';
    assert.deepEqual(inits.slice(0, 20).map((p) => [p.name, p.shape]), [
      ['stem/kernel', [16, 16, 3, 768]], ['stem/bias', [768]],
      [`${b0}/LayerNorm_0/scale`, [768]], [`${b0}/LayerNorm_0/bias`, [768]],
      [`${b0}/token_mixing/Dense_0/kernel`, [196, 384]], [`${b0}/token_mixing/Dense_0/bias`, [384]],
      [`${b0}/token_mixing/Dense_1/kernel`, [384, 196]], [`${b0}/token_mixing/Dense_1/bias`, [196]],
      [`${b0}/LayerNorm_1/scale`, [768]], [`${b0}/LayerNorm_1/bias`, [768]],
      [`${b0}/channel_mixing/Dense_0/kernel`, [768, 3072]], [`${b0}/channel_mixing/Dense_0/bias`, [3072]],
      [`${b0}/channel_mixing/Dense_1/kernel`, [3072, 768]], [`${b0}/channel_mixing/Dense_1/bias`, [768]],
      ['MixerBlock_1/LayerNorm_0/scale', [768]], ['MixerBlock_1/LayerNorm_0/bias', [768]],
      ['MixerBlock_1/token_mixing/Dense_0/kernel', [196, 384]], ['MixerBlock_1/token_mixing/Dense_0/bias', [384]],
      ['MixerBlock_1/token_mixing/Dense_1/kernel', [384, 196]], ['MixerBlock_1/token_mixing/Dense_1/bias', [196]],
    ]);
    assert.deepEqual(inits.slice(-4).map((p) => [p.name, p.shape]), [
      ['pre_head_layer_norm/scale', [768]], ['pre_head_layer_norm/bias', [768]], ['head/kernel', [768, 1000]], ['head/bias', [1000]],
    ]);
    assert.equal(inits.length, 2 + 12 * 12 + 4);
    assert.equal(new Set(inits.map((p) => p.name)).size, inits.length, 'names are unique');
  });

  it('parameter counts of every variant equal the Mixer paper’s (Table 1: without the head) and 59.9M for B/16 with 1000 classes', () => {
    // Table 1 of arXiv:2105.01601, in millions (224px, the head excluded).
    const published: [string, number][] = [['S/32', 19], ['S/16', 18], ['B/32', 60], ['B/16', 59], ['L/32', 206], ['L/16', 207], ['H/14', 431]];
    for (const [variant, millions] of published) {
      const n = paramCount({ variant }, null);
      assert.equal(Math.round(n / 1e6), millions, `${variant}: ${n}`);
    }
    const b16 = paramCount({ variant: 'B/16' }, 1000);
    assert.equal(b16, 59_880_472);
    assert.equal((b16 / 1e6).toFixed(1), '59.9');
    // stem + 12 × (2 LN + token MLP 196↔384 + channel MLP 768↔3072) + LN + head, written out independently.
    assert.equal(b16, 16 * 16 * 3 * 768 + 768 + 12 * (4 * 768 + 2 * 196 * 384 + 384 + 196 + 2 * 768 * 3072 + 3072 + 768) + 2 * 768 + 768 * 1000 + 1000);
  });

  it('forward pass equals an independent plain-tf implementation (SAME stem, swapaxes, LN eps 1e-6, tanh gelu, mean pooling)', () => {
    for (const side of [16, 18]) {
      const m = createModel(tiny, 5);
      const images = tf.randomNormal([3, side, side - 1, 2], 0, 1, 'float32', side) as tf.Tensor4D;
      const params = randomParams(m.paramInits(images.shape.slice(1)));
      const ours = m.apply(params, images).logits;
      const ref = referenceForward(params, images, 2, 4);
      assert.deepEqual(ours.shape, [3, 5]);
      const d = tf.max(tf.abs(tf.sub(ours, ref))).dataSync()[0];
      assert.ok(d < 1e-4, `${side}x${side - 1}: max diff ${d}`);
    }
    assert.deepEqual(createModel(tiny, 5).paramInits([18, 17, 2]).find((p) => p.name.endsWith('token_mixing/Dense_0/kernel'))?.shape, [25, 6], 'SAME: ceil(18/4)·ceil(17/4) tokens');
  });

  it('initialises like upstream: zero head, zero biases, lecun-normal kernels, deterministic in seed; no head without classes', () => {
    const m = createModel(tiny, 10);
    const p = m.init(3, [16, 16, 1]);
    assert.equal(tf.max(tf.abs(p['head/kernel'])).dataSync()[0], 0);
    assert.equal(tf.max(tf.abs(p['MixerBlock_0/channel_mixing/Dense_0/bias'])).dataSync()[0], 0);
    const std = tf.moments(p['MixerBlock_1/channel_mixing/Dense_1/kernel']).variance.sqrt().dataSync()[0];
    assert.ok(Math.abs(std - 1 / Math.sqrt(12)) < 0.05, `lecun_normal std ${std} vs ${1 / Math.sqrt(12)}`);
    assert.deepEqual(Array.from(m.init(3, [16, 16, 1])['stem/kernel'].dataSync()), Array.from(p['stem/kernel'].dataSync()));
    const headless = createModel(tiny, null);
    const q = headless.init(0, [16, 16, 1]);
    assert.ok(!('head/kernel' in q));
    assert.deepEqual(headless.apply(q, tf.zeros([2, 16, 16, 1]) as tf.Tensor4D).logits.shape, [2, 8], 'pre_logits');
  });

  it('stochastic depth as upstream: rate i/(n−1)·stoch_depth per block, whole examples, no rescaling, train only', () => {
    const images = tf.randomNormal([4, 16, 16, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
    const full = createModel({ ...tiny, stoch_depth: 1.0 }, 3);
    const params = randomParams(full.paramInits([16, 16, 1]));
    // Block 0 has rate 0, block 1 (the last) rate 1: training equals the model without block 1.
    const trained = full.apply(params, images, { train: true, seed: 1, step: 7 }).logits;
    const oneBlock = createModel({ ...tiny, num_blocks: 1 }, 3).apply(params, images).logits;
    assert.ok(tf.max(tf.abs(tf.sub(trained, oneBlock))).dataSync()[0] < 1e-5);
    const evalOut = full.apply(params, images).logits;
    assert.ok(tf.max(tf.abs(tf.sub(evalOut, oneBlock))).dataSync()[0] > 1e-3, 'evaluation keeps every block');
    // A rate in between drops some examples' branches and keeps others'; the masks follow (seed, step).
    const half = createModel({ ...tiny, num_blocks: 2, stoch_depth: 0.5 }, 3);
    const big = tf.randomNormal([64, 16, 16, 1], 0, 1, 'float32', 6) as tf.Tensor4D;
    const a = half.apply(params, big, { train: true, seed: 1, step: 1 }).logits;
    const same = half.apply(params, big, { train: true, seed: 1, step: 1 }).logits;
    const other = half.apply(params, big, { train: true, seed: 1, step: 2 }).logits;
    const plain = half.apply(params, big).logits;
    const rowsDiffer = (x: tf.Tensor, y: tf.Tensor): number => tf.sum(tf.cast(tf.greater(tf.max(tf.abs(tf.sub(x, y)), 1), 1e-5), 'int32')).dataSync()[0];
    assert.equal(rowsDiffer(a, same), 0);
    assert.ok(rowsDiffer(a, other) > 0);
    const dropped = rowsDiffer(a, plain);
    assert.ok(dropped > 10 && dropped < 64, `${dropped} of 64 examples had a branch dropped (p = 0.5 at the last block)`);
  });

  it('explicit kwargs override the variant; missing or bad kwargs name the config key', () => {
    const c = createModel({ variant: 'S/32', num_blocks: 2, patch_size: [8, 8] }, 1).config;
    assert.deepEqual([c.hiddenDim, c.numBlocks, c.tokensMlpDim, c.channelsMlpDim, ...c.patchSize], [512, 2, 256, 2048, 8, 8]);
    assert.deepEqual(createModel({ variant: 'H/14' }).config.patchSize, [14, 14]);
    assert.throws(() => createModel({ variant: 'X/16' }), /config\.model\.variant: unknown size 'X'/);
    assert.throws(() => createModel({ variant: 'B' }), /config\.model\.variant: variant 'B' needs a patch size/);
    assert.throws(() => createModel({ ...tiny, hidden_dim: undefined }), /config\.model\.hidden_dim: is required .* without a variant/);
    assert.throws(() => createModel({ ...tiny, patch_size: 4 }), /config\.model\.patch_size: 4 .* two positive integers/);
    assert.throws(() => createModel({ ...tiny, stoch_depth: 2 }), /config\.model\.stoch_depth: 2 .* \[0, 1\]/);
  });
});
