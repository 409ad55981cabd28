// 2-D convolution (NHWC, HWIO kernels as flax's nn.Conv stores them) with a
// hand-written gradient, so convolutional models train on every backend.
// Why: tfjs's wasm backend has no Conv2DBackpropFilter kernel, so the filter
// gradient tfjs derives itself fails there. Here the filter gradient is one
// plain matMul per kernel tap (the strided input window of that tap,
// transposed, times dy), which XNNPACK runs fast; the input gradient is
// Conv2DBackpropInput (present on wasm) or, for 1x1 kernels, a matMul. 1x1
// convolutions (most of a bottleneck ResNet) run as matMuls both ways. Only
// plain matMuls (no transposeA/B flags, a slow path on wasm).
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

const isPointwise = (g: Geometry): boolean => g.kh === 1 && g.kw === 1 && g.pads.every(([a, b]) => a === 0 && b === 0);

/** The input pixels a 1x1 kernel reads: every sh-th row and sw-th column. */
function subsample(x: tf.Tensor4D, g: Geometry): tf.Tensor4D {
  if (g.sh === 1 && g.sw === 1) return x;
  const [b, h, w, c] = x.shape;
  return tf.stridedSlice(x, [0, 0, 0, 0], [b, h, w, c], [1, g.sh, g.sw, 1]) as tf.Tensor4D;
}

/** Input gradient of a strided 1x1 conv: `d` `[B, ho, wo, C]` scattered back onto every sh-th / sw-th pixel. */
function unsubsample(d: tf.Tensor4D, xShape: readonly number[], g: Geometry): tf.Tensor4D {
  if (g.sh === 1 && g.sw === 1) return d;
  const [b, h, w, c] = xShape;
  const spread = tf.pad(d.reshape([b, g.ho, 1, g.wo, 1, c]), [[0, 0], [0, 0], [0, g.sh - 1], [0, 0], [0, g.sw - 1], [0, 0]]);
  return tf.slice(spread.reshape([b, g.ho * g.sh, g.wo * g.sw, c]) as tf.Tensor4D, [0, 0, 0, 0], [b, h, w, c]);
}

const explicit = (p: PadPairs): [[number, number], [number, number], [number, number], [number, number]] => [[0, 0], [p[0][0], p[0][1]], [p[1][0], p[1][1]], [0, 0]];

/** Filter gradient: for each tap (i, j), the strided window of the padded input it saw, transposed, times dy. */
function filterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, g: Geometry): tf.Tensor4D {
  const [b, , , cin] = x.shape;
  const cout = dy.shape[3];
  const rows = b * g.ho * g.wo;
  const dy2 = dy.reshape([rows, cout]) as tf.Tensor2D;
  if (isPointwise(g)) return matMulTA(subsample(x, g).reshape([rows, cin]), dy2).reshape([1, 1, cin, cout]);
  const padded = g.pads.some(([a, c]) => a > 0 || c > 0) ? tf.pad(x, explicit(g.pads)) : x;
  const taps: tf.Tensor2D[] = [];
  for (let i = 0; i < g.kh; i++) {
    for (let j = 0; j < g.kw; j++) {
      const end = [b, i + (g.ho - 1) * g.sh + 1, j + (g.wo - 1) * g.sw + 1, cin];
      const window = tf.stridedSlice(padded, [0, i, j, 0], end, [1, g.sh, g.sw, 1]).reshape([rows, cin]) as tf.Tensor2D;
      taps.push(matMulTA(window, dy2));
    }
  }
  return tf.stack(taps).reshape([g.kh, g.kw, cin, cout]);
}

/**
 * `nn.Conv(features, kernel_size, strides, padding, use_bias=False)` on `x`
 * `[B, H, W, Cin]` with kernel `w` `[kh, kw, Cin, Cout]` → `[B, Ho, Wo, Cout]`.
 * Differentiable in both `x` and `w` on every backend.
 */
export function conv2d(x: tf.Tensor4D, w: tf.Tensor4D, strides: readonly [number, number] = [1, 1], padding: Padding = 'SAME'): tf.Tensor4D {
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
    const value = isPointwise(g)
      ? tf.matMul(subsample(xx, g).reshape([-1, cin]), ww.reshape([cin, cout])).reshape([b, g.ho, g.wo, cout])
      : tf.conv2d(xx, ww, [sh, sw], explicit(pads));
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sw4] = saved as tf.Tensor4D[];
        const d = dy as tf.Tensor4D;
        let dx: tf.Tensor4D;
        if (isPointwise(g)) {
          const dSub = tf.matMul(d.reshape([-1, cout]), tf.transpose(sw4.reshape([cin, cout]))).reshape([b, g.ho, g.wo, cin]) as tf.Tensor4D;
          dx = unsubsample(dSub, sx.shape, g);
        } else {
          dx = tf.conv2dTranspose(d, sw4, sx.shape, [sh, sw], explicit(pads));
        }
        return [dx, filterGrad(sx, d, g)];
      },
    };
  });
  return fn(x, w) as tf.Tensor4D;
}
