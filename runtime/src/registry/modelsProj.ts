// The 18 project model modules (`model_name = 'proj.<...>'`) with their
// constructor kwargs, load() kwargs and vanity names, as in big_vision at
// 0127fb6 (shared/reference/big_vision/models.md §2). None are bundled.

import { DONT_LOAD, SIGLIP_VANITY_NAMES, VIT_KWARGS, VIT_VANITY_NAMES } from './modelCommon';
import { opt, req } from './specHelpers';
import type { ModelSpec, ParamSpec } from './types';

const vitKw = (...names: string[]): ParamSpec[] => VIT_KWARGS.filter((p) => names.includes(p.name));
const model = (name: string, file: string, doc: string, kwargs: readonly ParamSpec[], rest: Partial<ModelSpec> = {}): ModelSpec => ({
  name, file: `big_vision/models/${file}`, doc, kwargs, vanityNames: [], loadKwargs: [DONT_LOAD], bundled: false, ...rest,
});
const SCAN = [opt('scan', 'bool', false, 'nn.scan over layers'), opt('remat_policy', 'str', 'nothing_saveable', 'rematerialisation policy')];
const VAE_BASE = [
  opt('codeword_dim', 'int', null, 'codeword size'),
  opt('code_len', 'int', 256, 'number of codewords'),
  opt('code_dropout', 'str', 'none', 'code dropout mode'),
];
const PALIGEMMA_NAMES = ['224', '448', '896'].flatMap((r) => [`pt_${r}`, `pt_${r}.bf16`, `pt_${r}.f16`]).concat(
  ['3b', '10b', '28b'].flatMap((s) => ['224', '448', '896'].map((r) => `pt_${s}_${r}`)),
);
const FLEXI_NAMES = [
  'FlexiViT-L i1k', 'FlexiViT-B i1k', 'FlexiViT-S i1k', 'FlexiViT-B i21k 90ep', 'FlexiViT-B i21k 300ep',
  'FlexiViT-B i21k 1000ep', 'ViT-B/16 i21k', 'ViT-B/30 i21k',
];

/** All 18 project model modules. */
export const PROJECT_MODELS: readonly ModelSpec[] = [
  model('proj.image_text.two_towers', 'proj/image_text/two_towers.py', 'Two-tower image/text model (CLIP, LiT, SigLIP); returns (zimg, ztxt, out).', [
    opt('image', 'dict', null, 'kwargs of the image model'),
    opt('text', 'dict', null, 'kwargs of the text model'),
    opt('image_model', 'str', 'vit', 'model_name of the image tower'),
    opt('text_model', 'str', 'proj.image_text.text_transformer', 'model_name of the text tower'),
    opt('out_dim', ['int', 'seq'], 128, 'embedding size, or (img, txt); None = no projection', { nullable: true }),
    opt('temperature_init', 'float', 1.0, 'initial temperature t (stored as log)'),
    opt('bias_init', 'float', null, 'adds a learned bias b (SigLIP) when set'),
  ], { vanityNames: SIGLIP_VANITY_NAMES, loadKwargs: [opt('img_load_kw', 'dict', {}, 'load kwargs of the image tower'), opt('txt_load_kw', 'dict', {}, 'load kwargs of the text tower')] }),
  model('proj.image_text.text_transformer', 'proj/image_text/text_transformer.py', 'Text transformer tower.', [
    req('num_classes', 'int', 'output size (positional, required)'),
    opt('variant', 'str', null, 'ViT size table entry'),
    opt('width', 'int', 512, 'hidden size'),
    opt('depth', 'int', 12, 'layers'),
    opt('mlp_dim', 'int', 2048, 'MLP hidden size'),
    opt('num_heads', 'int', 8, 'attention heads'),
    opt('dropout', 'float', 0.0, 'dropout rate'),
    opt('vocab_size', 'int', 32000, 'vocabulary size'),
    opt('pool_type', 'str', 'last', 'pooling', { choices: ['last', 'first', 'mean', 'gap', 'max', 'gmp', 'map'] }),
    ...SCAN,
  ], { variants: 'vit' }),
  model('proj.image_text.naflex_vit', 'proj/image_text/naflex_vit.py', 'NaFlex ViT over (patches, type, y, x) tuples from patchify/tuplify.', [
    ...vitKw('num_classes', 'variant', 'width', 'depth', 'mlp_dim', 'num_heads', 'rep_size', 'pool_type', 'head_zeroinit', 'scan', 'remat_policy', 'dtype_mm'),
    opt('posemb', 'str', 'learn_2d(64)', "only 'learn_2d(N)'"),
    opt('nposemb', 'int', null, 'position-embedding grid size (must be set)'),
    opt('patchln_pre', 'bool', false, 'LayerNorm before the patch embedding'),
    opt('patchln_post', 'bool', false, 'LayerNorm after the patch embedding'),
  ], { variants: 'vit', vanityNames: VIT_VANITY_NAMES }),
  model('proj.paligemma.paligemma', 'proj/paligemma/paligemma.py', 'PaliGemma: ViT image encoder + Gemma decoder; (image, text, mask_ar) → text logits.', [
    opt('img_model', 'str', 'vit', 'model_name of the image encoder'),
    opt('img', 'dict', null, 'image model kwargs (num_classes defaults to the LLM width)'),
    opt('llm_model', 'str', 'proj.paligemma.gemma_bv', 'model_name of the LLM'),
    opt('llm', 'dict', null, 'LLM kwargs'),
  ], { vanityNames: PALIGEMMA_NAMES, loadKwargs: [opt('img_load_kw', 'dict', {}, 'load kwargs of the image model'), opt('llm_load_kw', 'dict', {}, 'load kwargs of the LLM')] }),
  model('proj.paligemma.gemma_bv', 'proj/paligemma/gemma_bv.py', 'Gemma wrapper used by PaliGemma.', [
    opt('variant', 'str', 'gemma_2b', 'preset', { choices: ['gemma_2b', 'gemma_7b', 'gemma2_2b', 'gemma2_9b', 'gemma2_27b'] }),
    opt('scan', 'bool', true, 'nn.scan over layers'),
    opt('remat_policy', 'str', 'nothing_saveable', 'rematerialisation policy'),
    opt('vocab_size', 'int', null, 'vocabulary size (None = preset)'),
    opt('dropout', 'float', 0.0, 'dropout rate'),
    opt('dropout_bdims', 'seq', [], 'axes sharing a dropout mask'),
    opt('cache_dtype', 'str', 'bfloat16', 'KV-cache dtype', { nullable: true }),
    opt('final_logits_softcap', 'float', null, 'logit soft cap'),
    opt('attn_logits_softcap', 'float', null, 'attention soft cap'),
  ]),
  model('proj.cappa.cappa', 'proj/cappa/cappa.py', 'CapPa encoder-decoder captioner (0 decoder sizes = same as encoder).', [
    opt('num_heads', 'int', 8, 'encoder heads'), opt('num_layers', 'int', 6, 'encoder layers'),
    opt('mlp_dim', 'int', 2048, 'encoder MLP size'), opt('emb_dim', 'int', 512, 'encoder width'),
    opt('enc_dropout_rate', 'float', 0.0, 'encoder dropout'), opt('vocab_size', 'int', 32000, 'vocabulary size'),
    opt('seq_len', 'int', 256, 'text length'), opt('patches', 'seq', [16, 16], 'patch size'),
    opt('input_seq_len', 'int', 768, 'image tokens'), opt('posemb_type', 'str', 'learn', 'position embedding', { choices: ['learn', 'sincos2d'] }),
    opt('patch_dropout', 'float', 0.0, 'patch dropout'), opt('decoder_num_heads', 'int', 0, 'decoder heads'),
    opt('decoder_num_layers', 'int', 0, 'decoder layers'), opt('decoder_mlp_dim', 'int', 0, 'decoder MLP size'),
    opt('decoder_emb_dim', 'int', 0, 'decoder width'), opt('dec_dropout_rate', 'float', 0.0, 'decoder dropout'),
    opt('masked_pred_prob', 'float', 0.0, 'parallel-prediction probability'), opt('masking_ratio', 'float', 0.0, 'token masking ratio'),
    opt('decoder_bias', 'bool', true, 'biases in the decoder'), ...SCAN,
  ], { loadKwargs: [opt('dont_load', 'seq', ['head/kernel', 'head/bias', 'cls'], 'param regexes that keep their init values')] }),
  model('proj.clippo.one_tower', 'proj/clippo/one_tower.py', 'CLIPPO: one ViT for rendered text and images.', [
    opt('image', 'dict', null, 'kwargs of the image model'),
    opt('image_model', 'str', 'vit', 'model_name of the tower'),
    opt('out_dim', 'int', 768, 'embedding size'),
    opt('temperature_init', 'float', 10.0, 'initial temperature'),
  ], { loadKwargs: [opt('img_load_kw', 'dict', {}, 'load kwargs of the tower')] }),
  model('proj.flaxformer.bert', 'proj/flaxformer/bert.py', 'BERT text encoder (TF checkpoint or big_vision checkpoint).', [
    req('config', 'str', 'BERT size', { choices: ['base', 'large'] }),
    opt('num_classes', 'int', null, 'head size'),
    opt('head_zeroinit', 'bool', true, 'zero-initialise the head'),
  ]),
  model('proj.flexi.vit', 'proj/flexi/vit.py', 'FlexiViT: patch size chosen at call time (seqhw).', [
    req('num_classes', 'int', 'head size (positional, required)'),
    opt('variant', 'str', null, 'ViT size table entry'),
    opt('patch_size', 'seq', [32, 32], 'underlying kernel size'),
    opt('posemb_size', 'seq', [7, 7], 'underlying position-embedding grid'),
    ...vitKw('width', 'depth', 'mlp_dim', 'num_heads', 'posemb', 'pool_type', 'head_zeroinit'),
    opt('seqhw', 'int', null, 'default sequence grid side'),
  ], { variants: 'vit', vanityNames: [...VIT_VANITY_NAMES, ...FLEXI_NAMES] }),
  model('proj.givt.givt', 'proj/givt/givt.py', 'GIVT: generative infinite-vocabulary transformer over VAE codes.', [
    opt('num_heads', 'int', 8, 'heads'), opt('num_layers', 'int', 0, 'encoder layers'),
    opt('num_decoder_layers', 'int', 6, 'decoder layers'), opt('mlp_dim', 'int', 2048, 'MLP size'),
    opt('enc_dropout_rate', 'float', 0.0, 'encoder dropout'), opt('dec_dropout_rate', 'float', 0.0, 'decoder dropout'),
    opt('emb_dim', 'int', 512, 'width'), opt('num_labels', 'int', 1000, 'class labels (None = unconditional)'),
    opt('seq_len', 'int', 256, 'code length'), opt('patches', 'seq', [16, 16], 'patch size'),
    opt('input_size', 'seq', [256, 256], 'image size'), opt('posemb_type', 'str', 'learn', 'position embedding', { choices: ['learn', 'sincos2d'] }),
    opt('zero_decoder_seq', 'bool', false, 'zero decoder inputs'), opt('style', 'str', 'ar', 'decoding style', { choices: ['ar', 'masked'] }),
    opt('zero_embedding_init', 'bool', false, 'zero-init embeddings'), opt('num_mixtures', 'int', 4, 'GMM components'),
    opt('multivariate', 'bool', false, 'multivariate Gaussians'), opt('out_dim', 'int', 32, 'code dimension'),
    opt('scale_tol', 'float', 1e-6, 'minimum scale'), opt('mask_schedule_train', 'str', 'cosine', 'masking schedule'),
    opt('min_masking_rate_training', 'float', 0.3, 'minimum masking rate'), opt('mask_style', 'str', 'replace', 'masking style'),
    opt('drop_labels_probability', 'float', 0.0, 'label dropout (CFG)'), opt('fix_square_plus', 'bool', false, 'square-plus fix'),
    opt('per_channel_mixtures', 'bool', true, 'mixtures per channel'), ...SCAN,
  ], { loadKwargs: [DONT_LOAD, opt('resample_encoder_posemb', 'bool', false, 'resample encoder posemb'), opt('trim_decoder_posemb', 'bool', false, 'trim decoder posemb')] }),
  model('proj.givt.vit', 'proj/givt/vit.py', 'ViT VAE for GIVT.', [
    opt('input_size', 'seq', [256, 256], 'image size'), opt('patch_size', 'seq', [16, 16], 'patch size'),
    opt('width', 'int', 768, 'width'), opt('enc_depth', 'int', 6, 'encoder depth'), opt('dec_depth', 'int', 6, 'decoder depth'),
    opt('mlp_dim', 'int', null, 'MLP size (None = 4 x width)'), opt('num_heads', 'int', 12, 'heads'),
    opt('posemb', 'str', 'learn', 'position embedding', { choices: ['learn', 'sincos2d'] }), opt('dropout', 'float', 0.0, 'dropout'),
    opt('head_zeroinit', 'bool', true, 'zero-init head'), opt('bottleneck_resize', 'bool', false, 'resize at the bottleneck'),
    opt('inout_specs', 'dict', null, 'name → (channels, patch_dim)'), ...SCAN, ...VAE_BASE,
  ]),
  model('proj.givt.cnn', 'proj/givt/cnn.py', 'CNN VAE for GIVT.', [
    opt('filters', 'int', 128, 'base filters'), opt('num_res_blocks', 'int', 2, 'residual blocks per level'),
    opt('channel_multipliers', 'seq', [], 'per-level multipliers'), opt('conv_downsample', 'bool', false, 'strided-conv downsampling'),
    opt('activation_fn', 'str', 'swish', 'activation'), opt('norm_type', 'str', 'GN', 'normalisation'),
    opt('output_dim', 'int', 3, 'output channels'), opt('dtype', 'str', 'float32', 'compute dtype', { defaultText: 'jnp.float32' }),
    opt('malib_ckpt', 'bool', false, 'checkpoint layout'), opt('pixel_shuffle_patch_size', 'seq', [1, 1], 'space-to-depth patch'),
    ...VAE_BASE,
  ], { loadKwargs: [DONT_LOAD, opt('malib_ckpt', 'bool', false, 'checkpoint layout'), opt('use_ema_params', 'bool', false, 'load EMA params')] }),
  model('proj.givt.adaptor', 'proj/givt/adaptor.py', 'Invertible iRevNet adaptor between VAE and GIVT.', [
    opt('num_blocks', 'int', 4, 'blocks'), opt('num_channels', 'int', 4, 'channels'),
    opt('num_channels_bottleneck', 'int', null, 'bottleneck channels'), opt('dropout_rate', 'float', 0.0, 'dropout'),
    opt('pixel_shuffle_patch_size', 'seq', [1, 1], 'space-to-depth patch'),
  ]),
  model('proj.jet.jet', 'proj/jet/jet.py', 'Jet normalizing flow (FREEZE_ME params are frozen via schedule).', [
    opt('depth', 'int', 2, 'coupling layers'), opt('block_depth', 'int', 1, 'ViT blocks per coupling'),
    opt('emb_dim', 'int', 256, 'width'), opt('num_heads', 'int', 4, 'heads'), opt('scale_factor', 'float', 2.0, 'scale bound'),
    opt('ps', 'int', 4, 'patch size'), opt('channels_coupling_projs', 'seq', ['random'], 'channel projections'),
    opt('spatial_coupling_projs', 'seq', ['checkerboard', 'checkerboard-inv'], 'spatial projections (also vstripes, hstripes, -inv)'),
    opt('kinds', 'seq', ['channels', 'channels', 'spatial'], 'coupling kinds cycle'),
  ]),
  model('proj.jetformer.jetformer', 'proj/jetformer/jetformer.py', 'JetFormer autoregressive image/text transformer.', [
    req('width', 'int', 'width'), req('depth', 'int', 'layers'), req('mlp_dim', 'int', 'MLP size'),
    req('num_heads', 'int', 'heads'), req('num_kv_heads', 'int', 'KV heads'), req('head_dim', 'int', 'head size'),
    opt('norm_eps', 'float', 1e-6, 'norm epsilon'), opt('dropout', 'float', 0.0, 'dropout'), opt('dropout_bdims', 'seq', [], 'dropout axes'),
    opt('cache_dtype', 'str', null, 'KV-cache dtype'), opt('embed_dtype', 'str', 'float32', 'embedding dtype'), ...SCAN,
    opt('vocab_size', 'int', 1000, 'vocabulary size'), opt('bos_id', 'int', null, 'BOS id'), opt('boi_id', 'int', null, 'BOI id'),
    opt('nolabel_id', 'int', null, 'no-label id'), opt('num_vocab_repeats', 'int', 1, 'vocab repeats'),
    opt('causal_mask_on_prefix', 'bool', true, 'causal prefix'), opt('untie_output_vocab', 'bool', false, 'separate output embedding'),
    opt('num_mixtures', 'int', 4, 'GMM components'), opt('multivariate', 'bool', false, 'multivariate Gaussians'),
    opt('out_dim', 'int', 32, 'soft-token dimension'), opt('scale_tol', 'float', 1e-6, 'minimum scale'),
    opt('head_dtype', 'str', 'float32', 'head dtype'), opt('per_modality_final_norm', 'bool', false, 'final norm per modality'),
    opt('drop_labels_probability', 'float', 0.0, 'label dropout (CFG)'),
  ]),
  model('proj.jetformer.patch_pca', 'proj/jetformer/patch_pca.py', 'Patch PCA "VAE" for JetFormer (load() returns {}).', [
    opt('pca_init_file', 'str', '', 'PCA statistics file'), opt('noise_std', 'float', 0.01, 'noise std'),
    opt('add_dequant_noise', 'bool', false, 'dequantisation noise'), opt('input_size', 'seq', [256, 256], 'image size'),
    opt('patch_size', 'seq', [16, 16], 'patch size'), opt('whiten', 'bool', true, 'whiten components'),
    opt('depth_to_seq', 'int', 1, 'depth-to-sequence factor'), opt('skip_pca', 'bool', false, 'identity instead of PCA'), ...VAE_BASE,
  ], { loadKwargs: [] }),
  model('proj.uvim.vit', 'proj/uvim/vit.py', 'UViM VQ-VAE.', [
    req('inputs', 'dict', 'name → (channels, patch_dim)'), req('outputs', 'dict', 'name → (channels, patch_dim)'),
    opt('input_size', 'seq', [256, 256], 'image size'), opt('patch_size', 'seq', [8, 8], 'patch size'),
    opt('code_len', 'int', 256, 'codewords'), opt('width', 'int', 768, 'width'), opt('enc_depth', 'int', 6, 'encoder depth'),
    opt('dec_depth', 'int', 6, 'decoder depth'), opt('mlp_dim', 'int', null, 'MLP size'), opt('num_heads', 'int', 12, 'heads'),
    opt('posemb', 'str', 'learn', 'position embedding', { choices: ['learn', 'sincos2d'] }), opt('rep_size', ['bool', 'int'], false, 'pre-logits size'),
    opt('dropout', 'float', 0.0, 'dropout'), opt('reinit', 'seq', null, 'params to re-initialise'), opt('head_zeroinit', 'bool', true, 'zero-init head'),
    opt('dict_size', 'int', 512, 'dictionary words'), opt('codeword_dim', 'int', null, 'codeword size'),
    opt('dict_momentum', 'float', 0.995, 'dictionary EMA'), opt('quantize', 'bool', true, 'quantise codes'),
    opt('statistics_axis_name', 'str', 'batch', 'axis for statistics'), opt('min_count', 'float', 0.1, 'dead-word threshold'),
    opt('with_encoder_ctx', 'bool', false, 'encoder context'), opt('with_decoder_ctx', 'bool', false, 'decoder context'),
    opt('code_dropout', 'str', 'none', 'code dropout'), opt('bottleneck_resize', 'bool', false, 'resize at the bottleneck'),
    opt('zero_decoder_seq', 'bool', false, 'zero decoder inputs'),
  ], { broken: 'load() calls utils.load_checkpoint, removed upstream' }),
  model('proj.uvim.vtt', 'proj/uvim/vtt.py', 'UViM vision-to-text transformer (model_init may be {encoder: <vit name>}).', [
    req('patches', 'dict', "{'size': (p, p)}"), opt('num_heads', 'int', 8, 'heads'), opt('num_layers', 'int', 6, 'layers'),
    opt('mlp_dim', 'int', 2048, 'MLP size'), opt('dropout_rate', 'float', 0.0, 'dropout'), opt('emb_dim', 'int', 512, 'width'),
    opt('vocab_size', 'int', 32000, 'vocabulary size'), opt('seq_len', 'int', 256, 'sequence length'),
    opt('input_size', 'seq', [256, 256], 'image size'), opt('posemb_type', 'str', 'sincos2d', 'position embedding', { choices: ['learn', 'sincos2d'] }),
    opt('zero_decoder_seq', 'bool', false, 'zero decoder inputs'),
  ], { loadKwargs: [opt('dont_load', 'seq', ['head/kernel', 'head/bias', 'cls'], 'param regexes that keep their init values')] }),
];
