// The normalisations of BiT ResNets (arXiv:1912.11370): GroupNorm on
// activations and weight standardisation of every convolution kernel, in the
// two flavours upstream has. models/bit.py (ResNet v1) uses flax's
// nn.GroupNorm (eps 1e-6, scale/bias [C]) and divides kernels by std + 1e-5;
// models/bit_paper.py (ResNet v2) has its own GroupNorm (eps 1e-5,
// scale/bias [1, 1, 1, C]) and divides kernels by sqrt(var + 1e-10). Both
// compute statistics over (H, W, C/groups) per example and group. tfjs
// derives their gradients (every op has wasm kernels for them). Also the
// stem's max pool, with a gradient of its own (see maxPool).

import * as tf from '@tensorflow/tfjs';
import type { BitVersion } from './bitConfig';
import { GN_GROUPS } from './bitConfig';
import type { PadPairs } from './conv';

/** flax nn.GroupNorm's epsilon (bit) and bit_paper's. */
const GN_EPS: Record<BitVersion, number> = { bit: 1e-6, bit_paper: 1e-5 };

/**
 * GroupNorm of `x` `[B, H, W, C]` with `scale` and `bias` of C values (any
 * shape ending in C). flax computes the variance as E[x²] − E[x]²; the
 * centred form used here is the same quantity, with less cancellation.
 */
export function groupNorm(version: BitVersion, x: tf.Tensor4D, scale: tf.Tensor, bias: tf.Tensor): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  if (c % GN_GROUPS !== 0) throw new Error(`GroupNorm: ${c} channels do not split into ${GN_GROUPS} groups.`);
  const xg = x.reshape([b, h * w, GN_GROUPS, c / GN_GROUPS]);
  const mean = tf.mean(xg, [1, 3], true);
  const centred = tf.sub(xg, mean);
  const variance = tf.mean(tf.square(centred), [1, 3], true);
  const normed = tf.mul(centred, tf.rsqrt(tf.add(variance, GN_EPS[version]))).reshape([b, h, w, c]);
  return tf.add(tf.mul(normed, scale.reshape([c])), bias.reshape([c])) as tf.Tensor4D;
}

/** StdConv's kernel: standardised over (kh, kw, Cin) for each output channel. */
export function standardizeKernel(version: BitVersion, w: tf.Tensor4D): tf.Tensor4D {
  const { mean, variance } = tf.moments(w, [0, 1, 2], true);
  const centred = tf.sub(w, mean);
  if (version === 'bit') return tf.div(centred, tf.add(tf.sqrt(variance), 1e-5)) as tf.Tensor4D;
  return tf.mul(centred, tf.rsqrt(tf.add(variance, 1e-10))) as tf.Tensor4D;
}

/**
 * nn.max_pool(x, (k, k), strides=(s, s), padding) with padding as pairs (flax pads with −inf). The forward pass is
 * tfjs's maxPool; the gradient is written here because wasm's MaxPoolGrad treats padded pixels as 0 (a window
 * of negative values at the border loses its gradient). As XLA's select-and-scatter, the gradient of each
 * window goes to its first maximum in row-major order.
 */
export function maxPool(x: tf.Tensor4D, k: number, s: number, pads: PadPairs): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const [[pt, pb], [pl, pr]] = pads;
  const [hp, wp] = [h + pt + pb, w + pl + pr];
  const ho = Math.floor((hp - k) / s) + 1;
  const wo = Math.floor((wp - k) / s) + 1;
  const fn = tf.customGrad((xIn, save) => {
    const xx = xIn as tf.Tensor4D;
    (save as tf.GradSaveFunc)([xx]);
    const value = tf.maxPool(pt + pb + pl + pr > 0 ? tf.pad(xx, [[0, 0], [pt, pb], [pl, pr], [0, 0]], -Infinity) : xx, k, s, 'valid');
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const padded = tf.pad(saved[0], [[0, 0], [pt, pb], [pl, pr], [0, 0]], -Infinity);
        const taps: tf.Tensor[] = [];
        for (let i = 0; i < k; i++) {
          for (let j = 0; j < k; j++) taps.push(tf.stridedSlice(padded, [0, i, j, 0], [b, i + (ho - 1) * s + 1, j + (wo - 1) * s + 1, c], [1, s, s, 1]));
        }
        const first = tf.argMax(tf.stack(taps), 0);
        let dx: tf.Tensor = tf.zeros([b, hp, wp, c]);
        for (let t = 0; t < k * k; t++) {
          const [i, j] = [Math.floor(t / k), t % k];
          const g = tf.mul(dy, tf.cast(tf.equal(first, t), 'float32'));
          // Tap (i, j) of output (oy, ox) read padded pixel (oy·s + i, ox·s + j): put g back there.
          const spread = tf.pad(g.reshape([b, ho, 1, wo, 1, c]), [[0, 0], [0, 0], [0, s - 1], [0, 0], [0, s - 1], [0, 0]]).reshape([b, ho * s, wo * s, c]);
          const placed = tf.slice(tf.pad(spread, [[0, 0], [i, Math.max(0, hp - i - ho * s)], [j, Math.max(0, wp - j - wo * s)], [0, 0]]), [0, 0, 0, 0], [b, hp, wp, c]);
          dx = tf.add(dx, placed);
        }
        return tf.slice(dx, [0, pt, pl, 0], [b, h, w, c]);
      },
    };
  });
  return fn(x) as tf.Tensor4D;
}
