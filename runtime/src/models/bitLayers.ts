// The normalisations of BiT ResNets (arXiv:1912.11370): GroupNorm on
// activations and weight standardisation of every convolution kernel, in the
// two flavours upstream has. models/bit.py (ResNet v1) uses flax's
// nn.GroupNorm (eps 1e-6, scale/bias [C]) and divides kernels by std + 1e-5;
// models/bit_paper.py (ResNet v2) has its own GroupNorm (eps 1e-5,
// scale/bias [1, 1, 1, C]) and divides kernels by sqrt(var + 1e-10). Both
// compute statistics over (H, W, C/groups) per example and group. tfjs
// derives their gradients (every op has wasm kernels for them). Also the
// stem's max pool (see maxPool for its gradient).

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
 * nn.max_pool(x, (k, k), strides=(s, s), padding) with padding as pairs (flax pads with −inf: so does this,
 * explicitly, before a VALID pool). The gradient is tfjs's MaxPoolGrad kernel run on the input shifted to
 * values ≥ 1, which has the same maxima: wasm's MaxPoolGrad (tfjs 4.22) sends the gradient of a window whose
 * values are all negative to its first pixel instead of its maximum.
 */
export function maxPool(x: tf.Tensor4D, k: number, s: number, pads: PadPairs): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const [[pt, pb], [pl, pr]] = pads;
  const padAll = (t: tf.Tensor4D): tf.Tensor4D => (pt + pb + pl + pr > 0 ? tf.pad(t, [[0, 0], [pt, pb], [pl, pr], [0, 0]], -Infinity) : t);
  const fn = tf.customGrad((xIn, save) => {
    const xx = xIn as tf.Tensor4D;
    (save as tf.GradSaveFunc)([xx]);
    return {
      value: tf.maxPool(padAll(xx), k, s, 'valid'),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const shifted = padAll(tf.add(tf.sub(saved[0], tf.min(saved[0])), 1) as tf.Tensor4D);
        const output = tf.maxPool(shifted, k, s, 'valid');
        const attrs = { filterSize: [k, k], strides: [s, s], pad: 'valid' } as unknown as tf.NamedAttrMap;
        const dx = tf.engine().runKernel('MaxPoolGrad', { dy, input: shifted, output }, attrs) as tf.Tensor4D;
        return tf.slice(dx, [0, pt, pl, 0], [b, h, w, c]);
      },
    };
  });
  return fn(x) as tf.Tensor4D;
}
