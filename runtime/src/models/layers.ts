// Transformer building blocks with hand-written gradients (tf.customGrad).
// Why: on the wasm backend the gradients tfjs derives itself are slow —
// matMul with transposeA/B (what the built-in matMul gradient emits) takes a
// naive scalar path ~10x slower than XNNPACK, a sum over axis 0 (bias
// gradients) transposes a big matrix first, and every elementwise op is one
// more pass over memory. These versions use only plain matMuls (XNNPACK),
// explicit small transposes, one-pass column sums (bias gradients) and as few
// elementwise passes as the math allows. Values match flax: LayerNorm eps
// 1e-6, GELU in its tanh form (jax.nn.gelu's default, approximate=True).

import * as tf from '@tensorflow/tfjs';
import { colSums, denseProduct, fastKernels, geluGrad, layerNormInputGrad, layerNormParts, matMulViews } from '../tf/ops';

/** Column sums of a 2-D tensor (bias gradients); one JS pass on wasm, see tf/ops.ts. */
export function colSum(x: tf.Tensor2D): tf.Tensor1D {
  return colSums(x)[0];
}

/** Rows per chunk of the weight-gradient product (see matMulTA). */
const CHUNK_ROWS = 256;

/**
 * How many chunks of about CHUNK_ROWS rows split `m` evenly (1 = do not
 * split). Only a wide right operand (n ≥ 512 columns) over many rows gains:
 * below that, the extra products and their sum cost more than they save.
 */
function chunksFor(m: number, n: number): number {
  if (n < 512 || m < 4 * CHUNK_ROWS || !fastKernels()) return 1;
  for (let c = Math.round(m / CHUNK_ROWS); c <= m / 64; c++) if (m % c === 0) return c;
  return 1;
}

/** Largest right operand (floats) of a weight gradient read in place by the SIMD kernel: ~1 MiB, about L2. */
const SIMD_WEIGHT_GRAD = 1 << 18;

/**
 * `aᵀ·b` for `a` `[M, K]`, `b` `[M, N]` (weight gradients: M = tokens).
 * On wasm, while `b` fits the cache, the SIMD kernel reads `a` transposed in
 * place (no transpose pass, no XNNPACK packing of `b`: ~1.5x faster on
 * mnist_vit). Otherwise it transposes whichever operand is narrower (then
 * the small result if needed) and, on wasm, cuts the M axis into chunks whose
 * partial products are summed: XNNPACK packs its right operand whole, and a
 * [2048, 768] operand no longer fits the cache, which made these products
 * ~1.5x slower than the forward ones.
 */
function matMulTA(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const [m, ka] = a.shape;
  const nb = b.shape[1];
  if (m * nb <= SIMD_WEIGHT_GRAD && fastKernels()) return matMulViews([a, b], [{ a: 0, ta: true, b: 1 }], { batch: 1, m: ka, k: m, n: nb })[0].reshape([ka, nb]);
  const swap = a.shape[1] > b.shape[1];
  const [narrow, wide] = swap ? [b, a] : [a, b];
  const k = narrow.shape[1];
  const n = wide.shape[1];
  const c = chunksFor(m, n);
  let out: tf.Tensor2D;
  if (c === 1) {
    out = tf.matMul(tf.transpose(narrow), wide);
  } else {
    const rows = m / c;
    const narrowT = tf.transpose(narrow.reshape([c, rows, k]), [0, 2, 1]);
    const parts = matMulViews([narrowT, wide], Array.from({ length: c }, (_, i) => ({ a: 0, aOffset: i * k * rows, b: 1, bOffset: i * rows * n })), { batch: 1, m: k, k: rows, n });
    out = tf.addN(parts).reshape([k, n]);
  }
  return swap ? tf.transpose(out) : out;
}

const denseFn = tf.customGrad((x, w, b, save) => {
  const [xx, ww, bb] = [x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D];
  (save as tf.GradSaveFunc)([xx, ww]);
  return {
    value: denseProduct(xx, ww, bb),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, sw] = saved as tf.Tensor2D[];
      const g = dy as tf.Tensor2D;
      return [denseProduct(g, tf.transpose(sw)), matMulTA(sx, g), colSum(g)];
    },
  };
});

const denseNoBiasFn = tf.customGrad((x, w, save) => {
  const [xx, ww] = [x as tf.Tensor2D, w as tf.Tensor2D];
  (save as tf.GradSaveFunc)([xx, ww]);
  return {
    value: denseProduct(xx, ww),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, sw] = saved as tf.Tensor2D[];
      const g = dy as tf.Tensor2D;
      return [denseProduct(g, tf.transpose(sw)), matMulTA(sx, g)];
    },
  };
});

/** `x·w + b` over the last axis of `x` (any rank), with XNNPACK-friendly gradients. */
export function dense(x: tf.Tensor, w: tf.Tensor2D, b?: tf.Tensor1D): tf.Tensor {
  const lead = x.shape.slice(0, -1);
  const x2 = x.reshape([-1, w.shape[0]]) as tf.Tensor2D;
  const y = b ? (denseFn(x2, w, b) as tf.Tensor2D) : (denseNoBiasFn(x2, w) as tf.Tensor2D);
  return y.reshape([...lead, w.shape[1]]);
}

/** flax.linen.LayerNorm's default epsilon. */
export const LN_EPS = 1e-6;

const layerNormFn = tf.customGrad((x, scale, bias, save) => {
  const { out, xhat, rstd } = layerNormParts(x as tf.Tensor2D, scale as tf.Tensor1D, bias as tf.Tensor1D, LN_EPS);
  (save as tf.GradSaveFunc)([xhat, rstd, scale as tf.Tensor]);
  return {
    value: out,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sxhat, srstd, sscale] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
      const g = dy as tf.Tensor2D;
      const [dbias, dscale] = colSums(g, sxhat);
      return [layerNormInputGrad(g, sxhat, srstd, sscale), dscale, dbias];
    },
  };
});

/** LayerNorm over the last axis (flax defaults: eps 1e-6, scale and bias). */
export function layerNorm(x: tf.Tensor, scale: tf.Tensor1D, bias: tf.Tensor1D): tf.Tensor {
  const shape = x.shape;
  return layerNormFn(x.reshape([-1, shape[shape.length - 1]]), scale, bias).reshape(shape);
}

// gelu_tanh(x) = 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) = x·sigmoid(x·(C1 + C2·x²)):
// the sigmoid form is the same function and ~5x cheaper than tanh on wasm.
const C1 = 2 * Math.sqrt(2 / Math.PI);
const C2 = C1 * 0.044715;

const geluFn = tf.customGrad((x, save) => {
  const xx = x as tf.Tensor;
  const s = tf.sigmoid(tf.mul(xx, tf.add(tf.mul(tf.square(xx), C2), C1)));
  (save as tf.GradSaveFunc)([xx, s]);
  return {
    value: tf.mul(xx, s),
    // d/dx [x·s(u)] = s + x·s·(1−s)·u',  u = x·(C1 + C2·x²),  u' = C1 + 3·C2·x² (one pass on wasm).
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => geluGrad(dy, saved[0], saved[1], C1, C2),
  };
});

/** GELU, tanh approximation (flax `nn.gelu` default). */
export function gelu(x: tf.Tensor): tf.Tensor {
  return geluFn(x);
}

/**
 * Self-attention core on a packed, head-major `qkv` `[3, N, L, d]`
 * (N = heads × batch): softmax(q·kᵀ/√d)·v → `[N, L, d]`. q, k and v are read
 * in place, transposed where a product needs it (matMulViews: SIMD kernels on
 * wasm), and the gradient comes back as one packed `[3, N, L, d]`, so there is
 * no split, stack or transpose anywhere.
 */
export const selfAttentionCore = tf.customGrad((qkv, save) => {
  const packed = qkv as tf.Tensor4D;
  const [, n, l, d] = packed.shape;
  const block = n * l * d;
  const scale = 1 / Math.sqrt(d);
  const [logits] = matMulViews([packed], [{ a: 0, b: 0, bOffset: block, tb: true }], { batch: n, m: l, k: d, n: l });
  const p = tf.softmax(tf.mul(logits, scale)) as tf.Tensor3D;
  const [out] = matMulViews([p, packed], [{ a: 0, b: 1, bOffset: 2 * block }], { batch: n, m: l, k: l, n: d });
  (save as tf.GradSaveFunc)([packed, p]);
  return {
    value: out,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sPacked, sp] = saved;
      const dO = dy as tf.Tensor3D;
      const [dp] = matMulViews([dO, sPacked], [{ a: 0, b: 1, bOffset: 2 * block, tb: true }], { batch: n, m: l, k: d, n: l });
      // Softmax backward, with the 1/√d of the logits folded in.
      const ds = tf.mul(tf.mul(sp, tf.sub(dp, tf.sum(tf.mul(dp, sp), -1, true))), scale) as tf.Tensor3D;
      // dq = ds·k, dk = dsᵀ·q, dv = pᵀ·dO, written into one [3, N, L, d].
      const [dqkv] = matMulViews(
        [ds, sPacked, sp, dO],
        [{ a: 0, b: 1, bOffset: block }, { a: 0, ta: true, b: 1 }, { a: 2, ta: true, b: 3 }],
        { batch: n, m: l, k: l, n: d },
        true,
      );
      return dqkv;
    },
  };
});

/**
 * Attention core for separate q `[N, Lq, d]`, k and v `[N, Lk, d]` (the MAP
 * head's probe attends to all tokens): softmax(q·kᵀ/√d)·v → `[N, Lq, d]`.
 */
export const attentionCore = tf.customGrad((q, k, v, save) => {
  const [qq, kk, vv] = [q as tf.Tensor3D, k as tf.Tensor3D, v as tf.Tensor3D];
  const [n, lq, d] = qq.shape;
  const lk = kk.shape[1];
  const scale = 1 / Math.sqrt(d);
  const [logits] = matMulViews([qq, kk], [{ a: 0, b: 1, tb: true }], { batch: n, m: lq, k: d, n: lk });
  const p = tf.softmax(tf.mul(logits, scale)) as tf.Tensor3D;
  const [out] = matMulViews([p, vv], [{ a: 0, b: 1 }], { batch: n, m: lq, k: lk, n: d });
  (save as tf.GradSaveFunc)([qq, kk, vv, p]);
  return {
    value: out,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sq, sk, sv, sp] = saved as tf.Tensor3D[];
      const dO = dy as tf.Tensor3D;
      const [dp] = matMulViews([dO, sv], [{ a: 0, b: 1, tb: true }], { batch: n, m: lq, k: d, n: lk });
      const ds = tf.mul(tf.mul(sp, tf.sub(dp, tf.sum(tf.mul(dp, sp), -1, true))), scale) as tf.Tensor3D;
      const [dq] = matMulViews([ds, sk], [{ a: 0, b: 1 }], { batch: n, m: lq, k: lk, n: d });
      const [dk, dv] = matMulViews([ds, sq, sp, dO], [{ a: 0, ta: true, b: 1 }, { a: 2, ta: true, b: 3 }], { batch: n, m: lk, k: lq, n: d });
      return [dq, dk, dv];
    },
  };
});

// The x-gradient is a clone of dy, not dy itself: returning the incoming
// gradient object lets the engine free its buffer while later ops still read
// it (seen as a wasm abort in the next matMul).
const addLeadingFn = tf.customGrad((x, p) => ({
  value: tf.add(x as tf.Tensor, p as tf.Tensor),
  gradFunc: (dy: tf.Tensor) => [dy.clone(), colSum(dy.reshape([dy.shape[0], -1]) as tf.Tensor2D).reshape((p as tf.Tensor).shape)],
}));

/** `x + p` where `p` has a leading 1 broadcast over `x`'s batch axis (position embeddings). */
export function addBroadcastBatch(x: tf.Tensor, p: tf.Tensor): tf.Tensor {
  return addLeadingFn(x, p);
}
