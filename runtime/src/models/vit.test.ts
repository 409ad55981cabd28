import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../tf/testBackend';
import { createModel, posembSincos2d } from './vit';

describe('models/vit', () => {
  useBackend('cpu');

  it('Ti/16 has big_vision’s param tree: names, flax shapes, count', () => {
    const inits = createModel({ variant: 'Ti/16' }, 1000).paramInits([224, 224, 3]);
    const shapes = new Map(inits.map((p) => [p.name, p.shape]));
    const b0 = 'Transformer/encoderblock_0';
    const expected: [string, number[]][] = [
      ['embedding/kernel', [16, 16, 3, 192]], ['embedding/bias', [192]], ['pos_embedding', [1, 196, 192]],
      [`${b0}/LayerNorm_0/scale`, [192]], [`${b0}/LayerNorm_0/bias`, [192]],
      [`${b0}/MultiHeadDotProductAttention_0/query/kernel`, [192, 3, 64]], [`${b0}/MultiHeadDotProductAttention_0/query/bias`, [3, 64]],
      [`${b0}/MultiHeadDotProductAttention_0/key/kernel`, [192, 3, 64]], [`${b0}/MultiHeadDotProductAttention_0/key/bias`, [3, 64]],
      [`${b0}/MultiHeadDotProductAttention_0/value/kernel`, [192, 3, 64]], [`${b0}/MultiHeadDotProductAttention_0/value/bias`, [3, 64]],
      [`${b0}/MultiHeadDotProductAttention_0/out/kernel`, [3, 64, 192]], [`${b0}/MultiHeadDotProductAttention_0/out/bias`, [192]],
      [`${b0}/LayerNorm_1/scale`, [192]], [`${b0}/LayerNorm_1/bias`, [192]],
      [`${b0}/MlpBlock_0/Dense_0/kernel`, [192, 768]], [`${b0}/MlpBlock_0/Dense_0/bias`, [768]],
      [`${b0}/MlpBlock_0/Dense_1/kernel`, [768, 192]], [`${b0}/MlpBlock_0/Dense_1/bias`, [192]],
      ['Transformer/encoderblock_11/MlpBlock_0/Dense_1/bias', [192]],
      ['Transformer/encoder_norm/scale', [192]], ['Transformer/encoder_norm/bias', [192]],
      ['head/kernel', [192, 1000]], ['head/bias', [1000]],
    ];
    for (const [name, shape] of expected) assert.deepEqual(shapes.get(name), shape, name);
    assert.equal(inits.length, 3 + 12 * 16 + 4, 'embedding (2), pos_embedding, 16 per block, encoder_norm (2), head (2)');
    assert.ok(!shapes.has('cls') && !shapes.has('pre_logits/kernel'), 'gap pooling, no rep_size');
    const count = inits.reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0);
    // 16·16·3·192+192 + 196·192 + 12·(4·(192²+192) + 2·384 + 192·768+768+768·192+192) + 384 + 192·1000+1000
    assert.equal(count, 147_648 + 37_632 + 12 * 444_864 + 384 + 193_000);
  });

  it('pool types, rep_size, head and posemb variants give upstream’s shapes and names', () => {
    const images = tf.randomNormal([2, 16, 16, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const base = { variant: 'mu/4' };
    const run = (model: Record<string, unknown>, classes: number | null, img = images): { shape: number[]; names: string[] } => {
      const m = createModel(model, classes);
      const params = m.init(0, img.shape.slice(1));
      const { logits } = m.apply(params, img);
      const out = { shape: logits.shape, names: Object.keys(params) };
      tf.dispose([logits, ...Object.values(params)]);
      return out;
    };
    assert.deepEqual(run(base, 10).shape, [2, 10]);
    const tok = run({ ...base, pool_type: 'tok' }, 10);
    assert.ok(tok.names.includes('cls'));
    const map = run({ ...base, pool_type: 'map', rep_size: true }, 10);
    assert.deepEqual(map.shape, [2, 10]);
    for (const n of ['MAPHead_0/probe', 'MAPHead_0/MultiHeadDotProductAttention_0/query/kernel', 'MAPHead_0/LayerNorm_0/scale', 'MAPHead_0/MlpBlock_0/Dense_1/kernel', 'pre_logits/kernel']) {
      assert.ok(map.names.includes(n), n);
    }
    assert.deepEqual(run({ ...base, rep_size: 7 }, null).shape, [2, 7], 'no head: the pre_logits representation');
    assert.deepEqual(run({ ...base, pool_type: 'none' }, 5).shape, [2, 16, 5], 'no pooling: logits per token');
    assert.deepEqual(run({ ...base, pool_type: '0', posemb: 'sincos2d' }, 3).shape, [2, 3]);
    const odd = tf.randomNormal([1, 18, 17, 3]) as tf.Tensor4D;
    assert.deepEqual(run(base, 4, odd).shape, [1, 4], 'pixels past the last whole patch are ignored (VALID conv)');
    const scan = run({ ...base, depth: 2, scan: true }, 2);
    assert.ok(scan.names.includes('Transformer/encoderblock/MlpBlock_0/Dense_0/kernel') && !scan.names.some((n) => n.includes('encoderblock_')));
  });

  it('initialises like flax: zero head, 1e-6 MLP biases, posemb N(0, 1/√width), deterministic in seed', () => {
    const m = createModel({ variant: 'mu/4' }, 10);
    const p = m.init(3, [16, 16, 3]);
    assert.equal(tf.max(tf.abs(p['head/kernel'])).dataSync()[0], 0);
    assert.ok(tf.max(tf.abs(p['Transformer/encoderblock_0/MlpBlock_0/Dense_0/bias'])).dataSync()[0] < 1e-5);
    assert.equal(tf.max(tf.abs(p['Transformer/encoderblock_0/MultiHeadDotProductAttention_0/query/bias'])).dataSync()[0], 0);
    const std = tf.moments(p.pos_embedding).variance.sqrt().dataSync()[0];
    assert.ok(Math.abs(std - 1 / Math.sqrt(32)) < 0.03, `posemb std ${std}`);
    // xavier_uniform on [D, heads·hd] = [32, 32]: |w| ≤ √(6/64).
    assert.ok(tf.max(tf.abs(p['Transformer/encoderblock_0/MultiHeadDotProductAttention_0/key/kernel'])).dataSync()[0] <= Math.sqrt(6 / 64));
    const again = m.init(3, [16, 16, 3]);
    assert.deepEqual(Array.from(again['embedding/kernel'].dataSync()), Array.from(p['embedding/kernel'].dataSync()));
    assert.equal(createModel({ variant: 'mu/4', head_zeroinit: false }, 10).paramInits([16, 16, 3]).length, m.paramInits([16, 16, 3]).length);
  });

  it('sincos2d posemb follows MoCo v3 (sin x, cos x, sin y, cos y)', () => {
    const pe = posembSincos2d(2, 3, 8).arraySync()[0];
    // Token (y=1, x=2), width 8: omega = [1, 1/10000]; layout [sin x·ω, cos x·ω, sin y·ω, cos y·ω].
    const t = pe[1 * 3 + 2];
    const expected = [Math.sin(2), Math.sin(2e-4), Math.cos(2), Math.cos(2e-4), Math.sin(1), Math.sin(1e-4), Math.cos(1), Math.cos(1e-4)];
    t.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-6, `${i}: ${v} vs ${expected[i]}`));
  });

  it('explicit kwargs override the variant; bad kwargs name the config key', () => {
    const c = createModel({ variant: 'S/32', depth: 2, mlp_dim: 100 }, 1).config;
    assert.deepEqual([c.width, c.depth, c.mlpDim, c.numHeads, ...c.patchSize], [384, 2, 100, 6, 32, 32]);
    assert.equal(createModel({ width: 64, num_heads: 4 }).config.mlpDim, 256, 'mlp_dim defaults to 4·width');
    assert.throws(() => createModel({ variant: 'X/16' }), /config\.model\.variant: unknown size 'X'/);
    assert.throws(() => createModel({ width: 100, num_heads: 3 }), /config\.model\.num_heads: 3 .* a divisor of width=100/);
    assert.throws(() => createModel({ posemb: 'learned' }), /config\.model\.posemb: "learned" .* 'learn' or 'sincos2d'/);
    assert.throws(() => createModel({ pool_type: 'avg' }), /config\.model\.pool_type: "avg"/);
  });
});
