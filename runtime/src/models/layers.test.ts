import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../tf/testBackend';
import { selectBackend } from '../tf/backend';
import { colSums, denseProduct, fastKernels, matMulViews } from '../tf/ops';
import { blockSwap } from '../tf/wasmKernels';
import { createModel } from './vit';
import type { Params } from './types';
import { addBroadcastBatch, attentionCore, dense, gelu, layerNorm, LN_EPS, selfAttentionCore } from './layers';

/** Largest absolute difference between two lists of tensors. */
function maxDiff(a: tf.Tensor[], b: tf.Tensor[]): number {
  return Math.max(...a.map((t, i) => tf.max(tf.abs(tf.sub(t, b[i]))).dataSync()[0]));
}

// References written with plain tf ops, differentiated by tfjs itself.
const refs = {
  dense: (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.add(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), b),
  layerNorm: (x: tf.Tensor, s: tf.Tensor, b: tf.Tensor) => {
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, LN_EPS))), s), b);
  },
  gelu: (x: tf.Tensor) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3))))))),
  attention: (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) =>
    tf.matMul(tf.softmax(tf.div(tf.matMul(q as tf.Tensor3D, k as tf.Tensor3D, false, true), Math.sqrt(q.shape[2] as number))), v as tf.Tensor3D),
};

/** Value and input gradients of sum(f(...)·r) for a fixed random r, so every output element matters. */
function valueAndGrads(f: (...xs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[]): tf.Tensor[] {
  const y = f(...inputs);
  const r = tf.randomUniform(y.shape, -1, 1, 'float32', 7);
  const { value, grads } = tf.valueAndGrads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), r)) as tf.Scalar)(inputs);
  return [y, value, ...grads];
}

for (const backend of ['cpu', 'wasm'] as const) describe(`models/layers: hand-written gradients match tfjs autodiff (${backend})`, () => {
  useBackend(backend);

  const rnd = (shape: number[], seed: number): tf.Tensor => tf.randomNormal(shape, 0, 1, 'float32', seed);

  it('dense: dx = dy·wᵀ, dw = xᵀ·dy (either orientation), db = column sums', () => {
    // Odd rows and widths reach every tail of the SIMD product (2 rows x 16, then 4, then 1 column at a time).
    for (const [m, k, n] of [[6, 5, 7], [7, 7, 3], [9, 20, 37]]) {
      const inputs = [rnd([m, k], 1), rnd([k, n], 2), rnd([n], 3)];
      const d = maxDiff(valueAndGrads((x, w, b) => dense(x, w as tf.Tensor2D, b as tf.Tensor1D), inputs), valueAndGrads(refs.dense, inputs));
      assert.ok(d < 1e-4, `m=${m} k=${k} n=${n}: ${d}`);
    }
  });

  it('layerNorm (eps 1e-6), gelu (tanh form), bias broadcast, column sums', () => {
    // Widths a multiple of 4 (the SIMD kernels on wasm) and not (tf ops).
    for (const n of [8, 64, 6]) {
      const ln = [tf.add(tf.mul(rnd([6, n], 4), 3), 1), rnd([n], 5), rnd([n], 6)];
      const d = maxDiff(valueAndGrads((x, s, b) => layerNorm(x, s as tf.Tensor1D, b as tf.Tensor1D), ln), valueAndGrads(refs.layerNorm, ln));
      assert.ok(d < 1e-5, `width ${n}: ${d}`);
    }
    const x = [tf.mul(rnd([5, 9], 7), 3)];
    assert.ok(maxDiff(valueAndGrads((t) => gelu(t), x), valueAndGrads(refs.gelu, x)) < 1e-5);
    const pe = [rnd([3, 4, 5], 8), rnd([1, 4, 5], 9)];
    assert.ok(maxDiff(valueAndGrads((a, p) => addBroadcastBatch(a, p), pe), valueAndGrads((a, p) => tf.add(a, p), pe)) < 1e-5);
    // Widths that exercise the SIMD kernels' vector and scalar tails.
    for (const cols of [3, 8, 21]) {
      const m = rnd([6, cols], 10) as tf.Tensor2D;
      const y = rnd([6, cols], 15) as tf.Tensor2D;
      assert.ok(maxDiff(colSums(m, y), [tf.sum(m, 0), tf.sum(tf.mul(m, y), 0)]) < 1e-5, `${cols} columns`);
    }
    const odd = [tf.mul(rnd([7, 3], 16), 3)];
    assert.ok(maxDiff(valueAndGrads((t) => gelu(t), odd), valueAndGrads(refs.gelu, odd)) < 1e-5);
  });

  it('attention cores: packed qkv and separate q/k/v', () => {
    const qkv = rnd([3, 4, 5, 8], 11);
    const [q, k, v] = tf.unstack(qkv);
    const refOut = valueAndGrads(refs.attention, [q, k, v]);
    const packed = valueAndGrads((t) => selfAttentionCore(t), [qkv]);
    // Packed gradient [3, N, L, d] = stack(dq, dk, dv).
    assert.ok(maxDiff([packed[0], packed[1], packed[2]], [refOut[0], refOut[1], tf.stack(refOut.slice(2))]) < 1e-5);
    const cross = [rnd([4, 1, 8], 12), rnd([4, 6, 8], 13), rnd([4, 6, 8], 14)];
    assert.ok(maxDiff(valueAndGrads((a, b, c) => attentionCore(a, b, c), cross), valueAndGrads(refs.attention, cross)) < 1e-5);
    // The mnist_vit shape (16 tokens, 16 per head), odd head sizes and token counts.
    for (const [l, d] of [[16, 16], [5, 7], [17, 6]]) {
      const x = rnd([3, 6, l, d], 20 + l);
      const [xq, xk, xv] = tf.unstack(x);
      const want = valueAndGrads(refs.attention, [xq, xk, xv]);
      const got = valueAndGrads((t) => selfAttentionCore(t), [x]);
      assert.ok(maxDiff(got, [want[0], want[1], tf.stack(want.slice(2))]) < 1e-4, `L=${l} d=${d}`);
    }
  });
});

describe('tf/wasmKernels: matMulViews (SIMD kernels, XNNPACK per batch entry), transpose', () => {
  useBackend('wasm');

  it('are installed (else every test here would check the tf-op fallbacks)', () => {
    assert.ok(fastKernels());
  });

  it('reads operands at offsets and matches tf.matMul', () => {
    const a = tf.randomNormal([2, 3, 4, 5], 0, 1, 'float32', 1);
    const b = tf.randomNormal([3, 5, 6], 0, 1, 'float32', 2);
    // Product 0: a[1] · b; product 1: a[0] · b, written into one [2, 3, 4, 6] output.
    const [both] = matMulViews([a, b], [{ a: 0, aOffset: 3 * 4 * 5, b: 1 }, { a: 0, b: 1 }], { batch: 3, m: 4, k: 5, n: 6 }, true);
    const [a0, a1] = tf.unstack(a);
    const expected = tf.stack([tf.matMul(a1, b), tf.matMul(a0, b)]);
    assert.deepEqual(both.shape, [2, 3, 4, 6]);
    assert.ok(maxDiff([both], [expected]) < 1e-4);
    assert.throws(() => matMulViews([a, b], [{ a: 0, aOffset: 100, b: 1 }], { batch: 3, m: 4, k: 5, n: 6 }), /reads past its inputs/);
  });

  it('sums a long k in passes that add into the result: transposed or not, with a bias, with row and column tails', () => {
    // k 600 runs in passes when A is read transposed (weight gradients); k 1100 always; 3 rows and 37 columns leave
    // a row and 5 columns to the tail code, which adds into the result too.
    for (const [m, k, n] of [[3, 600, 37], [5, 1100, 21]]) {
      const a = tf.randomNormal([1, m, k], 0, 1, 'float32', k);
      const b = tf.randomNormal([1, k, n], 0, 1, 'float32', n);
      const want = tf.matMul(a, b);
      const dims = { batch: 1, m, k, n };
      const plain = matMulViews([a, b], [{ a: 0, b: 1 }], dims)[0];
      const ta = matMulViews([tf.transpose(a, [0, 2, 1]), b], [{ a: 0, ta: true, b: 1 }], dims)[0];
      const bias = tf.randomNormal([n], 0, 1, 'float32', 3) as tf.Tensor1D;
      const dense = denseProduct(a.reshape([m, k]) as tf.Tensor2D, b.reshape([k, n]) as tf.Tensor2D, bias);
      // Sums of ~k products of unit normals: float32 reassociation differs by ~1e-6 * sqrt(k) * |terms|.
      for (const [name, got] of [['plain', plain], ['ta', ta]] as const) assert.ok(maxDiff([got], [want]) < 1e-3, `${name} ${m}x${k}x${n}`);
      assert.ok(maxDiff([dense], [tf.add(want.reshape([m, n]), bias)]) < 1e-3, `dense with bias ${m}x${k}x${n}`);
    }
  });

  it('reads either operand transposed, on every path (small, large, widths with vector and scalar tails)', () => {
    // [m, k, n]: SIMD 16-, 4- and 1-column passes, k not a multiple of 4, and a product large enough for XNNPACK.
    for (const [m, k, n] of [[4, 5, 6], [3, 16, 37], [2, 7, 16], [40, 48, 36]]) {
      const a = tf.randomNormal([2, m, k], 0, 1, 'float32', m);
      const b = tf.randomNormal([2, k, n], 0, 1, 'float32', n);
      const aT = tf.transpose(a, [0, 2, 1]);
      const bT = tf.transpose(b, [0, 2, 1]);
      const want = tf.matMul(a, b);
      const dims = { batch: 2, m, k, n };
      const [plain, ta, tb] = [matMulViews([a, b], [{ a: 0, b: 1 }], dims)[0], matMulViews([aT, b], [{ a: 0, ta: true, b: 1 }], dims)[0], matMulViews([a, bT], [{ a: 0, b: 1, tb: true }], dims)[0]];
      for (const [name, got] of [['plain', plain], ['ta', ta], ['tb', tb]] as const) assert.ok(maxDiff([got], [want]) < 1e-4, `${name} ${m}x${k}x${n}`);
    }
    const x = tf.ones([1, 2, 2]);
    assert.throws(() => matMulViews([x], [{ a: 0, ta: true, b: 0, tb: true }], { batch: 1, m: 2, k: 2, n: 2 }), /both operands transposed/);
  });

  it('transposes swaps of adjacent runs of axes in its own pass; other permutations still go to the backend\'s kernel', () => {
    /** x permuted by `perm`, computed element by element. */
    const reference = (x: tf.Tensor, perm: number[]): number[] => {
      const values = x.dataSync();
      const shape = perm.map((p) => x.shape[p]);
      const strides = x.shape.map((_, i) => x.shape.slice(i + 1).reduce((a, b) => a * b, 1));
      const out: number[] = [];
      const index = new Array<number>(shape.length).fill(0);
      for (let n = 0; n < values.length; n++) {
        out.push(values[index.reduce((at, v, i) => at + v * strides[perm[i]], 0)]);
        for (let i = shape.length - 1; i >= 0 && ++index[i] === shape[i]; i--) index[i] = 0;
      }
      return out;
    };
    for (const shape of [[37, 70], [3, 9, 41], [2, 3, 1, 5], [2, 4, 6, 1], [3, 2, 16, 16]]) {
      const x = tf.randomNormal(shape, 0, 1, 'float32', shape.length);
      const r = shape.length;
      const perm = [...Array(r - 2).keys(), r - 1, r - 2];
      const got = tf.transpose(x, perm);
      assert.deepEqual(got.shape, perm.map((p) => shape[p]));
      assert.deepEqual(Array.from(got.dataSync()), reference(x, perm), `shape ${shape}`);
    }
    // Swaps of adjacent runs of axes with values after them (heads split and merged, patches), and perms that are
    // no such swap (the backend's kernel).
    const cases: [number[], number[]][] = [
      [[3, 4, 5], [1, 0, 2]], [[3, 4, 5], [2, 0, 1]], [[2, 3, 4, 5], [0, 2, 1, 3]], [[2, 3, 2, 2, 3], [2, 3, 0, 1, 4]],
      [[2, 2, 3, 2, 3, 1], [0, 1, 3, 2, 4, 5]], [[2, 3, 4, 5], [2, 0, 3, 1]], [[2, 3, 4, 5], [3, 2, 1, 0]],
    ];
    for (const [shape, perm] of cases) {
      const x = tf.randomNormal(shape, 0, 1, 'float32', 9);
      const got = tf.transpose(x, perm);
      assert.deepEqual(got.shape, perm.map((p) => shape[p]));
      assert.deepEqual(Array.from(got.dataSync()), reference(x, perm), `${shape} by ${perm}`);
    }
    assert.deepEqual(blockSwap([2, 3, 4, 5], [0, 2, 1, 3]), { batch: 2, rows: 3, cols: 4, inner: 5 });
    assert.deepEqual(blockSwap([2, 3, 2, 2, 3], [2, 3, 0, 1, 4]), { batch: 1, rows: 6, cols: 4, inner: 3 });
    assert.equal(blockSwap([2, 3, 4, 5], [2, 0, 3, 1]), undefined);
    assert.equal(blockSwap([2, 3], [0, 1]), undefined);
  });

  it('the same buffer as matMul b under two shapes (tfjs caches by id) stays correct', () => {
    const x = tf.randomNormal([4, 6], 0, 1, 'float32', 3);
    const first = tf.matMul(tf.ones([1, 4]), x);
    const second = tf.matMul(tf.ones([1, 8]), x.reshape([8, 3]));
    assert.ok(maxDiff([first.reshape([6]), second.reshape([3])], [tf.sum(x, 0), tf.sum(x.reshape([8, 3]), 0)]) < 1e-4);
  });
});

describe('ViT on wasm (custom kernels) matches the cpu backend', () => {
  let previous: string;
  before(() => {
    previous = tf.getBackend();
  });
  after(async () => {
    if (previous) await tf.setBackend(previous);
  });

  /** Loss and gradients of a small ViT (all pool types' paths: self-attention, MAP head, chunked weight grads). */
  function lossAndGrads(pool: string): { loss: number; grads: Record<string, Float32Array> } {
    return tf.tidy(() => {
      // 40x40 images, patch 4: 100 tokens, 2 heads → 400 rows, 800 with batch 8: the chunked weight-gradient path.
      const model = createModel({ width: 16, depth: 2, num_heads: 2, mlp_dim: 48, patch_size: [4, 4], pool_type: pool }, 5);
      const params = model.init(1, [40, 40, 3]);
      // A non-zero head so every gradient is non-trivial.
      params['head/kernel'] = tf.randomNormal([16, 5], 0, 0.5, 'float32', 3);
      const images = tf.randomNormal([8, 40, 40, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
      const names = Object.keys(params);
      const { value, grads } = tf.valueAndGrads((...ts: tf.Tensor[]) => {
        const p: Params = {};
        names.forEach((n, i) => (p[n] = ts[i]));
        return tf.mean(tf.square(model.apply(p, images).logits)) as tf.Scalar;
      })(names.map((n) => params[n]));
      return { loss: value.dataSync()[0], grads: Object.fromEntries(names.map((n, i) => [n, grads[i].dataSync() as Float32Array])) };
    });
  }

  for (const pool of ['gap', 'map']) {
    it(`pool_type=${pool}: same loss and gradients to 1e-4 (relative to the largest)`, async () => {
      await selectBackend('cpu');
      const ref = lossAndGrads(pool);
      await selectBackend('wasm');
      const got = lossAndGrads(pool);
      assert.ok(Math.abs(ref.loss - got.loss) < 1e-4 * Math.abs(ref.loss), `loss ${got.loss} vs ${ref.loss}`);
      for (const [name, g] of Object.entries(ref.grads)) {
        const scale = Math.max(1e-3, ...Array.from(g, Math.abs));
        const worst = Math.max(...Array.from(g, (v, i) => Math.abs(v - got.grads[name][i])));
        assert.ok(worst < 1e-4 * scale, `${name}: ${worst} (scale ${scale})`);
      }
    });
  }

  it('dense weight gradients cut into row chunks (wide operand, many rows) match the cpu backend', async () => {
    // x [1024, 16], w [16, 512]: dw = xᵀ·dy runs as 4 chunks of 256 rows on wasm.
    const run = (): Float32Array[] =>
      tf.tidy(() => {
        const inputs = [tf.randomNormal([1024, 16], 0, 1, 'float32', 6), tf.randomNormal([16, 512], 0, 1, 'float32', 7), tf.randomNormal([512], 0, 1, 'float32', 8)];
        return valueAndGrads((x, w, b) => dense(x, w as tf.Tensor2D, b as tf.Tensor1D), inputs).map((t) => t.dataSync() as Float32Array);
      });
    await selectBackend('cpu');
    const ref = run();
    await selectBackend('wasm');
    const got = run();
    ref.forEach((r, i) => {
      const worst = r.reduce((m, v, j) => Math.max(m, Math.abs(v - got[i][j]) / Math.max(1, Math.abs(v))), 0);
      assert.ok(worst < 1e-4, `output ${i}: ${worst}`);
    });
  });

  it('column sums in one pass match tf.sum', async () => {
    await selectBackend('wasm');
    const x = tf.randomNormal([37, 11], 0, 1, 'float32', 4) as tf.Tensor2D;
    const y = tf.randomNormal([37, 11], 0, 1, 'float32', 5) as tf.Tensor2D;
    const [sx, sxy] = colSums(x, y);
    assert.ok(maxDiff([sx, sxy, colSums(x)[0]], [tf.sum(x, 0), tf.sum(tf.mul(x, y), 0), tf.sum(x, 0)]) < 1e-4);
  });
});
