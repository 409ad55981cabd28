// Pieces several model specs share: ViT hyperparameters (used by vit,
// naflex_vit, flexi.vit, text_transformer), `dont_load`, and the checkpoint
// vanity-name lists. Kept apart so models.ts and modelsProj.ts can both use
// them without importing each other.

import { opt } from './specHelpers';
import type { ParamSpec } from './types';

/** `dont_load` of most `load()` functions. */
export const DONT_LOAD: ParamSpec = opt('dont_load', 'seq', [], 'param-name regexes that keep their init values');

const sizes = (prefix: string, names: string): string[] => names.split(' ').map((n) => `${prefix}${n}`);

/** Names two_towers.load resolves (26 SigLIP / SigLIP2 checkpoints); vit loads their image towers. */
export const SIGLIP_VANITY_NAMES: readonly string[] = [
  'SigLIP B/16 224', 'SigLIP B/16 256', 'SigLIP B/16 384', 'SigLIP B/16 512', 'SigLIP L/16 256', 'SigLIP L/16 384',
  'SigLIP So400m/14 224', 'SigLIP So400m/14 384', 'SigLIP B/16-i18n 256',
  'SigLIP2 B/16 224', 'SigLIP2 B/16 256', 'SigLIP2 B/16 384', 'SigLIP2 B/16 512', 'SigLIP2 B/32 256',
  'SigLIP2 L/16 256', 'SigLIP2 L/16 384', 'SigLIP2 L/16 512', 'SigLIP2 So400m/14 224', 'SigLIP2 So400m/14 384',
  'SigLIP2 So400m/16 256', 'SigLIP2 So400m/16 384', 'SigLIP2 So400m/16 512', 'SigLIP2 g-opt/16 256',
  'SigLIP2 g-opt/16 384', 'SigLIP2 B/16 NaFlex', 'SigLIP2 So400m/16 NaFlex',
];

/** ViT checkpoint vanity names (vit.VANITY_NAMES, 48; the NaFlex ones need naflex_vit). */
export const VIT_VANITY_NAMES: readonly string[] = [
  ...sizes('howto-i21k-', 'Ti/16 S/32 S/16 B/32 B/16 B/8 L/16'),
  ...sizes('i1k-s16-', '90ep 150ep 300ep'),
  ...['S', 'B', 'L'].flatMap((s) => ['224_1k', '224_21k', '384_1k', '384_21k'].map((r) => `deit3_${s}_${r}`)),
  ...SIGLIP_VANITY_NAMES,
];

/** The shared ViT hyperparameters (vit._Model fields after num_classes). */
export const VIT_KWARGS: readonly ParamSpec[] = [
  opt('num_classes', 'int', null, 'head size (set from config.num_classes); falsy = no head'),
  opt('variant', 'str', null, "'<size>' or '<size>/<patch>', e.g. 'B/16'; explicit kwargs win"),
  opt('patch_size', 'seq', [16, 16], 'patch embedding size = stride'),
  opt('width', 'int', 768, 'hidden size'),
  opt('depth', 'int', 12, 'number of encoder blocks'),
  opt('mlp_dim', 'int', null, 'MLP hidden size (None = 4 x width)'),
  opt('num_heads', 'int', 12, 'attention heads'),
  opt('posemb', 'str', 'learn', 'position embedding', { choices: ['learn', 'sincos2d'] }),
  opt('rep_size', ['bool', 'int'], false, 'True = tanh pre_logits of size width; an int = that size'),
  opt('dropout', 'float', 0.0, 'dropout after embedding, attention and MLP'),
  opt('pool_type', 'str', 'gap', "pooling ('0' = token 0 without a cls token)", { choices: ['gap', 'map', 'tok', '0', 'none'] }),
  opt('head_zeroinit', 'bool', true, 'zero-initialise head/kernel'),
  opt('scan', 'bool', false, 'nn.scan over blocks (stacked params) with remat'),
  opt('remat_policy', 'str', 'nothing_saveable', 'jax.checkpoint_policies entry used with scan'),
  opt('dtype_mm', 'str', 'float32', 'dtype of matmuls'),
];
