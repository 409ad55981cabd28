import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../tf/backend';
import { useBackend } from '../tf/testBackend';
import { createBit, createBitPaper, type BitResNet } from './bit';
import { maxPool } from './bitLayers';
import type { Params } from './types';

const count = (shapes: number[][]): number => shapes.reduce((n, s) => n + s.reduce((a, b) => a * b, 1), 0);

/** Parameter count from the model's own parameter tree (shapes only, nothing allocated). */
const paramCount = (m: BitResNet, image = [224, 224, 3]): number => count(m.paramInits(image).map((p) => p.shape));

/**
 * An independent forward pass with tfjs's own conv2d and max pool (flax semantics written out: jnp.std, flax's
 * GroupNorm variance E[x²]−E[x]², bit_paper's explicit pads), for a model with per-stage `blocks`.
 */
function referenceForward(version: 'bit' | 'bit_paper', p: Params, images: tf.Tensor4D, blocks: number[], width: number): tf.Tensor {
  const v1 = version === 'bit';
  const ws = (w: tf.Tensor): tf.Tensor4D => {
    const mean = tf.mean(w, [0, 1, 2]);
    const c = tf.sub(w, mean);
    const sq = tf.mean(tf.square(c), [0, 1, 2]);
    return (v1 ? tf.div(c, tf.add(tf.sqrt(sq), 1e-5)) : tf.div(c, tf.sqrt(tf.add(sq, 1e-10)))) as tf.Tensor4D;
  };
  const conv = (x: tf.Tensor4D, name: string, s: number, pad: 'same' | number): tf.Tensor4D =>
    tf.conv2d(x, ws(p[`${name}/kernel`]), s, typeof pad === 'number' ? [[0, 0], [pad, pad], [pad, pad], [0, 0]] : pad);
  const gn = (x: tf.Tensor4D, name: string): tf.Tensor4D => {
    const [b, h, w, c] = x.shape;
    const g = x.reshape([b, h, w, 32, c / 32]);
    const m = tf.mean(g, [1, 2, 4], true);
    const variance = v1 ? tf.sub(tf.mean(tf.square(g), [1, 2, 4], true), tf.square(m)) : tf.mean(tf.square(tf.sub(g, m)), [1, 2, 4], true);
    const n = tf.div(tf.sub(g, m), tf.sqrt(tf.add(variance, v1 ? 1e-6 : 1e-5))).reshape([b, h, w, c]);
    return tf.add(tf.mul(n, p[`${name}/scale`].reshape([c])), p[`${name}/bias`].reshape([c])) as tf.Tensor4D;
  };
  const root = Math.trunc(64 * width);
  let x: tf.Tensor4D = v1 ? tf.maxPool(tf.relu(gn(conv(images, 'conv_root', 2, 'same'), 'gn_root')), 3, 2, 'same') : tf.maxPool(conv(images, 'root_block/conv_root', 2, 3), 3, 2, 1);
  let nin = root;
  blocks.forEach((n, s) => {
    const nmid = root * 2 ** s;
    for (let u = 0; u < n; u++) {
      const pre = `block${s + 1}/unit${v1 ? u + 1 : String(u + 1).padStart(2, '0')}`;
      const stride = s > 0 && u === 0 ? 2 : 1;
      const proj = nin !== 4 * nmid || stride !== 1;
      if (v1) {
        const res = proj ? gn(conv(x, `${pre}/conv_proj`, stride, 'same'), `${pre}/gn_proj`) : x;
        let y = tf.relu(gn(conv(x, `${pre}/conv1`, 1, 'same'), `${pre}/gn1`));
        y = tf.relu(gn(conv(y, `${pre}/conv2`, stride, 'same'), `${pre}/gn2`));
        x = tf.relu(tf.add(res, gn(conv(y, `${pre}/conv3`, 1, 'same'), `${pre}/gn3`)) as tf.Tensor4D);
      } else {
        const a = tf.relu(gn(x, `${pre}/gn1`));
        const res = proj ? conv(a, `${pre}/conv_proj`, stride, 0) : x;
        let y = tf.relu(gn(conv(a, `${pre}/conv1`, 1, 0), `${pre}/gn2`));
        y = tf.relu(gn(conv(y, `${pre}/conv2`, stride, 1), `${pre}/gn3`));
        x = tf.add(conv(y, `${pre}/conv3`, 1, 0), res);
      }
      nin = 4 * nmid;
    }
  });
  if (!v1) x = tf.relu(gn(x, 'norm-pre-head'));
  return tf.add(tf.matMul(tf.mean(x, [1, 2]) as tf.Tensor2D, p['head/kernel'] as tf.Tensor2D), p['head/bias']);
}

/** Random values for every parameter (GroupNorm scales around 1), so every path matters. */
function randomParams(m: BitResNet, image: number[]): Params {
  return Object.fromEntries(
    m.paramInits(image).map((q, i) => [q.name, q.name.endsWith('/scale') ? tf.add(1, tf.randomNormal(q.shape, 0, 0.2, 'float32', i)) : tf.randomNormal(q.shape, 0, 0.3, 'float32', 100 + i)]),
  );
}

const SMALL = { width: 0.5, depth: [1, 2] };

describe('models/bit', () => {
  useBackend('cpu');

  it('bit (ResNet v1) R50x1 has big_vision’s param tree: names, flax shapes, creation order', () => {
    const inits = createBit({ depth: 50, width: 1 }, 1000).paramInits([224, 224, 3]);
    const names = inits.map((p) => [p.name, p.shape]);
    assert.deepEqual(names.slice(0, 12), [
      ['conv_root/kernel', [7, 7, 3, 64]], ['gn_root/scale', [64]], ['gn_root/bias', [64]],
      ['block1/unit1/conv_proj/kernel', [1, 1, 64, 256]], ['block1/unit1/gn_proj/scale', [256]], ['block1/unit1/gn_proj/bias', [256]],
      ['block1/unit1/conv1/kernel', [1, 1, 64, 64]], ['block1/unit1/gn1/scale', [64]], ['block1/unit1/gn1/bias', [64]],
      ['block1/unit1/conv2/kernel', [3, 3, 64, 64]], ['block1/unit1/gn2/scale', [64]], ['block1/unit1/gn2/bias', [64]],
    ]);
    const shapes = new Map(inits.map((p) => [p.name, p.shape]));
    assert.deepEqual(shapes.get('block2/unit1/conv_proj/kernel'), [1, 1, 256, 512]);
    assert.deepEqual(shapes.get('block4/unit3/conv3/kernel'), [1, 1, 512, 2048]);
    assert.deepEqual(shapes.get('head/kernel'), [2048, 1000]);
    assert.ok(!shapes.has('block1/unit2/conv_proj/kernel') && !shapes.has('block4/unit4/conv1/kernel') && shapes.has('block3/unit6/gn3/bias'));
  });

  it('bit_paper (ResNet v2) R50x1 has the BiT checkpoints’ tree: unit01 names, [1,1,1,C] GroupNorms, norm-pre-head', () => {
    const inits = createBitPaper({ depth: 50, width: 1 }, 1000).paramInits([224, 224, 3]);
    assert.deepEqual(inits.slice(0, 9).map((p) => [p.name, p.shape]), [
      ['root_block/conv_root/kernel', [7, 7, 3, 64]],
      ['block1/unit01/gn1/scale', [1, 1, 1, 64]], ['block1/unit01/gn1/bias', [1, 1, 1, 64]],
      ['block1/unit01/conv_proj/kernel', [1, 1, 64, 256]], ['block1/unit01/conv1/kernel', [1, 1, 64, 64]],
      ['block1/unit01/gn2/scale', [1, 1, 1, 64]], ['block1/unit01/gn2/bias', [1, 1, 1, 64]],
      ['block1/unit01/conv2/kernel', [3, 3, 64, 64]], ['block1/unit01/gn3/scale', [1, 1, 1, 64]],
    ]);
    assert.deepEqual(inits.slice(-4).map((p) => [p.name, p.shape]), [
      ['norm-pre-head/scale', [1, 1, 1, 2048]], ['norm-pre-head/bias', [1, 1, 1, 2048]], ['head/kernel', [2048, 1000]], ['head/bias', [1000]],
    ]);
    assert.ok(inits.some((p) => p.name === 'block3/unit06/conv3/kernel') && !inits.some((p) => p.name.includes('gn_proj')));
  });

  it('parameter counts equal the published ones (1000 classes, 224px)', () => {
    // ResNet v1 with GroupNorm has exactly torchvision's ResNet-50/101/152 counts (GN's affine = BN's); R26 as timm's.
    const v1: [number, number][] = [[50, 25_557_032], [101, 44_549_160], [152, 60_192_808]];
    for (const [depth, n] of v1) assert.equal(paramCount(createBit({ depth, width: 1 }, 1000)), n, `bit R${depth}x1`);
    assert.equal((paramCount(createBit({ depth: 26 }, 1000)) / 1e6).toFixed(1), '16.0');
    // BiT (ResNet v2) as released: R50x1 25.5M, R50x3 217.3M, R101x1 44.5M, R101x3 387.9M, R152x2 236.3M, R152x4 936.5M.
    const v2: [number, number, string][] = [[50, 1, '25.5'], [50, 3, '217.3'], [101, 1, '44.5'], [101, 3, '387.9'], [152, 2, '236.3'], [152, 4, '936.5']];
    for (const [depth, width, millions] of v2) assert.equal((paramCount(createBitPaper({ depth, width }, 1000)) / 1e6).toFixed(1), millions, `bit_paper R${depth}x${width}`);
    assert.equal(paramCount(createBitPaper({ depth: 50, width: 1 }, 1000)), 25_549_352);
    assert.equal(paramCount(createBit({ depth: 50 }, null)), 25_557_032 - 2049 * 1000, 'no head without classes');
  });

  for (const version of ['bit', 'bit_paper'] as const) {
    it(`${version}: forward pass equals an independent implementation on tfjs's own conv2d (odd and even sides)`, () => {
      const create = version === 'bit' ? createBit : createBitPaper;
      for (const image of [[3, 20, 20, 3], [2, 19, 22, 1]] as [number, number, number, number][]) {
        const m = create(SMALL, 7);
        const params = randomParams(m, image.slice(1));
        const images = tf.randomNormal(image, 0, 1, 'float32', 9) as tf.Tensor4D;
        const ours = m.apply(params, images).logits;
        const ref = referenceForward(version, params, images, SMALL.depth, SMALL.width);
        assert.deepEqual(ours.shape, [image[0], 7]);
        const d = tf.max(tf.abs(tf.sub(ours, ref))).dataSync()[0];
        assert.ok(d < 1e-4, `${image}: max diff ${d}`);
      }
    });
  }

  it('initialises like upstream: zero head (bit_paper: unless head_zeroinit=False), v1’s gn3 scale zero, lecun-normal convs', () => {
    const p = createBit(SMALL, 4).init(0, [16, 16, 3]);
    assert.equal(tf.max(tf.abs(p['head/kernel'])).dataSync()[0], 0);
    assert.equal(tf.max(tf.abs(p['block1/unit1/gn3/scale'])).dataSync()[0], 0);
    assert.equal(tf.min(p['block1/unit1/gn2/scale']).dataSync()[0], 1);
    const std = tf.moments(p['block2/unit1/conv2/kernel']).variance.sqrt().dataSync()[0];
    assert.ok(Math.abs(std - 1 / Math.sqrt(9 * 64)) < 0.01, `conv2 std ${std}`);
    const q = createBitPaper({ ...SMALL, head_zeroinit: false }, 4).init(0, [16, 16, 3]);
    assert.ok(tf.max(tf.abs(q['head/kernel'])).dataSync()[0] > 0);
    assert.equal(tf.min(q['block1/unit01/gn3/scale']).dataSync()[0], 1);
  });

  it('trains on wasm: gradients of every parameter match the cpu backend’s (tfjs’s own conv gradients)', async () => {
    const image: [number, number, number, number] = [2, 16, 16, 3];
    const grads = (version: 'bit' | 'bit_paper', impl: 'ours' | 'reference'): Map<string, Float32Array> => {
      const m = version === 'bit' ? createBit(SMALL, 3) : createBitPaper(SMALL, 3);
      const params = randomParams(m, image.slice(1));
      const names = Object.keys(params);
      const images = tf.randomNormal(image, 0, 1, 'float32', 4) as tf.Tensor4D;
      const f = (...ts: tf.Tensor[]): tf.Scalar => {
        const p = Object.fromEntries(names.map((n, i) => [n, ts[i]]));
        const logits = impl === 'ours' ? m.apply(p, images).logits : referenceForward(version, p, images, SMALL.depth, SMALL.width);
        return tf.sum(tf.mul(logits, tf.randomUniform(logits.shape, -1, 1, 'float32', 5)));
      };
      const g = tf.grads(f)(names.map((n) => params[n]));
      const out = new Map(names.map((n, i) => [n, g[i].dataSync() as Float32Array]));
      tf.dispose([...g, ...Object.values(params), images]);
      return out;
    };
    const reference = { bit: grads('bit', 'reference'), bit_paper: grads('bit_paper', 'reference') };
    await selectBackend('wasm');
    try {
      for (const version of ['bit', 'bit_paper'] as const) {
        const ours = grads(version, 'ours');
        let worst = 0;
        for (const [name, ref] of reference[version]) {
          const got = ours.get(name) as Float32Array;
          const scale = Math.max(1, ...Array.from(ref, Math.abs));
          for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(got[i] - ref[i]) / scale);
        }
        assert.ok(worst < 1e-4, `${version}: worst relative gradient difference ${worst}`);
      }
    } finally {
      await selectBackend('cpu');
    }
  });

  it('the stem’s max pool: −inf padding, and on wasm the gradient of all-negative windows reaches their maximum', async () => {
    const run = (): Float32Array[] =>
      tf.tidy(() => {
        const x = tf.sub(tf.randomNormal([2, 9, 8, 3], 0, 1, 'float32', 3), 5) as tf.Tensor4D;
        const r = tf.randomUniform([2, 5, 4, 3], 0, 1, 'float32', 4);
        const { value, grads } = tf.valueAndGrads((a: tf.Tensor) => tf.sum(tf.mul(maxPool(a as tf.Tensor4D, 3, 2, [[1, 1], [1, 1]]), r)) as tf.Scalar)([x]);
        const reference = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, 3, 2, 1), r)))(x);
        return [value, grads[0], reference].map((t) => t.dataSync() as Float32Array);
      });
    const same = (a: Float32Array, b: Float32Array): boolean => a.every((v, i) => (v === 0) === (b[i] === 0) && Math.abs(v - b[i]) < 1e-5);
    const [value, grad, reference] = run();
    assert.ok(same(grad, reference), 'cpu: as tfjs’s own padded max pool');
    await selectBackend('wasm');
    try {
      const [wValue, wGrad] = run();
      assert.ok(Math.abs(wValue[0] - value[0]) < 1e-4);
      assert.ok(same(wGrad, reference), 'wasm: the same pixels get the same gradient');
    } finally {
      await selectBackend('cpu');
    }
  });

  it('bad width or depth names the config key and the allowed values', () => {
    assert.throws(() => createBit({ width: 0.25 }), /config\.model\.width: 0\.25 .*int\(64·width\) = 16 channels must split into GroupNorm's 32 groups/);
    assert.throws(() => createBit({ depth: 34 }), /config\.model\.depth: 34 .*one of 26, 50, 101, 152, 200/);
    assert.throws(() => createBitPaper({ depth: [3, 0] }), /config\.model\.depth: \[3,0\] .*per-stage block counts/);
    assert.deepEqual(createBit({ depth: [3, 5, 10, 2], width: 1.5 }).config.blocks, [3, 5, 10, 2]);
    assert.equal(createBit({ width: 1.5 }).config.rootWidth, 96);
  });
});
