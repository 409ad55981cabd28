import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../tf/backend';
import { conv2d, resolvePadding, type Padding } from './conv';

interface Case {
  readonly name: string;
  readonly x: [number, number, number, number];
  readonly w: [number, number, number, number];
  readonly strides: [number, number];
  readonly padding: Padding;
}

// Every geometry the bundled ResNets and the Mixer stem use, plus odd sizes (SAME pads the odd pixel after).
const CASES: readonly Case[] = [
  { name: '7x7/2 SAME (bit root)', x: [2, 15, 14, 3], w: [7, 7, 3, 8], strides: [2, 2], padding: 'SAME' },
  { name: '7x7/2 pad 3 (bit_paper root)', x: [2, 14, 14, 3], w: [7, 7, 3, 8], strides: [2, 2], padding: [[3, 3], [3, 3]] },
  { name: '3x3/1 SAME', x: [2, 7, 6, 5], w: [3, 3, 5, 6], strides: [1, 1], padding: 'SAME' },
  { name: '3x3/2 SAME, odd input', x: [2, 9, 7, 4], w: [3, 3, 4, 6], strides: [2, 2], padding: 'SAME' },
  { name: '3x3/2 pad 1', x: [3, 8, 8, 4], w: [3, 3, 4, 5], strides: [2, 2], padding: [[1, 1], [1, 1]] },
  { name: '1x1/1', x: [2, 5, 5, 6], w: [1, 1, 6, 9], strides: [1, 1], padding: 'SAME' },
  { name: '1x1/2, odd input (bit conv_proj)', x: [2, 7, 6, 6], w: [1, 1, 6, 4], strides: [2, 2], padding: 'SAME' },
  { name: '4x4/4 SAME, non-divisible (mixer stem)', x: [2, 10, 9, 1], w: [4, 4, 1, 7], strides: [4, 4], padding: 'SAME' },
  { name: '4x4/4 VALID', x: [2, 10, 9, 2], w: [4, 4, 2, 7], strides: [4, 4], padding: 'VALID' },
];

/** Output, dx and dw of sum(conv(x, w)·r) for a fixed random r, as plain arrays. */
function run(c: Case, impl: 'ours' | 'tfjs'): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.randomNormal(c.x, 0, 1, 'float32', 1) as tf.Tensor4D;
    const w = tf.randomNormal(c.w, 0, 1, 'float32', 2) as tf.Tensor4D;
    const pads = resolvePadding(c.padding, c.x[1], c.x[2], c.w[0], c.w[1], ...c.strides);
    const f = (a: tf.Tensor, b: tf.Tensor): tf.Tensor =>
      impl === 'ours'
        ? conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.padding)
        : tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, [[0, 0], [...pads[0]], [...pads[1]], [0, 0]]);
    const y = f(x, w);
    const r = tf.randomUniform(y.shape, -1, 1, 'float32', 3);
    const { grads } = tf.valueAndGrads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a, b), r)) as tf.Scalar)([x, w]);
    return [y, ...grads].map((t) => t.dataSync() as Float32Array);
  });
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('models/conv: a convolution that trains on wasm', () => {
  let previous: string;
  const reference = new Map<string, Float32Array[]>();
  before(async () => {
    previous = tf.getBackend();
    // The reference: tfjs's own conv2d and its derived gradients on the pure-JS cpu backend.
    await selectBackend('cpu');
    for (const c of CASES) reference.set(c.name, run(c, 'tfjs'));
  });
  after(async () => {
    if (previous) await tf.setBackend(previous);
  });

  it('SAME pads like TF/lax (extra pixel after), VALID pads nothing', () => {
    assert.deepEqual(resolvePadding('SAME', 224, 224, 7, 7, 2, 2), [[2, 3], [2, 3]]);
    assert.deepEqual(resolvePadding('SAME', 56, 55, 3, 3, 2, 2), [[0, 1], [1, 1]]);
    assert.deepEqual(resolvePadding('SAME', 28, 28, 1, 1, 2, 2), [[0, 0], [0, 0]]);
    assert.deepEqual(resolvePadding('VALID', 9, 9, 4, 4, 4, 4), [[0, 0], [0, 0]]);
  });

  it('tfjs itself cannot train a conv on wasm (the filter gradient is missing), so the check below is needed', async () => {
    await selectBackend('wasm');
    const x = tf.ones([1, 4, 4, 2]) as tf.Tensor4D;
    assert.throws(() => tf.grads((w: tf.Tensor) => tf.sum(tf.conv2d(x, w as tf.Tensor4D, 1, 'same')))([tf.ones([3, 3, 2, 2])]), /Conv2DBackpropFilter/);
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`on ${backend}: output, input and filter gradients match tfjs's conv2d on cpu to 1e-5`, async () => {
      await selectBackend(backend);
      const worst: string[] = [];
      for (const c of CASES) {
        const [y, dx, dw] = run(c, 'ours');
        const [ry, rdx, rdw] = reference.get(c.name) as Float32Array[];
        const d = { y: maxAbsDiff(y, ry), dx: maxAbsDiff(dx, rdx), dw: maxAbsDiff(dw, rdw) };
        worst.push(`${c.name}: ${d.y.toExponential(1)} ${d.dx.toExponential(1)} ${d.dw.toExponential(1)}`);
        for (const [k, v] of Object.entries(d)) assert.ok(v <= 1e-5, `${backend} ${c.name}: max |${k} - cpu reference| = ${v}`);
      }
      if (process.env.BV_PRINT_CONV_ERRORS) console.log(`${backend} (y dx dw):\n  ${worst.join('\n  ')}`);
    });
  }

  it('with needInputGrad = false (a first layer), the same filter gradient and a zero input gradient', async () => {
    await selectBackend('wasm');
    const x = tf.randomNormal([2, 9, 9, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
    const w = tf.randomNormal([7, 7, 1, 4], 0, 1, 'float32', 2) as tf.Tensor4D;
    const loss = (first: boolean) => (a: tf.Tensor, b: tf.Tensor): tf.Scalar => tf.sum(tf.square(conv2d(a as tf.Tensor4D, b as tf.Tensor4D, [2, 2], 'SAME', !first)));
    const [dx, dw] = tf.grads(loss(true))([x, w]);
    const [, ref] = tf.grads(loss(false))([x, w]);
    assert.equal(tf.max(tf.abs(dx)).dataSync()[0], 0);
    assert.ok(maxAbsDiff(dw.dataSync() as Float32Array, ref.dataSync() as Float32Array) === 0);
  });

  it('refuses a kernel whose input channels differ from the input', () => {
    assert.throws(() => conv2d(tf.zeros([1, 4, 4, 3]) as tf.Tensor4D, tf.zeros([3, 3, 2, 4]) as tf.Tensor4D), /expects 2 input channels, the input has 3/);
  });
});
