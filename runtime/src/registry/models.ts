// Model modules usable as `config.model_name` (upstream has no model
// registry: the name is a module path under big_vision/models/). Each entry
// lists the constructor kwargs (`config.model`), the checkpoint vanity names
// its `load()` resolves (`config.model_init`) and its `load()` kwargs
// (`config.model_load`). `vit`, `bit`, `bit_paper` and `mlp_mixer` are
// bundled. Project models: modelsProj.ts.

import { DONT_LOAD, VIT_KWARGS, VIT_VANITY_NAMES } from './modelCommon';
import { PROJECT_MODELS } from './modelsProj';
import { opt, req } from './specHelpers';
import type { ModelSpec } from './types';

const BIT_DEPTHS = [26, 50, 101, 152, 200];

/** vit, bit, bit_paper, mlp_mixer, ppp.gemma. */
export const CORE_MODELS: readonly ModelSpec[] = [
  {
    name: 'vit',
    file: 'big_vision/models/vit.py',
    doc: 'Vision Transformer; Model(num_classes, *, variant=None, **kw).',
    kwargs: VIT_KWARGS,
    variants: 'vit',
    vanityNames: VIT_VANITY_NAMES,
    loadKwargs: [DONT_LOAD],
    bundled: true,
  },
  {
    name: 'bit',
    file: 'big_vision/models/bit.py',
    doc: 'ResNet-v1 with GroupNorm and weight standardisation.',
    kwargs: [
      opt('num_classes', 'int', null, 'head size; falsy = no head'),
      opt('width', 'number', 1, 'channel multiplier of 64'),
      opt('depth', ['int', 'seq'], 50, 'one of 26, 50, 101, 152, 200, or per-stage block counts', { choices: BIT_DEPTHS }),
    ],
    vanityNames: [],
    loadKwargs: [DONT_LOAD],
    bundled: true,
  },
  {
    name: 'bit_paper',
    file: 'big_vision/models/bit_paper.py',
    doc: 'ResNet-v2 as in the BiT paper; model_init S/M/L[-suffix] names paper checkpoints.',
    kwargs: [
      opt('num_classes', 'int', null, 'head size; falsy = no head'),
      opt('width', 'int', 1, 'channel multiplier of 64'),
      opt('depth', ['int', 'seq'], 50, 'one of 26, 50, 101, 152, 200, or per-stage block counts', { choices: BIT_DEPTHS }),
      opt('head_zeroinit', 'bool', true, 'zero-initialise the head'),
    ],
    vanityNames: ['S', 'M', 'L', 'M-imagenet2012', 'FunMatch-224px-i1k82.8', 'FunMatch-160px-i1k80.5'],
    loadKwargs: [DONT_LOAD],
    bundled: true,
  },
  {
    name: 'mlp_mixer',
    file: 'big_vision/models/mlp_mixer.py',
    doc: "MLP-Mixer; variant '<size>/<patch>' sets the dims, otherwise all are required.",
    kwargs: [
      opt('num_classes', 'int', null, 'head size; falsy = no head'),
      opt('variant', 'str', null, "'S|B|L|H/<patch>', e.g. 'B/16'"),
      opt('patch_size', 'seq', null, 'patch size (required without variant)'),
      opt('num_blocks', 'int', null, 'mixer blocks (required without variant)'),
      opt('hidden_dim', 'int', null, 'channels (required without variant)'),
      opt('tokens_mlp_dim', 'int', null, 'token-mixing MLP size (required without variant)'),
      opt('channels_mlp_dim', 'int', null, 'channel-mixing MLP size (required without variant)'),
      opt('model_name', 'str', null, 'unused label'),
      opt('stoch_depth', 'float', 0.0, 'stochastic depth, increasing linearly per block'),
    ],
    variants: 'mixer',
    vanityNames: ['B-i1k/16', 'L-i1k/16', 'B-i21k/16', 'L-i21k/16'],
    loadKwargs: [DONT_LOAD],
    bundled: true,
  },
  {
    name: 'ppp.gemma',
    file: 'big_vision/models/ppp/gemma.py',
    doc: 'Gemma decoder LLM (presets via get_config(variant)); not a classifier.',
    kwargs: [
      req('variant', 'str', 'preset name', { choices: ['gemma_2b', 'gemma_7b', 'gemma2_2b', 'gemma2_9b', 'gemma2_27b'] }),
      req('width', 'int', 'hidden size'),
      req('depth', 'int', 'number of layers'),
      req('mlp_dim', 'int', 'MLP hidden size'),
      req('num_heads', 'int', 'query heads'),
      req('num_kv_heads', 'int', 'key/value heads'),
      req('head_dim', 'int', 'per-head size'),
      req('norm_eps', 'float', 'RMSNorm epsilon'),
      req('vocab_size', 'int', 'vocabulary size (256000)'),
      opt('query_pre_attn_norm', 'str', 'rsqrt_head_dim', 'query scaling'),
      opt('final_logits_softcap', 'float', 0.0, 'logit soft cap (0 = off)'),
      opt('attn_logits_softcap', 'float', 0.0, 'attention soft cap (0 = off)'),
      opt('post_norms', 'bool', false, 'Gemma2 post-norms'),
      opt('dropout', 'float', 0.0, 'dropout rate'),
      opt('dropout_bdims', 'seq', [], 'axes sharing a dropout mask'),
      opt('cache_dtype', 'str', null, 'KV-cache dtype'),
      opt('embed_dtype', 'str', 'float32', 'embedding dtype'),
      opt('scan', 'bool', false, 'nn.scan over layers'),
      opt('remat_policy', 'str', 'none', 'rematerialisation policy'),
    ],
    vanityNames: [],
    loadKwargs: [DONT_LOAD],
    bundled: false,
  },
];

/** All 23 model modules, core first. */
export const MODELS: readonly ModelSpec[] = [...CORE_MODELS, ...PROJECT_MODELS];
