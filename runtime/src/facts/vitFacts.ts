/**
 * ViT facts in closed form, following upstream's big_vision/models/vit.py: a VALID conv patch embedding, a learned
 * (or fixed sincos2d) position embedding added before the optional [cls] token, pre-LN encoder blocks (flax
 * MultiHeadDotProductAttention with per-head kernels, a GELU MLP), the final `encoder_norm`, then `gap`, `tok`,
 * `map` (a MAPHead with its own probe, attention, LayerNorm and MLP), `0` or `none` pooling, the optional tanh
 * `pre_logits` and the head. Hyperparameters come from the trainer's own resolver, so variant decoding and its
 * errors are the same as `bv train`'s.
 */
import type { VitConfig } from '../models/vitConfig';
import { ParamList, type ArchitectureFacts, type ImageSize } from './types';

/** Parameters of one attention layer (q, k, v, out) over `width` channels in `heads` heads. */
function attention(p: ParamList, name: string, width: number, heads: number): void {
  const hd = width / heads;
  for (const k of ['query', 'key', 'value']) p.add(`${name}/${k}/kernel`, width, heads, hd).add(`${name}/${k}/bias`, heads, hd);
  p.add(`${name}/out/kernel`, heads, hd, width).add(`${name}/out/bias`, width);
}

function mlp(p: ParamList, name: string, width: number, mlpDim: number): void {
  p.dense(`${name}/Dense_0`, width, mlpDim).dense(`${name}/Dense_1`, mlpDim, width);
}

/** Patch grid of a VALID conv with stride = kernel. */
function grid(cfg: VitConfig, image: ImageSize): { gh: number; gw: number } {
  const gh = Math.floor(image.height / cfg.patchSize[0]);
  const gw = Math.floor(image.width / cfg.patchSize[1]);
  if (gh < 1 || gw < 1) throw new Error(`the image (${image.height}x${image.width}) is smaller than one patch (${cfg.patchSize.join('x')})`);
  return { gh, gw };
}

/** Facts of `vit.Model(**cfg)` on images of `image`; `title` names the variant. */
export function vitFacts(cfg: VitConfig, image: ImageSize, title: string, matmulBytes: number, remat: boolean): ArchitectureFacts {
  const { width: w, depth, mlpDim: m, numHeads: heads, patchSize: [ph, pw] } = cfg;
  const { gh, gw } = grid(cfg, image);
  const n = gh * gw;
  const tokens = n + (cfg.poolType === 'tok' ? 1 : 0);
  const p = new ParamList();
  p.add('embedding/kernel', ph, pw, image.channels, w).add('embedding/bias', w);
  if (cfg.posemb === 'learn') p.add('pos_embedding', 1, n, w);
  if (cfg.poolType === 'tok') p.add('cls', 1, 1, w);
  const blocks = cfg.scan ? ['Transformer/encoderblock'] : Array.from({ length: depth }, (_, i) => `Transformer/encoderblock_${i}`);
  for (const b of blocks) {
    const before = p.list.length;
    p.norm(`${b}/LayerNorm_0`, w);
    attention(p, `${b}/MultiHeadDotProductAttention_0`, w, heads);
    p.norm(`${b}/LayerNorm_1`, w);
    mlp(p, `${b}/MlpBlock_0`, w, m);
    // nn.scan stacks every block's params along a new leading axis.
    if (cfg.scan) for (let i = before; i < p.list.length; i++) p.list[i] = { ...p.list[i], shape: [depth, ...p.list[i].shape] };
  }
  p.norm('Transformer/encoder_norm', w);
  // Multiply-adds: patch embedding, per block q/k/v/out and MLP projections plus the two attention matmuls.
  let macs = n * ph * pw * image.channels * w + depth * (tokens * (4 * w * w + 2 * w * m) + 2 * tokens * tokens * w);
  // Activations kept per block: LN inputs and outputs, q, k, v, the attention output, both MLP activations and
  // the softmax probabilities; nothing_saveable remat under scan keeps only each block's input.
  const perBlock = 8 * tokens * w + 2 * tokens * m + heads * tokens * tokens;
  let activations = image.height * image.width * image.channels + n * w + (remat ? depth * tokens * w + perBlock : depth * perBlock) + 2 * tokens * w;
  let features = w;
  if (cfg.poolType === 'map') {
    p.add('MAPHead_0/probe', 1, 1, w);
    attention(p, 'MAPHead_0/MultiHeadDotProductAttention_0', w, heads);
    p.norm('MAPHead_0/LayerNorm_0', w);
    mlp(p, 'MAPHead_0/MlpBlock_0', w, m);
    macs += 2 * w * w + 2 * tokens * w * w + 2 * tokens * w + 2 * w * m;
    activations += 2 * tokens * w + heads * tokens + 4 * w + 2 * m;
  }
  // pool_type 'none' applies pre_logits and the head to every token.
  const positions = cfg.poolType === 'none' ? tokens : 1;
  if (cfg.repSize) {
    p.dense('pre_logits', w, cfg.repSize);
    macs += positions * w * cfg.repSize;
    activations += 2 * positions * cfg.repSize;
    features = cfg.repSize;
  }
  if (cfg.numClasses) {
    p.dense('head', features, cfg.numClasses);
    macs += positions * features * cfg.numClasses;
    activations += positions * (features + cfg.numClasses);
  }
  const notes = [remat ? 'scan with nothing_saveable remat: each block keeps only its input and one block is recomputed at a time' : 'no rematerialisation'];
  if (cfg.dropout > 0) notes.push('dropout masks not counted');
  return { title, params: p.list, macs, activations, activationBytes: matmulBytes, notes };
}
