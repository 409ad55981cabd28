// The public files behind `config.model_init` vanity names, as each upstream
// `load()` resolves them (vit.VANITY_NAMES, mlp_mixer.load's table,
// bit_paper.load's paper names). Nothing is downloaded: the trainer looks for
// these files under the user's checkpoint folder (`bigVision.checkpointDir`,
// `bv train --checkpoint-dir`, `$BV_CHECKPOINT_DIR`), and the editor shows the
// public address to fetch them from.

const AUGREG = 'gs://vit_models/augreg/';
const SIGLIP = 'gs://big_vision/siglip/';
const SIGLIP2 = 'gs://big_vision/siglip2/';

/** vit.VANITY_NAMES: name → `gs://` file (with a `:sub/key` selector where upstream has one). */
export const VIT_CHECKPOINT_FILES: Readonly<Record<string, string>> = {
  'howto-i21k-Ti/16': `${AUGREG}Ti_16-i21k-300ep-lr_0.001-aug_none-wd_0.03-do_0.0-sd_0.0.npz`,
  'howto-i21k-S/32': `${AUGREG}S_32-i21k-300ep-lr_0.001-aug_none-wd_0.1-do_0.0-sd_0.0.npz`,
  'howto-i21k-S/16': `${AUGREG}S_16-i21k-300ep-lr_0.001-aug_light1-wd_0.03-do_0.0-sd_0.0.npz`,
  'howto-i21k-B/32': `${AUGREG}B_32-i21k-300ep-lr_0.001-aug_light1-wd_0.1-do_0.0-sd_0.0.npz`,
  'howto-i21k-B/16': `${AUGREG}B_16-i21k-300ep-lr_0.001-aug_medium1-wd_0.1-do_0.0-sd_0.0.npz`,
  'howto-i21k-B/8': `${AUGREG}B_8-i21k-300ep-lr_0.001-aug_medium2-wd_0.1-do_0.0-sd_0.0.npz`,
  'howto-i21k-L/16': `${AUGREG}L_16-i21k-300ep-lr_0.001-aug_strong1-wd_0.1-do_0.0-sd_0.0.npz`,
  'i1k-s16-90ep': 'gs://big_vision/vit_s16_i1k_90ep.npz',
  'i1k-s16-150ep': 'gs://big_vision/vit_s16_i1k_150ep.npz',
  'i1k-s16-300ep': 'gs://big_vision/vit_s16_i1k_300ep.npz',
  ...Object.fromEntries(['S', 'B', 'L'].flatMap((s) => ['224_1k', '224_21k', '384_1k', '384_21k'].map((r) => {
    const size = { S: 'small', B: 'base', L: 'large' }[s];
    return [`deit3_${s}_${r}`, `gs://big_vision/zoo/deit3/bv_deit_3_${size}_${r}.npz`];
  }))),
  'SigLIP B/16 224': `${SIGLIP}webli_en_b16_224_63724782.npz:img`,
  'SigLIP B/16 256': `${SIGLIP}webli_en_b16_256_60500360.npz:img`,
  'SigLIP B/16 384': `${SIGLIP}webli_en_b16_384_68578854.npz:img`,
  'SigLIP B/16 512': `${SIGLIP}webli_en_b16_512_68580893.npz:img`,
  'SigLIP L/16 256': `${SIGLIP}webli_en_l16_256_60552751.npz:img`,
  'SigLIP L/16 384': `${SIGLIP}webli_en_l16_384_63634585.npz:img`,
  'SigLIP So400m/14 224': `${SIGLIP}webli_en_so400m_224_57633886.npz:img`,
  'SigLIP So400m/14 384': `${SIGLIP}webli_en_so400m_384_58765454.npz:img`,
  'SigLIP B/16-i18n 256': `${SIGLIP}webli_i18n_b16_256_66117334.npz:img`,
  ...Object.fromEntries(
    ['b16_224', 'b16_256', 'b16_384', 'b16_512', 'b32_256', 'l16_256', 'l16_384', 'l16_512', 'so400m14_224', 'so400m14_384',
      'so400m16_256', 'so400m16_384', 'so400m16_512', 'g-opt16_256', 'g-opt16_384', 'b16_naflex', 'so400m16_naflex'].map((f) => {
      const [model, res] = f.split('_');
      const m = /^(b|l|so400m|g-opt)(\d+)$/.exec(model) as RegExpExecArray;
      const size = { b: 'B', l: 'L', so400m: 'So400m', 'g-opt': 'g-opt' }[m[1]];
      return [`SigLIP2 ${size}/${m[2]} ${res === 'naflex' ? 'NaFlex' : res}`, `${SIGLIP2}siglip2_${f}.npz:img`];
    }),
  ),
};

/** mlp_mixer.load's names (original Mixer paper checkpoints). */
export const MIXER_CHECKPOINT_FILES: Readonly<Record<string, string>> = {
  'B-i1k/16': 'gs://mixer_models/imagenet1k/Mixer-B_16.npz',
  'L-i1k/16': 'gs://mixer_models/imagenet1k/Mixer-L_16.npz',
  'B-i21k/16': 'gs://mixer_models/imagenet21k/Mixer-B_16.npz',
  'L-i21k/16': 'gs://mixer_models/imagenet21k/Mixer-L_16.npz',
};

/** bit_paper.load's other names (distilled R50x1). */
const BIT_PAPER_FILES: Readonly<Record<string, string>> = {
  'FunMatch-224px-i1k82.8': 'gs://bit_models/distill/R50x1_224.npz',
  'FunMatch-160px-i1k80.5': 'gs://bit_models/distill/R50x1_160.npz',
};

/**
 * The file upstream's `load()` of `modelName` opens for `config.model_init = init` (a vanity name's public file, or
 * `init` itself). `model` is `config.model` (bit_paper names depend on its depth and width).
 */
export function checkpointFileOf(modelName: string, init: string, model: Readonly<Record<string, unknown>> = {}): string {
  if (modelName === 'vit') return VIT_CHECKPOINT_FILES[init] ?? init;
  if (modelName === 'mlp_mixer') return MIXER_CHECKPOINT_FILES[init] ?? init;
  if (modelName === 'bit_paper') {
    if ('LMS'.includes(init[0] ?? '_')) {
      // 'M', 'M-imagenet2012' (→ -ILSVRC2012), 'M-run0-caltech101': the BiT paper's upstream and fine-tuned models.
      const [up, down] = init.includes('-') ? [init[0], init.slice(1)] : [init, ''];
      const suffix = down === '-imagenet2012' ? '-ILSVRC2012' : down;
      return `gs://bit_models/BiT-${up}-R${String(model.depth ?? 50)}x${String(model.width ?? 1)}${suffix}.npz`;
    }
    return BIT_PAPER_FILES[init] ?? init;
  }
  return init;
}
