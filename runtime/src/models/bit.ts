// BiT ResNets (arXiv:1912.11370) as big_vision builds them, on TensorFlow.js:
// `bit` is models/bit.py (ResNet v1: conv → GroupNorm → ReLU, the stride in
// the 3x3 conv, GroupNorm on the projection, the last GroupNorm of each unit
// zero-initialised, flax's SAME padding) and `bit_paper` is
// models/bit_paper.py (ResNet v2 as in the paper: pre-activation units,
// explicit padding, a GroupNorm + ReLU before the head; the layout of the
// released BiT-S/M/L checkpoints). Both use weight-standardised convolutions
// (bitLayers.ts) that train on every backend (conv.ts), bottleneck units
// with nmid = int(64·width)·2^stage channels and 4·nmid out, global average
// pooling and a dense head. Parameter names and shapes are upstream's flax
// trees: `conv_root`, `gn_root`, `block<s>/unit<u>/{conv_proj, gn_proj,
// conv1..3, gn1..3}` for bit; `root_block/conv_root`,
// `block<s>/unit<uu>/{gn1..3, conv_proj, conv1..3}`, `norm-pre-head` (scale
// and bias [1, 1, 1, C]) for bit_paper; `head` for both.
//
// Hyperparameters (config.model; see bitConfig.ts): width (1), depth
// 26|50|101|152|200 or per-stage block counts (50), head_zeroinit (bit_paper).

import * as tf from '@tensorflow/tfjs';
import { resolveBitConfig, type BitConfig } from './bitConfig';
import { groupNorm, maxPool, standardizeKernel } from './bitLayers';
import { conv2d, resolvePadding, type Padding } from './conv';
import { initParams, lecunNormal, ones, zeros, type Initializer } from './init';
import { dense } from './layers';
import type { Model, ParamInit, Params } from './types';

export type { BitConfig, BitVersion } from './bitConfig';

/** One residual unit's place in the network. */
interface Unit {
  /** Parameter prefix, e.g. `block2/unit1` (bit) or `block2/unit01` (bit_paper). */
  readonly prefix: string;
  readonly nin: number;
  readonly nmid: number;
  readonly stride: number;
}

/** Every unit, in order: stage s (1-based) has nmid = rootWidth·2^(s−1); stages after the first start with stride 2. */
function units(c: BitConfig): Unit[] {
  const out: Unit[] = [];
  let nin = c.rootWidth;
  c.blocks.forEach((count, s) => {
    const nmid = c.rootWidth * 2 ** s;
    for (let u = 0; u < count; u++) {
      const name = c.version === 'bit' ? `unit${u + 1}` : `unit${String(u + 1).padStart(2, '0')}`;
      out.push({ prefix: `block${s + 1}/${name}`, nin, nmid, stride: s > 0 && u === 0 ? 2 : 1 });
      nin = nmid * 4;
    }
  });
  return out;
}

const hasProjection = (u: Unit): boolean => u.nin !== u.nmid * 4 || u.stride !== 1;

const kernel = (name: string, kh: number, cin: number, cout: number): ParamInit => ({ name: `${name}/kernel`, shape: [kh, kh, cin, cout], init: lecunNormal });

/** GroupNorm params: [C] in flax's nn.GroupNorm (bit), [1, 1, 1, C] in bit_paper's own. */
function gn(c: BitConfig, name: string, ch: number, scaleInit: Initializer = ones): ParamInit[] {
  const shape = c.version === 'bit' ? [ch] : [1, 1, 1, ch];
  return [{ name: `${name}/scale`, shape, init: scaleInit }, { name: `${name}/bias`, shape, init: zeros }];
}

/** Upstream's parameter tree for images with `imageShape[2]` channels, in flax's creation order. */
export function bitParamInits(c: BitConfig, imageShape: readonly number[]): ParamInit[] {
  const w = c.rootWidth;
  const v1 = c.version === 'bit';
  const out: ParamInit[] = v1 ? [kernel('conv_root', 7, imageShape[2], w), ...gn(c, 'gn_root', w)] : [kernel('root_block/conv_root', 7, imageShape[2], w)];
  for (const u of units(c)) {
    const p = u.prefix;
    const nout = u.nmid * 4;
    if (v1) {
      if (hasProjection(u)) out.push(kernel(`${p}/conv_proj`, 1, u.nin, nout), ...gn(c, `${p}/gn_proj`, nout));
      out.push(kernel(`${p}/conv1`, 1, u.nin, u.nmid), ...gn(c, `${p}/gn1`, u.nmid));
      out.push(kernel(`${p}/conv2`, 3, u.nmid, u.nmid), ...gn(c, `${p}/gn2`, u.nmid));
      out.push(kernel(`${p}/conv3`, 1, u.nmid, nout), ...gn(c, `${p}/gn3`, nout, zeros));
    } else {
      out.push(...gn(c, `${p}/gn1`, u.nin));
      if (hasProjection(u)) out.push(kernel(`${p}/conv_proj`, 1, u.nin, nout));
      out.push(kernel(`${p}/conv1`, 1, u.nin, u.nmid), ...gn(c, `${p}/gn2`, u.nmid));
      out.push(kernel(`${p}/conv2`, 3, u.nmid, u.nmid), ...gn(c, `${p}/gn3`, u.nmid));
      out.push(kernel(`${p}/conv3`, 1, u.nmid, nout));
    }
  }
  const feat = c.rootWidth * 2 ** (c.blocks.length - 1) * 4;
  if (!v1) out.push(...gn(c, 'norm-pre-head', feat));
  if (c.numClasses) {
    out.push({ name: 'head/kernel', shape: [feat, c.numClasses], init: c.headZeroinit ? zeros : lecunNormal });
    out.push({ name: 'head/bias', shape: [c.numClasses], init: zeros });
  }
  return out;
}

type Get = (name: string) => tf.Tensor;

/** A BiT ResNet (v1 or v2) with its resolved hyperparameters. */
export class BitResNet implements Model {
  constructor(readonly config: BitConfig) {}

  paramInits(imageShape: readonly number[]): ParamInit[] {
    return bitParamInits(this.config, imageShape);
  }

  /** Fresh parameters, deterministic in `seed` (each parameter seeded by its name). */
  init(seed: number, imageShape: readonly number[]): Params {
    return initParams(this.paramInits(imageShape), seed);
  }

  /** Logits `[B, num_classes]` (or the pooled pre-logits without a head) for images `[B, H, W, C]`. */
  apply(params: Params, images: tf.Tensor4D): { logits: tf.Tensor; out: Record<string, tf.Tensor> } {
    const c = this.config;
    const v = c.version;
    const get: Get = (name) => {
      const t = params[name];
      if (!t) throw new Error(`${v} parameter '${name}' is missing from the parameters given.`);
      return t;
    };
    const conv = (x: tf.Tensor4D, name: string, stride: number, padding: Padding = 'SAME'): tf.Tensor4D =>
      // The root conv reads the images, which need no gradient.
      conv2d(x, standardizeKernel(v, get(`${name}/kernel`) as tf.Tensor4D), [stride, stride], padding, x !== images);
    const norm = (x: tf.Tensor4D, name: string): tf.Tensor4D => groupNorm(v, x, get(`${name}/scale`), get(`${name}/bias`));
    const out: Record<string, tf.Tensor> = {};

    let x: tf.Tensor4D;
    if (v === 'bit') {
      x = tf.relu(norm(conv(images, 'conv_root', 2), 'gn_root'));
      x = maxPool(x, 3, 2, resolvePadding('SAME', x.shape[1], x.shape[2], 3, 3, 2, 2));
    } else {
      x = conv(images, 'root_block/conv_root', 2, [[3, 3], [3, 3]]);
      x = maxPool(x, 3, 2, [[1, 1], [1, 1]]);
    }
    out.stem = x;
    for (const u of units(c)) {
      const p = u.prefix;
      if (v === 'bit') {
        const residual = hasProjection(u) ? norm(conv(x, `${p}/conv_proj`, u.stride), `${p}/gn_proj`) : x;
        let y = tf.relu(norm(conv(x, `${p}/conv1`, 1), `${p}/gn1`));
        y = tf.relu(norm(conv(y, `${p}/conv2`, u.stride), `${p}/gn2`));
        y = norm(conv(y, `${p}/conv3`, 1), `${p}/gn3`);
        x = tf.relu(tf.add(residual, y) as tf.Tensor4D);
      } else {
        const pre = tf.relu(norm(x, `${p}/gn1`));
        const residual = hasProjection(u) ? conv(pre, `${p}/conv_proj`, u.stride) : x;
        let y = tf.relu(norm(conv(pre, `${p}/conv1`, 1), `${p}/gn2`));
        y = tf.relu(norm(conv(y, `${p}/conv2`, u.stride, [[1, 1], [1, 1]]), `${p}/gn3`));
        x = tf.add(conv(y, `${p}/conv3`, 1), residual);
      }
    }
    if (v === 'bit_paper') x = tf.relu(norm(x, 'norm-pre-head'));
    const rep = tf.mean(x, [1, 2]);
    out.pre_logits = rep;
    if (!c.numClasses) return { logits: rep, out };
    const logits = dense(rep, get('head/kernel') as tf.Tensor2D, get('head/bias') as tf.Tensor1D);
    out.logits = logits;
    return { logits, out };
  }
}

/** `bit.Model(num_classes, **config.model)` (ResNet v1); errors name the config key. */
export function createBit(model: Record<string, unknown> = {}, numClasses?: number | null): BitResNet {
  return new BitResNet(resolveBitConfig('bit', model, numClasses));
}

/** `bit_paper.Model(num_classes, **config.model)` (ResNet v2); errors name the config key. */
export function createBitPaper(model: Record<string, unknown> = {}, numClasses?: number | null): BitResNet {
  return new BitResNet(resolveBitConfig('bit_paper', model, numClasses));
}
