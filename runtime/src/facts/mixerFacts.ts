/**
 * MLP-Mixer facts in closed form, following upstream's big_vision/models/mlp_mixer.py: a conv `stem` with stride =
 * patch (with bias), `MixerBlock_<i>` of LayerNorm, a token-mixing MLP over the patches (transposed), LayerNorm and
 * a channel-mixing MLP, then `pre_head_layer_norm`, the mean over tokens and the `head`. `variant` sets the sizes
 * with setdefault (explicit kwargs win); without it every size is required, as upstream raises a TypeError.
 */
import { parseMixerVariant } from '../registry';
import { ConfigKeyError } from '../semantics/configKeyError';
import { ParamList, type ArchitectureFacts, type ImageSize } from './types';

/** Mixer hyperparameters after variant decoding. */
export interface MixerConfig {
  readonly numClasses: number | null;
  readonly patchSize: readonly [number, number];
  readonly numBlocks: number;
  readonly hiddenDim: number;
  readonly tokensMlpDim: number;
  readonly channelsMlpDim: number;
  /** The variant string, for the title. */
  readonly variant?: string;
}

const isPosInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

/** `mlp_mixer.Model(num_classes, **model)` → hyperparameters; errors name the `model.*` key. */
export function resolveMixerConfig(model: Record<string, unknown>, numClasses: number | null): MixerConfig {
  const kw: Record<string, unknown> = { ...model };
  let variant: string | undefined;
  if (kw.variant !== undefined && kw.variant !== null) {
    if (typeof kw.variant !== 'string') throw new ConfigKeyError(['model', 'variant'], `${JSON.stringify(kw.variant)} is not a variant: expected a string like 'B/16'.`);
    const parsed = parseMixerVariant(kw.variant);
    if (!parsed.ok) throw new ConfigKeyError(['model', 'variant'], parsed.message);
    const v = parsed.value;
    variant = kw.variant;
    kw.patch_size ??= [v.patch, v.patch];
    kw.hidden_dim ??= v.hiddenDim;
    kw.num_blocks ??= v.numBlocks;
    kw.channels_mlp_dim ??= v.channelsMlpDim;
    kw.tokens_mlp_dim ??= v.tokensMlpDim;
  }
  const need = (key: string): number => {
    const v = kw[key];
    if (v === undefined || v === null) throw new ConfigKeyError(['model', key], `is required for model_name='mlp_mixer' without a variant; set model.variant (e.g. 'B/16') or model.${key}.`);
    if (!isPosInt(v)) throw new ConfigKeyError(['model', key], `${JSON.stringify(v)} is not valid for model_name='mlp_mixer': expected a positive integer.`);
    return v;
  };
  const patch = kw.patch_size;
  if (patch === undefined || patch === null) need('patch_size');
  if (!Array.isArray(patch) || patch.length !== 2 || !patch.every(isPosInt)) {
    throw new ConfigKeyError(['model', 'patch_size'], `${JSON.stringify(patch)} is not valid for model_name='mlp_mixer': expected two positive integers, e.g. (16, 16).`);
  }
  return {
    numClasses: numClasses || null,
    patchSize: [patch[0], patch[1]],
    numBlocks: need('num_blocks'),
    hiddenDim: need('hidden_dim'),
    tokensMlpDim: need('tokens_mlp_dim'),
    channelsMlpDim: need('channels_mlp_dim'),
    ...(variant ? { variant } : {}),
  };
}

function mlp(p: ParamList, name: string, dim: number, hidden: number): void {
  p.dense(`${name}/Dense_0`, dim, hidden).dense(`${name}/Dense_1`, hidden, dim);
}

/** Facts of the Mixer on images of `image`. */
export function mixerFacts(cfg: MixerConfig, image: ImageSize): ArchitectureFacts {
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
  const title = cfg.variant ? `Mixer-${cfg.variant}` : `Mixer of ${numBlocks} blocks, width ${c}, patch ${ph}x${pw}`;
  return { title, params: p.list, macs, activations, activationBytes: 4, notes: ['no rematerialisation'] };
}
