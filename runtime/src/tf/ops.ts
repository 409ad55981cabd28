// Ops the model layers use that are faster on wasm through the kernels of
// wasmKernels.ts, with plain tf-op fallbacks elsewhere (cpu, tensorflow).

import * as tf from '@tensorflow/tfjs';
import { COL_SUMS, DENSE, GELU_GRAD, installWasmKernels, LAYER_NORM, LAYER_NORM_GRAD, MATMUL_VIEWS, type ViewDims, type ViewProduct } from './wasmKernels';

export type { ViewDims, ViewProduct };

/** Whether the wasm kernels are active (ops here take their fast paths). */
export function fastKernels(): boolean {
  return installWasmKernels();
}

/** The same products with ordinary tf ops (other backends). */
function matMulViewsTf(inputs: tf.Tensor[], products: readonly ViewProduct[], dims: ViewDims, concat: boolean): tf.Tensor[] {
  const { batch, m, k, n } = dims;
  const view = (t: tf.Tensor, offset: number, rows: number, cols: number): tf.Tensor3D =>
    tf.slice(t.reshape([-1]), [offset], [batch * rows * cols]).reshape([batch, rows, cols]);
  const outs = products.map((p) =>
    tf.matMul(view(inputs[p.a], p.aOffset ?? 0, p.ta ? k : m, p.ta ? m : k), view(inputs[p.b], p.bOffset ?? 0, p.tb ? n : k, p.tb ? k : n), p.ta, p.tb),
  );
  return concat ? [tf.stack(outs)] : outs;
}

/**
 * For each product, `A_i·B_i` for i < batch, where A_i is the `[m, k]` block
 * at `aOffset + i·m·k` of input `a` (row-major; stored `[k, m]` with `ta`)
 * and B_i the `[k, n]` block at `bOffset + i·k·n` of input `b` (stored
 * `[n, k]` with `tb`). Returns one `[batch, m, n]` tensor per
 * product, or with `concat` a single `[products, batch, m, n]`. No gradient:
 * call it inside a customGrad.
 */
export function matMulViews(inputs: tf.Tensor[], products: readonly ViewProduct[], dims: ViewDims, concat = false): tf.Tensor[] {
  const { batch, m, k, n } = dims;
  for (const p of products) {
    const a = inputs[p.a];
    const b = inputs[p.b];
    if (!a || !b || (p.aOffset ?? 0) + batch * m * k > a.size || (p.bOffset ?? 0) + batch * k * n > b.size) {
      throw new Error(`matMulViews: product ${JSON.stringify(p)} with ${JSON.stringify(dims)} reads past its inputs`);
    }
  }
  if (!installWasmKernels() || inputs.some((t) => t.dtype !== 'float32')) return matMulViewsTf(inputs, products, dims, concat);
  const named: tf.NamedTensorMap = {};
  inputs.forEach((t, i) => (named[String(i)] = t));
  const attrs = { products: products.map((p) => ({ ...p })), dims: { ...dims }, concat } as unknown as tf.NamedAttrMap;
  const out = tf.engine().runKernel(MATMUL_VIEWS, named, attrs) as tf.Tensor | tf.Tensor[];
  return Array.isArray(out) ? out : [out];
}

/**
 * Column sums of `x` `[M, N]` → `[N]`, plus those of `x ⊙ y` when `y` is
 * given (one pass on wasm). No gradient: use inside a customGrad.
 */
export function colSums(x: tf.Tensor2D, y?: tf.Tensor2D): tf.Tensor1D[] {
  if (!installWasmKernels() || x.dtype !== 'float32' || (y && y.dtype !== 'float32')) {
    return y ? [tf.sum(x, 0), tf.sum(tf.mul(x, y), 0)] : [tf.sum(x, 0)];
  }
  const out = tf.engine().runKernel(COL_SUMS, y ? { x, y } : { x }, {}) as tf.Tensor1D | tf.Tensor1D[];
  return Array.isArray(out) ? out : [out];
}

/**
 * Gradient of `x·σ(x·(c1 + c2·x²))` (the sigmoid form of tanh-GELU) given
 * `s = σ(...)` from the forward pass: `dy·s·(1 + x·(1 − s)·(c1 + 3·c2·x²))`.
 */
export function geluGrad(dy: tf.Tensor, x: tf.Tensor, s: tf.Tensor, c1: number, c2: number): tf.Tensor {
  if (installWasmKernels() && dy.dtype === 'float32' && x.dtype === 'float32' && s.dtype === 'float32') {
    return tf.engine().runKernel(GELU_GRAD, { dy, x, s }, { c1, c2 } as unknown as tf.NamedAttrMap) as tf.Tensor;
  }
  const du = tf.add(tf.mul(tf.square(x), 3 * c2), c1);
  return tf.mul(dy, tf.mul(s, tf.add(tf.mul(tf.mul(x, tf.sub(1, s)), du), 1)));
}

const float32s = (...ts: tf.Tensor[]): boolean => ts.every((t) => t.dtype === 'float32');

/**
 * LayerNorm of `x` `[rows, n]` over its last axis: `xhat·scale + bias` with `xhat = (x − mean)·rstd` and
 * `rstd = 1/√(var + eps)` (`[rows, 1]`), the saved values its gradient needs. No gradient: use inside a customGrad.
 */
export function layerNormParts(x: tf.Tensor2D, scale: tf.Tensor1D, bias: tf.Tensor1D, eps: number): { out: tf.Tensor2D; xhat: tf.Tensor2D; rstd: tf.Tensor2D } {
  if (installWasmKernels() && x.shape[1] % 4 === 0 && float32s(x, scale, bias)) {
    const [out, xhat, rstd] = tf.engine().runKernel(LAYER_NORM, { x, scale, bias }, { eps } as unknown as tf.NamedAttrMap) as tf.Tensor2D[];
    return { out, xhat, rstd };
  }
  const mu = tf.mean(x, -1, true);
  const xc = tf.sub(x, mu);
  const rstd = tf.rsqrt(tf.add(tf.mean(tf.square(xc), -1, true), eps)) as tf.Tensor2D;
  const xhat = tf.mul(xc, rstd) as tf.Tensor2D;
  return { out: tf.add(tf.mul(xhat, scale), bias) as tf.Tensor2D, xhat, rstd };
}

/** LayerNorm's input gradient: `rstd·(dxhat − mean(dxhat) − xhat·mean(dxhat·xhat))` per row, `dxhat = g·scale`. */
export function layerNormInputGrad(g: tf.Tensor2D, xhat: tf.Tensor2D, rstd: tf.Tensor2D, scale: tf.Tensor1D): tf.Tensor2D {
  if (installWasmKernels() && g.shape[1] % 4 === 0 && float32s(g, xhat, rstd, scale)) {
    return tf.engine().runKernel(LAYER_NORM_GRAD, { g, xhat, rstd, scale }, {}) as tf.Tensor2D;
  }
  const dxhat = tf.mul(g, scale);
  const m1 = tf.mean(dxhat, -1, true);
  const m2 = tf.mean(tf.mul(dxhat, xhat), -1, true);
  return tf.mul(tf.sub(tf.sub(dxhat, m1), tf.mul(xhat, m2)), rstd) as tf.Tensor2D;
}

/**
 * Largest weight (floats, 1 MiB) the SIMD dense product takes. It sweeps all rows once per 16 columns, so its cost
 * grows with the weight's width times the input's size; up to ViT-S widths it beats XNNPACK (~1.1-1.5x), at ViT-B's
 * [768, 3072] XNNPACK is ~2.4x faster.
 */
const SIMD_DENSE_WEIGHT = 1 << 18;

/** `x·w (+ bias)` for 2-D `x` `[m, k]` and `w` `[k, n]`, bias `[n]`. No gradient: use inside a customGrad. */
export function denseProduct(x: tf.Tensor2D, w: tf.Tensor2D, bias?: tf.Tensor1D): tf.Tensor2D {
  if (installWasmKernels() && w.size <= SIMD_DENSE_WEIGHT && float32s(x, w, ...(bias ? [bias] : []))) {
    return tf.engine().runKernel(DENSE, bias ? { x, w, bias } : { x, w }, {}) as tf.Tensor2D;
  }
  return (bias ? tf.fused.matMul({ a: x, b: w, bias }) : tf.matMul(x, w)) as tf.Tensor2D;
}
