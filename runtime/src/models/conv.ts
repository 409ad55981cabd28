// 2-D convolution (NHWC, HWIO kernels as flax's nn.Conv stores them) with a
// hand-written gradient, so convolutional models train on every backend.
// Why: tfjs's wasm backend has no Conv2DBackpropFilter kernel, so the filter
// gradient tfjs derives itself fails there. Here the filter gradient is
// itself a convolution (the input and dy with batch and channels swapped, dy
// dilated by the stride), which XNNPACK runs fast; so is the input gradient
// (dy dilated by the stride, by the flipped kernel; wasm's
// Conv2DBackpropInput is a plain loop). 1x1 convolutions (most of a
// bottleneck ResNet) run as matMuls both ways, plain ones only (transposeA/B
// flags take a slow path on wasm).
// Padding follows flax/lax: 'SAME' (TF's rule: the extra pixel goes after),
// 'VALID', or explicit [[top, bottom], [left, right]] pairs.

import * as tf from '@tensorflow/tfjs';

/** Explicit padding: [[top, bottom], [left, right]]. */
export type PadPairs = readonly [readonly [number, number], readonly [number, number]];

/** flax's padding argument: 'SAME', 'VALID' or explicit pairs. */
export type Padding = 'SAME' | 'VALID' | PadPairs;

/** TF/lax SAME padding of one axis: output ceil(n/s), the odd pixel padded after. */
function samePad(n: number, k: number, s: number): [number, number] {
  const out = Math.ceil(n / s);
  const total = Math.max((out - 1) * s + k - n, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/** The explicit pads `padding` means for an `[h, w]` input, `[kh, kw]` kernel and `[sh, sw]` strides. */
export function resolvePadding(padding: Padding, h: number, w: number, kh: number, kw: number, sh: number, sw: number): PadPairs {
  if (padding === 'SAME') return [samePad(h, kh, sh), samePad(w, kw, sw)];
  if (padding === 'VALID') return [[0, 0], [0, 0]];
  return padding;
}

/** Output size of one axis after padding. */
function outSize(n: number, pad: readonly [number, number], k: number, s: number): number {
  return Math.floor((n + pad[0] + pad[1] - k) / s) + 1;
}

/** `aᵀ·b` for `a` `[M, K]`, `b` `[M, N]`, transposing the narrower operand (plain matMuls only). */
function matMulTA(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  if (a.shape[1] <= b.shape[1]) return tf.matMul(tf.transpose(a), b);
  return tf.transpose(tf.matMul(tf.transpose(b), a)) as tf.Tensor2D;
}

interface Geometry {
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly pads: PadPairs;
  readonly ho: number;
  readonly wo: number;
}

/** A 1x1 kernel, stride 1, no padding: a matMul over pixels both ways. */
const isPointwise = (g: Geometry): boolean => g.kh === 1 && g.kw === 1 && g.sh === 1 && g.sw === 1 && g.pads.every(([a, b]) => a === 0 && b === 0);

const explicit = (p: PadPairs): [[number, number], [number, number], [number, number], [number, number]] => [[0, 0], [p[0][0], p[0][1]], [p[1][0], p[1][1]], [0, 0]];

/**
 * Filter gradient dW[i, j, ci, co] = Σ_{b, y, x} xpad[b, y·sh + i, x·sw + j, ci] · dy[b, y, x, co]: itself a
 * convolution, of the padded input with batch and channels swapped ([Cin, H', W', B]) by dy as a kernel
 * ([ho, wo, B, Cout]) dilated by the stride. One Conv2D (XNNPACK on wasm) instead of a product per tap.
 */
function filterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, g: Geometry): tf.Tensor4D {
  const [b, , , cin] = x.shape;
  const cout = dy.shape[3];
  const rows = b * g.ho * g.wo;
  if (isPointwise(g)) return matMulTA(x.reshape([rows, cin]), dy.reshape([rows, cout])).reshape([1, 1, cin, cout]);
  const padded = g.pads.some(([a, c]) => a > 0 || c > 0) ? tf.pad(x, explicit(g.pads)) : x;
  const out = tf.conv2d(tf.transpose(padded, [3, 1, 2, 0]), tf.transpose(dy, [1, 2, 0, 3]), 1, 'valid', 'NHWC', [g.sh, g.sw]);
  return tf.transpose(tf.slice(out, [0, 0, 0, 0], [cin, g.kh, g.kw, cout]), [1, 2, 0, 3]);
}

/**
 * Input gradient dx[b, y, x, ci] = Σ dy[b, oy, ox, co] · w[i, j, ci, co] over y + top = oy·sh + i (likewise x):
 * dy with sh−1 / sw−1 zeros between its pixels, padded, correlated with the kernel flipped and its channels
 * swapped. One Conv2D (XNNPACK on wasm) rather than Conv2DBackpropInput, a plain loop there.
 */
function inputGrad(dy: tf.Tensor4D, w: tf.Tensor4D, xShape: readonly number[], g: Geometry): tf.Tensor4D {
  const [b, h, wd] = xShape;
  const cout = dy.shape[3];
  // Dilated, with the trailing sh−1 (sw−1) zero rows (columns) kept: [b, ho·sh, wo·sw, cout].
  const [dh, dw] = [g.ho * g.sh, g.wo * g.sw];
  let d: tf.Tensor4D = dy;
  if (g.sh > 1 || g.sw > 1) {
    d = tf.pad(dy.reshape([b, g.ho, 1, g.wo, 1, cout]), [[0, 0], [0, 0], [0, g.sh - 1], [0, 0], [0, g.sw - 1], [0, 0]]).reshape([b, dh, dw, cout]);
  }
  // Row y of dx reads rows y + top − (kh − 1) … y + top of the dilated dy: pad so that a VALID pass gives h rows.
  const top = g.kh - 1 - g.pads[0][0];
  const left = g.kw - 1 - g.pads[1][0];
  const bottom = h + g.kh - 1 - dh - top;
  const right = wd + g.kw - 1 - dw - left;
  const grow = (n: number): number => Math.max(0, n);
  d = tf.pad(d, [[0, 0], [grow(top), grow(bottom)], [grow(left), grow(right)], [0, 0]]);
  if (top < 0 || left < 0 || bottom < 0 || right < 0) {
    d = tf.slice(d, [0, grow(-top), grow(-left), 0], [b, h + g.kh - 1, wd + g.kw - 1, cout]);
  }
  const flipped = tf.transpose(tf.reverse(w, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
  return tf.conv2d(d, flipped, 1, 'valid');
}

/**
 * `nn.Conv(features, kernel_size, strides, padding, use_bias=False)` on `x`
 * `[B, H, W, Cin]` with kernel `w` `[kh, kw, Cin, Cout]` → `[B, Ho, Wo, Cout]`.
 * Differentiable in both `x` and `w` on every backend; with
 * `needInputGrad = false` (a model's first layer: images need no gradient)
 * the gradient of `x` is zeros, at no cost.
 */
export function conv2d(x: tf.Tensor4D, w: tf.Tensor4D, strides: readonly [number, number] = [1, 1], padding: Padding = 'SAME', needInputGrad = true): tf.Tensor4D {
  const [, h, wd, cin] = x.shape;
  const [kh, kw, wcin, cout] = w.shape;
  if (wcin !== cin) throw new Error(`conv2d: the kernel expects ${wcin} input channels, the input has ${cin}.`);
  const [sh, sw] = strides;
  const pads = resolvePadding(padding, h, wd, kh, kw, sh, sw);
  const g: Geometry = { kh, kw, sh, sw, pads, ho: outSize(h, pads[0], kh, sh), wo: outSize(wd, pads[1], kw, sw) };
  if (g.ho < 1 || g.wo < 1) throw new Error(`conv2d: a ${kh}x${kw} kernel does not fit an input of ${h}x${wd} with padding ${JSON.stringify(pads)}.`);
  const fn = tf.customGrad((xIn, wIn, save) => {
    const [xx, ww] = [xIn as tf.Tensor4D, wIn as tf.Tensor4D];
    (save as tf.GradSaveFunc)([xx, ww]);
    const b = xx.shape[0];
    const value = isPointwise(g) ? tf.matMul(xx.reshape([-1, cin]), ww.reshape([cin, cout])).reshape([b, g.ho, g.wo, cout]) : tf.conv2d(xx, ww, [sh, sw], explicit(pads));
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sw4] = saved as tf.Tensor4D[];
        const d = dy as tf.Tensor4D;
        let dx: tf.Tensor;
        if (!needInputGrad) dx = tf.zerosLike(sx);
        else if (isPointwise(g)) dx = tf.matMul(d.reshape([-1, cout]), tf.transpose(sw4.reshape([cin, cout]))).reshape(sx.shape);
        else dx = inputGrad(d, sw4, sx.shape, g);
        return [dx, filterGrad(sx, d, g)];
      },
    };
  });
  return fn(x, w) as tf.Tensor4D;
}
