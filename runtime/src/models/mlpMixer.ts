// MLP-Mixer (arXiv:2105.01601) as big_vision/models/mlp_mixer.py builds it,
// on TensorFlow.js. Parameter names and shapes are upstream's flax tree
// (`stem/kernel` [p, p, C, hidden], `MixerBlock_<i>/{LayerNorm_0,
// token_mixing/Dense_{0,1}, LayerNorm_1, channel_mixing/Dense_{0,1}}`,
// `pre_head_layer_norm`, `head`), so checkpoints, `schedule`, `lr_mults` and
// `dont_load` regexes line up. Initialisers are flax's defaults (lecun_normal
// kernels, zero biases) and a zero head kernel, as upstream.
//
// The stem is nn.Conv(hidden, patch, strides=patch) with flax's default SAME
// padding (images whose sides are not a multiple of the patch are padded,
// the odd pixel after); it runs as patches + matMul, which is that conv.
// Stochastic depth is upstream's: in training, each block's two residual
// branches are dropped per example with rate i/(num_blocks−1)·stoch_depth,
// and, as upstream, the kept ones are not rescaled.
//
// Hyperparameters (config.model; see mlpMixerConfig.ts): variant
// 'S'|'B'|'L'|'H' + '/<patch>', patch_size, num_blocks, hidden_dim,
// tokens_mlp_dim, channels_mlp_dim, stoch_depth (0.0), model_name (a label).

import * as tf from '@tensorflow/tfjs';
import { fastKernels } from '../tf/ops';
import { resolvePadding } from './conv';
import { hashSeed, initParams, lecunNormal, ones, zeros } from './init';
import { dense, gelu, layerNorm } from './layers';
import { resolveMixerConfig, type MixerConfig } from './mlpMixerConfig';
import type { ApplyOptions, Model, ParamInit, Params } from './types';

export type { MixerConfig } from './mlpMixerConfig';

const lnParams = (prefix: string, d: number): ParamInit[] => [
  { name: `${prefix}/scale`, shape: [d], init: ones },
  { name: `${prefix}/bias`, shape: [d], init: zeros },
];

/** upstream MlpBlock(mlp_dim) on inputs of width `d`: Dense(mlp_dim) → gelu → Dense(d). */
const mlpParams = (prefix: string, d: number, mlp: number): ParamInit[] => [
  { name: `${prefix}/Dense_0/kernel`, shape: [d, mlp], init: lecunNormal },
  { name: `${prefix}/Dense_0/bias`, shape: [mlp], init: zeros },
  { name: `${prefix}/Dense_1/kernel`, shape: [mlp, d], init: lecunNormal },
  { name: `${prefix}/Dense_1/bias`, shape: [d], init: zeros },
];

/** Token grid of the stem for an `[H, W]` image: SAME padding with stride = patch. */
function tokenGrid(c: MixerConfig, h: number, w: number): [number, number] {
  return [Math.ceil(h / c.patchSize[0]), Math.ceil(w / c.patchSize[1])];
}

/** Upstream's parameter tree for images of `imageShape` ([H, W, C]), in flax's creation order. */
export function mixerParamInits(c: MixerConfig, imageShape: readonly number[]): ParamInit[] {
  const [ph, pw] = c.patchSize;
  const [gh, gw] = tokenGrid(c, imageShape[0], imageShape[1]);
  const tokens = gh * gw;
  const d = c.hiddenDim;
  const out: ParamInit[] = [
    { name: 'stem/kernel', shape: [ph, pw, imageShape[2], d], init: lecunNormal },
    { name: 'stem/bias', shape: [d], init: zeros },
  ];
  for (let i = 0; i < c.numBlocks; i++) {
    const b = `MixerBlock_${i}`;
    out.push(...lnParams(`${b}/LayerNorm_0`, d), ...mlpParams(`${b}/token_mixing`, tokens, c.tokensMlpDim));
    out.push(...lnParams(`${b}/LayerNorm_1`, d), ...mlpParams(`${b}/channel_mixing`, d, c.channelsMlpDim));
  }
  out.push(...lnParams('pre_head_layer_norm', d));
  if (c.numClasses) {
    out.push({ name: 'head/kernel', shape: [d, c.numClasses], init: zeros });
    out.push({ name: 'head/bias', shape: [c.numClasses], init: zeros });
  }
  return out;
}

type Get = (name: string) => tf.Tensor;

function mlpBlock(p: Get, prefix: string, x: tf.Tensor): tf.Tensor {
  const h = gelu(dense(x, p(`${prefix}/Dense_0/kernel`) as tf.Tensor2D, p(`${prefix}/Dense_0/bias`) as tf.Tensor1D));
  return dense(h, p(`${prefix}/Dense_1/kernel`) as tf.Tensor2D, p(`${prefix}/Dense_1/bias`) as tf.Tensor1D);
}

const ln = (p: Get, prefix: string, x: tf.Tensor): tf.Tensor => layerNorm(x, p(`${prefix}/scale`) as tf.Tensor1D, p(`${prefix}/bias`) as tf.Tensor1D);

/** An MLP-Mixer with its resolved hyperparameters. */
export class MlpMixer implements Model {
  constructor(readonly config: MixerConfig) {}

  paramInits(imageShape: readonly number[]): ParamInit[] {
    return mixerParamInits(this.config, imageShape);
  }

  /** Fresh parameters, deterministic in `seed` (each parameter seeded by its name). */
  init(seed: number, imageShape: readonly number[]): Params {
    return initParams(this.paramInits(imageShape), seed);
  }

  /** Logits `[B, num_classes]` (or the pre-logits without a head) for images `[B, H, W, C]`. */
  apply(params: Params, images: tf.Tensor4D, opts: ApplyOptions = {}): { logits: tf.Tensor; out: Record<string, tf.Tensor> } {
    const c = this.config;
    fastKernels();
    const get: Get = (name) => {
      const t = params[name];
      if (!t) throw new Error(`MLP-Mixer parameter '${name}' is missing from the parameters given.`);
      return t;
    };
    const [b, h, w, ch] = images.shape;
    const [ph, pw] = c.patchSize;
    const [gh, gw] = tokenGrid(c, h, w);
    const [padH, padW] = resolvePadding('SAME', h, w, ph, pw, ph, pw);
    const img = padH[1] + padH[0] + padW[0] + padW[1] > 0 ? tf.pad(images, [[0, 0], [...padH], [...padW], [0, 0]]) : images;
    const patches = tf.transpose(img.reshape([b, gh, ph, gw, pw, ch]), [0, 1, 3, 2, 4, 5]).reshape([b * gh * gw, ph * pw * ch]);
    const d = c.hiddenDim;
    const t = gh * gw;
    let x: tf.Tensor = dense(patches, get('stem/kernel').reshape([ph * pw * ch, d]) as tf.Tensor2D, get('stem/bias') as tf.Tensor1D).reshape([b, t, d]);

    let site = 0;
    // 1 − bernoulli(p) per example, not rescaled (upstream's _stoch_depth_mask).
    const keep = (p: number): tf.Tensor | null =>
      opts.train && p > 0 ? tf.cast(tf.greaterEqual(tf.randomUniform([b, 1, 1], 0, 1, 'float32', hashSeed(opts.seed ?? 0, `stoch_depth/${opts.step ?? 0}/${site++}`)), p), 'float32') : null;
    const residual = (base: tf.Tensor, y: tf.Tensor, p: number): tf.Tensor => {
      const mask = keep(p);
      return tf.add(base, mask ? tf.mul(y, mask) : y);
    };
    for (let i = 0; i < c.numBlocks; i++) {
      const blk: Get = (n) => get(`MixerBlock_${i}/${n}`);
      const dropP = (i / Math.max(c.numBlocks - 1, 1)) * c.stochDepth;
      let y = tf.transpose(ln(blk, 'LayerNorm_0', x), [0, 2, 1]);
      y = tf.transpose(mlpBlock(blk, 'token_mixing', y), [0, 2, 1]);
      x = residual(x, y, dropP);
      y = mlpBlock(blk, 'channel_mixing', ln(blk, 'LayerNorm_1', x));
      x = residual(x, y, dropP);
    }
    const rep = tf.mean(ln(get, 'pre_head_layer_norm', x), 1);
    const out: Record<string, tf.Tensor> = { pre_logits: rep };
    if (!c.numClasses) return { logits: rep, out };
    const logits = dense(rep, get('head/kernel') as tf.Tensor2D, get('head/bias') as tf.Tensor1D);
    out.logits = logits;
    return { logits, out };
  }
}

/** `Model(num_classes=config.num_classes, **config.model)`: validates the kwargs (errors name the key). */
export function createModel(model: Record<string, unknown> = {}, numClasses?: number | null): MlpMixer {
  return new MlpMixer(resolveMixerConfig(model, numClasses));
}
