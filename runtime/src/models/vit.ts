// Vision Transformer as big_vision/models/vit.py builds it, on TensorFlow.js.
// Parameter names and shapes are upstream's flax param tree (so `schedule`,
// `lr_mults`, `wd_mults` and `dont_load` regexes match the same parameters,
// and checkpoints line up), initialisers are upstream's, and the forward
// pass follows the same order of operations. For speed on the wasm backend
// the patch embedding is reshape + matMul (Conv2D has no trainable filter
// gradient there), q/k/v are one matMul, heads travel as the batch of the
// attention products, and the layers carry hand-written gradients (layers.ts).
//
// Hyperparameters (config.model; see vitConfig.ts): variant 'mu'|'Ti'|'S'|'M'|
// 'B'|'L'|'So400m'|'H'|'g'|'g-opt'|'G'|'G-opt'|'e' with optional '/<patch>',
// patch_size, width, depth, mlp_dim (default 4·width), num_heads, posemb
// 'learn'|'sincos2d', rep_size False|True|int, dropout, pool_type
// 'gap'|'map'|'tok'|'0'|'none', head_zeroinit (default True), scan.

import * as tf from '@tensorflow/tfjs';
import { hashSeed, initParams, lecunNormal, normal, ones, xavierUniform, zeros, type Initializer } from './init';
import { fastKernels } from '../tf/ops';
import { addBroadcastBatch, attentionCore, dense, gelu, layerNorm, selfAttentionCore } from './layers';
import type { ApplyOptions, Model, ParamInit, Params } from './types';
import { resolveVitConfig, type VitConfig } from './vitConfig';

export type { VitConfig } from './vitConfig';
/** `vit.load` for `config.model_init` (merge with dont_load, posemb resampling). */
export { loadVit as load } from './vitLoad';

/** MoCo-v3 2-D sin-cos position embedding `[1, h·w, width]` (upstream posemb_sincos_2d). */
export function posembSincos2d(h: number, w: number, width: number, temperature = 10_000): tf.Tensor3D {
  const q = width / 4;
  const out = new Float32Array(h * w * width);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      const row = (i * w + j) * width;
      for (let d = 0; d < q; d++) {
        const omega = 1 / Math.pow(temperature, d / (q - 1));
        out[row + d] = Math.sin(j * omega);
        out[row + q + d] = Math.cos(j * omega);
        out[row + 2 * q + d] = Math.sin(i * omega);
        out[row + 3 * q + d] = Math.cos(i * omega);
      }
    }
  }
  return tf.tensor3d(out, [1, h * w, width]);
}

function attentionParams(prefix: string, d: number, heads: number): ParamInit[] {
  const hd = d / heads;
  const kernel = xavierUniform([d, d]);
  return [
    ...['query', 'key', 'value'].flatMap((n) => [
      { name: `${prefix}/${n}/kernel`, shape: [d, heads, hd], init: kernel },
      { name: `${prefix}/${n}/bias`, shape: [heads, hd], init: zeros },
    ]),
    { name: `${prefix}/out/kernel`, shape: [heads, hd, d], init: kernel },
    { name: `${prefix}/out/bias`, shape: [d], init: zeros },
  ];
}

function mlpParams(prefix: string, d: number, mlp: number): ParamInit[] {
  const bias = normal(1e-6);
  return [
    { name: `${prefix}/Dense_0/kernel`, shape: [d, mlp], init: xavierUniform() },
    { name: `${prefix}/Dense_0/bias`, shape: [mlp], init: bias },
    { name: `${prefix}/Dense_1/kernel`, shape: [mlp, d], init: xavierUniform() },
    { name: `${prefix}/Dense_1/bias`, shape: [d], init: bias },
  ];
}

const lnParams = (prefix: string, d: number): ParamInit[] => [
  { name: `${prefix}/scale`, shape: [d], init: ones },
  { name: `${prefix}/bias`, shape: [d], init: zeros },
];

function blockParams(prefix: string, c: VitConfig): ParamInit[] {
  return [
    ...lnParams(`${prefix}/LayerNorm_0`, c.width),
    ...attentionParams(`${prefix}/MultiHeadDotProductAttention_0`, c.width, c.numHeads),
    ...lnParams(`${prefix}/LayerNorm_1`, c.width),
    ...mlpParams(`${prefix}/MlpBlock_0`, c.width, c.mlpDim),
  ];
}

/** Upstream's parameter tree for images of `imageShape` ([H, W, C]), in creation order. */
export function vitParamInits(c: VitConfig, imageShape: readonly number[]): ParamInit[] {
  const [ph, pw] = c.patchSize;
  const [gh, gw] = [Math.floor(imageShape[0] / ph), Math.floor(imageShape[1] / pw)];
  if (gh < 1 || gw < 1) throw new Error(`Images of ${imageShape[0]}x${imageShape[1]} are smaller than patch_size=(${ph}, ${pw}).`);
  const d = c.width;
  const out: ParamInit[] = [
    { name: 'embedding/kernel', shape: [ph, pw, imageShape[2], d], init: lecunNormal },
    { name: 'embedding/bias', shape: [d], init: zeros },
  ];
  if (c.posemb === 'learn') out.push({ name: 'pos_embedding', shape: [1, gh * gw, d], init: normal(1 / Math.sqrt(d)) });
  if (c.poolType === 'tok') out.push({ name: 'cls', shape: [1, 1, d], init: zeros });
  if (c.scan) {
    // nn.scan stacks every block parameter along a new leading axis of size depth.
    for (const p of blockParams('Transformer/encoderblock', c)) {
      const init: Initializer = (shape, seed) => tf.tidy(() => tf.stack(Array.from({ length: c.depth }, (_, i) => p.init(shape.slice(1), hashSeed(seed, `${i}`)))));
      out.push({ name: p.name, shape: [c.depth, ...p.shape], init });
    }
  } else {
    for (let i = 0; i < c.depth; i++) out.push(...blockParams(`Transformer/encoderblock_${i}`, c));
  }
  out.push(...lnParams('Transformer/encoder_norm', d));
  if (c.poolType === 'map') {
    out.push({ name: 'MAPHead_0/probe', shape: [1, 1, d], init: xavierUniform() });
    out.push(...attentionParams('MAPHead_0/MultiHeadDotProductAttention_0', d, c.numHeads));
    out.push(...lnParams('MAPHead_0/LayerNorm_0', d), ...mlpParams('MAPHead_0/MlpBlock_0', d, c.mlpDim));
  }
  let feat = d;
  if (c.repSize) {
    out.push({ name: 'pre_logits/kernel', shape: [d, c.repSize], init: lecunNormal }, { name: 'pre_logits/bias', shape: [c.repSize], init: zeros });
    feat = c.repSize;
  }
  if (c.numClasses) {
    out.push({ name: 'head/kernel', shape: [feat, c.numClasses], init: c.headZeroinit ? zeros : lecunNormal });
    out.push({ name: 'head/bias', shape: [c.numClasses], init: zeros });
  }
  return out;
}

type Get = (name: string) => tf.Tensor;

/** Multi-head dot-product attention (flax MHDPA param layout) on 2-D token matrices. */
function attention(p: Get, xq: tf.Tensor2D, xkv: tf.Tensor2D | null, batch: number, lq: number, lk: number, heads: number): tf.Tensor2D {
  const d = xq.shape[1];
  const hd = d / heads;
  const kernel = (n: string): tf.Tensor2D => p(`${n}/kernel`).reshape([d, d]);
  const bias = (n: string): tf.Tensor1D => p(`${n}/bias`).reshape([d]);
  // [B·L, n·D] → [n, heads·B, L, hd]: head-major, so heads ride along as the batch of the products.
  const headMajor = (t: tf.Tensor, n: number, len: number): tf.Tensor4D =>
    tf.transpose(t.reshape([batch * len, n * heads, hd]), [1, 0, 2]).reshape([n, heads * batch, len, hd]);
  let o: tf.Tensor;
  if (xkv === null) {
    const w = tf.concat([kernel('query'), kernel('key'), kernel('value')], 1);
    o = selfAttentionCore(headMajor(dense(xq, w, tf.concat([bias('query'), bias('key'), bias('value')])), 3, lq));
  } else {
    const q = headMajor(dense(xq, kernel('query'), bias('query')), 1, lq).reshape([heads * batch, lq, hd]);
    const kv = tf.unstack(headMajor(dense(xkv, tf.concat([kernel('key'), kernel('value')], 1), tf.concat([bias('key'), bias('value')])), 2, lk));
    o = attentionCore(q, kv[0], kv[1]);
  }
  const merged = tf.transpose(o.reshape([heads, batch * lq, hd]), [1, 0, 2]).reshape([batch * lq, d]);
  return dense(merged, p('out/kernel').reshape([d, d]), p('out/bias') as tf.Tensor1D) as tf.Tensor2D;
}

function mlp(p: Get, x: tf.Tensor2D, drop: (t: tf.Tensor) => tf.Tensor): tf.Tensor2D {
  const h = drop(gelu(dense(x, p('Dense_0/kernel') as tf.Tensor2D, p('Dense_0/bias') as tf.Tensor1D)));
  return dense(h, p('Dense_1/kernel') as tf.Tensor2D, p('Dense_1/bias') as tf.Tensor1D) as tf.Tensor2D;
}

function ln(p: Get, prefix: string, x: tf.Tensor): tf.Tensor2D {
  return layerNorm(x, p(`${prefix}/scale`) as tf.Tensor1D, p(`${prefix}/bias`) as tf.Tensor1D) as tf.Tensor2D;
}

/** A ViT with its resolved hyperparameters. */
export class VisionTransformer implements Model {
  constructor(readonly config: VitConfig) {}

  paramInits(imageShape: readonly number[]): ParamInit[] {
    return vitParamInits(this.config, imageShape);
  }

  /** Fresh parameters, deterministic in `seed` (each parameter seeded by its name). */
  init(seed: number, imageShape: readonly number[]): Params {
    return initParams(this.paramInits(imageShape), seed);
  }

  /** Logits `[B, num_classes]` (or the pooled representation without a head) for images `[B, H, W, C]`. */
  apply(params: Params, images: tf.Tensor4D, opts: ApplyOptions = {}): { logits: tf.Tensor; out: Record<string, tf.Tensor> } {
    const c = this.config;
    // On wasm, make sure the kernel fixes are in before the first matMul (a no-op elsewhere).
    fastKernels();
    const get: Get = (name) => {
      const t = params[name];
      if (!t) throw new Error(`ViT parameter '${name}' is missing from the parameters given.`);
      return t;
    };
    let site = 0;
    const rate = opts.train ? c.dropout : 0;
    const drop = (t: tf.Tensor): tf.Tensor => (rate > 0 ? tf.dropout(t, rate, undefined, hashSeed(opts.seed ?? 0, `dropout/${opts.step ?? 0}/${site++}`)) : t);

    const [b, hImg, wImg, ch] = images.shape;
    const [ph, pw] = c.patchSize;
    const [gh, gw] = [Math.floor(hImg / ph), Math.floor(wImg / pw)];
    // A VALID strided conv ignores the pixels past the last whole patch.
    const img = gh * ph === hImg && gw * pw === wImg ? images : tf.slice(images, [0, 0, 0, 0], [b, gh * ph, gw * pw, ch]);
    const patches = tf.transpose(img.reshape([b, gh, ph, gw, pw, ch]), [0, 1, 3, 2, 4, 5]).reshape([b * gh * gw, ph * pw * ch]);
    const d = c.width;
    let x: tf.Tensor = dense(patches, get('embedding/kernel').reshape([ph * pw * ch, d]), get('embedding/bias') as tf.Tensor1D).reshape([b, gh * gw, d]);
    const pos = c.posemb === 'learn' ? get('pos_embedding') : posembSincos2d(gh, gw, d);
    x = addBroadcastBatch(x, pos);
    if (c.poolType === 'tok') x = tf.concat([tf.tile(get('cls'), [b, 1, 1]), x], 1);
    const len = x.shape[1] as number;
    let h = drop(x).reshape([b * len, d]) as tf.Tensor2D;

    const stacked = new Map<string, tf.Tensor[]>();
    for (let i = 0; i < c.depth; i++) {
      const block: Get = c.scan
        ? (n) => {
            const name = `Transformer/encoderblock/${n}`;
            if (!stacked.has(name)) stacked.set(name, tf.unstack(get(name)));
            return (stacked.get(name) as tf.Tensor[])[i];
          }
        : (n) => get(`Transformer/encoderblock_${i}/${n}`);
      const sub = (prefix: string): Get => (n) => block(`${prefix}/${n}`);
      let y: tf.Tensor = attention(sub('MultiHeadDotProductAttention_0'), ln(block, 'LayerNorm_0', h), null, b, len, len, c.numHeads);
      h = tf.add(h, drop(y));
      y = mlp(sub('MlpBlock_0'), ln(block, 'LayerNorm_1', h), drop);
      h = tf.add(h, drop(y));
    }
    const encoded = ln(get, 'Transformer/encoder_norm', h);

    let rep: tf.Tensor;
    if (c.poolType === 'map') {
      const sub = (n: string): Get => (k) => get(`MAPHead_0/${n}/${k}`);
      const probe = tf.tile(get('MAPHead_0/probe'), [b, 1, 1]).reshape([b, d]) as tf.Tensor2D;
      const a = attention(sub('MultiHeadDotProductAttention_0'), probe, encoded, b, 1, len, c.numHeads);
      rep = tf.add(a, mlp(sub('MlpBlock_0'), ln(get, 'MAPHead_0/LayerNorm_0', a), (t) => t));
    } else if (c.poolType === 'gap') {
      rep = tf.mean(encoded.reshape([b, len, d]), 1);
    } else if (c.poolType === 'tok' || c.poolType === '0') {
      rep = tf.slice(encoded.reshape([b, len, d]), [0, 0, 0], [b, 1, d]).reshape([b, d]);
    } else {
      rep = encoded.reshape([b, len, d]);
    }
    if (c.repSize) rep = tf.tanh(dense(rep, get('pre_logits/kernel') as tf.Tensor2D, get('pre_logits/bias') as tf.Tensor1D));
    const out: Record<string, tf.Tensor> = { pre_logits: rep };
    if (!c.numClasses) return { logits: rep, out };
    const logits = dense(rep, get('head/kernel') as tf.Tensor2D, get('head/bias') as tf.Tensor1D);
    out.logits = logits;
    return { logits, out };
  }
}

/**
 * `Model(num_classes=config.num_classes, **config.model)`: validates the
 * kwargs (errors name the config key) and returns the model.
 */
export function createModel(model: Record<string, unknown> = {}, numClasses?: number | null): VisionTransformer {
  return new VisionTransformer(resolveVitConfig(model, numClasses));
}
