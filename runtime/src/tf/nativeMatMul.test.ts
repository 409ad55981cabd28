import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { nativeGemm } from './nativeGemm';
import { NATIVE_MIN_MACS } from './nativeMatMul';
import { useBackend } from './testBackend';

/** Seeded values in [-0.5, 0.5). */
function values(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5);
}

describe('native GEMM on wasm (onnxruntime-node, when installed)', () => {
  useBackend('wasm');

  it('a large product with a bias is computed natively and equals the float64 reference to 1e-4', async function () {
    const native = nativeGemm();
    if (!native.gemm) this.skip(); // the package is optional: nothing to check where it is not installed
    const [m, k, n] = [256, 192, 64];
    assert.ok(m * k * n >= NATIVE_MIN_MACS, 'the product is large enough for the native path');
    const a = values(m * k, 1);
    const b = values(k * n, 2);
    const bias = values(n, 3);
    const got = tf.tidy(() => tf.fused.matMul({ a: tf.tensor2d(a, [m, k]), b: tf.tensor2d(b, [k, n]), bias: tf.tensor1d(bias) }).dataSync());
    let maxErr = 0;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let acc = bias[j];
        for (let t = 0; t < k; t++) acc += a[i * k + t] * b[t * n + j];
        maxErr = Math.max(maxErr, Math.abs(acc - got[i * n + j]));
      }
    }
    assert.ok(maxErr < 1e-4, `max |error| ${maxErr}`);
    const direct = native.gemm(a, b, m, k, n);
    assert.equal(direct.length, m * n);
  });
});
