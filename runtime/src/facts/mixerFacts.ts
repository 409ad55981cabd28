/**
 * MLP-Mixer facts in closed form, following upstream's big_vision/models/mlp_mixer.py: a conv `stem` with stride =
 * patch (with bias), `MixerBlock_<i>` of LayerNorm, a token-mixing MLP over the patches (transposed), LayerNorm and
 * a channel-mixing MLP, then `pre_head_layer_norm`, the mean over tokens and the `head`. The sizes come from the
 * model's own config resolver (models/mlpMixerConfig.ts), which the trainer builds from too.
 */
import type { MixerConfig } from '../models/mlpMixerConfig';
import { ParamList, type ArchitectureFacts, type ImageSize } from './types';

function mlp(p: ParamList, name: string, dim: number, hidden: number): void {
  p.dense(`${name}/Dense_0`, dim, hidden).dense(`${name}/Dense_1`, hidden, dim);
}

/** Facts of the Mixer on images of `image`. */
export function mixerFacts(cfg: MixerConfig, image: ImageSize, variant?: string): ArchitectureFacts {
  const { hiddenDim: c, numBlocks, tokensMlpDim: t, channelsMlpDim: m, patchSize: [ph, pw] } = cfg;
  const gh = Math.floor(image.height / ph);
  const gw = Math.floor(image.width / pw);
  if (gh < 1 || gw < 1) throw new Error(`the image (${image.height}x${image.width}) is smaller than one patch (${ph}x${pw})`);
  const n = gh * gw;
  const p = new ParamList();
  p.add('stem/kernel', ph, pw, image.channels, c).add('stem/bias', c);
  for (let i = 0; i < numBlocks; i++) {
    const b = `MixerBlock_${i}`;
    p.norm(`${b}/LayerNorm_0`, c);
    mlp(p, `${b}/token_mixing`, n, t);
    p.norm(`${b}/LayerNorm_1`, c);
    mlp(p, `${b}/channel_mixing`, c, m);
  }
  p.norm('pre_head_layer_norm', c);
  let macs = n * ph * pw * image.channels * c + numBlocks * (2 * c * n * t + 2 * n * c * m);
  // Per block: both LayerNorms' inputs and outputs, and both MLPs' pre- and post-GELU activations.
  let activations = image.height * image.width * image.channels + n * c + numBlocks * (4 * n * c + 2 * c * t + 2 * n * m) + 2 * n * c + c;
  if (cfg.numClasses) {
    p.dense('head', c, cfg.numClasses);
    macs += c * cfg.numClasses;
    activations += cfg.numClasses;
  }
  const title = variant ? `Mixer-${variant}` : `Mixer of ${numBlocks} blocks, width ${c}, patch ${ph}x${pw}`;
  return { title, params: p.list, macs, activations, activationBytes: 4, notes: ['no rematerialisation'] };
}
