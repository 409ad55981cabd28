/**
 * `load()` of the MLP-Mixer and the BiT ResNets once the file is read, as upstream's: every one applies flax's
 * pre-Linen renaming; mlp_mixer.load converts the original Mixer paper layout (`Mixer/encoderblock_<i>/
 * token_mixing_phase_0/{kernel1,bias1,kernel2,bias2}`, `Mixer/encoder_norm`, `embedding`) to today's names;
 * bit.load squeezes the GroupNorm params old checkpoints stored as `[1, 1, 1, C]`; bit_paper.load converts the
 * original BiT release (TensorFlow names under `resnet/`). All then merge with `dont_load` (merge.ts).
 */
import type { NpyArray } from '../checkpoints/npz/npy';
import type { Params } from '../models/types';
import { mergeParams, type LoadReport } from './merge';
import { preLinenNames } from './preLinen';
import type { HostParams } from './readParams';

/** np.squeeze: drop every axis of size 1. */
const squeeze = (a: NpyArray): NpyArray => ({ shape: a.shape.filter((d) => d !== 1), data: a.data });
const reshape = (a: NpyArray, shape: readonly number[]): NpyArray => ({ shape, data: a.data });
const sizeOf = (shape: readonly number[]): number => shape.reduce((n, d) => n * d, 1);

function preLinen(loaded: HostParams, conversions: string[]): HostParams {
  const names = preLinenNames([...loaded.keys()]);
  if ([...names].some(([a, b]) => a !== b)) conversions.push('pre-Linen module names');
  return new Map([...loaded].map(([k, v]) => [names.get(k) as string, v]));
}

/** mlp_mixer.load: the Mixer paper's layout → MixerBlock_<i>/{token_mixing,channel_mixing}/Dense_<j>. */
export function loadMixer(init: Params, loaded: HostParams, _cfg: Readonly<Record<string, unknown>>, dontLoad: readonly string[], file: string): { params: Params; report: LoadReport } {
  const conversions: string[] = [];
  let params = preLinen(loaded, conversions);
  if ([...params.keys()].some((k) => k.startsWith('Mixer/'))) {
    const out: HostParams = new Map();
    const dense: Record<string, string> = { kernel1: 'Dense_0/kernel', bias1: 'Dense_0/bias', kernel2: 'Dense_1/kernel', bias2: 'Dense_1/bias' };
    for (const [k, v] of params) {
      const phase = /^Mixer\/encoderblock_(\d+)\/(token|channel)_mixing_phase_0\/(kernel1|bias1|kernel2|bias2)$/.exec(k);
      if (phase) out.set(`MixerBlock_${phase[1]}/${phase[2]}_mixing/${dense[phase[3]]}`, squeeze(v));
      else if (k.startsWith('Mixer/encoder_norm/')) out.set(k.replace('Mixer/encoder_norm/', 'pre_head_layer_norm/'), v);
      else if (k.startsWith('Mixer/encoderblock_')) out.set(k.replace(/^Mixer\/encoderblock_/, 'MixerBlock_'), v);
      else if (k.startsWith('embedding/')) out.set(k.replace('embedding/', 'stem/'), v);
      else out.set(k, v);
    }
    params = out;
    conversions.push('Mixer paper layout → MixerBlock_<i>');
  }
  return mergeParams(init, params, dontLoad, { conversions, file });
}

/** bit.load: merge, with GroupNorm params of old checkpoints squeezed to `[C]`. */
export function loadBit(init: Params, loaded: HostParams, _cfg: Readonly<Record<string, unknown>>, dontLoad: readonly string[], file: string): { params: Params; report: LoadReport } {
  const conversions: string[] = [];
  const params = preLinen(loaded, conversions);
  const adapt = (name: string, value: NpyArray, shape: readonly number[]): NpyArray | undefined => {
    const gn = name.split('/').some((p) => ['gn_root', 'gn_proj', 'gn1', 'gn2', 'gn3'].includes(p));
    const s = squeeze(value);
    return gn && s.shape.join(',') === shape.join(',') ? s : undefined;
  };
  return mergeParams(init, params, dontLoad, { adapt, conversions, file });
}

/** bit_paper.maybe_convert_big_transfer_format: the original BiT release's TensorFlow names → bit_paper's. */
export function convertBigTransfer(loaded: HostParams): HostParams | undefined {
  if (![...loaded.keys()].some((k) => k.startsWith('resnet/'))) return undefined;
  const tf = new Map<string, NpyArray>();
  for (const [k, v] of loaded) tf.set(k.replace(/\/standardized_conv2d_\d+\//, '/standardized_conv2d/'), v);
  const get = (k: string): NpyArray => {
    const v = tf.get(k);
    if (!v) throw new Error(`the BiT checkpoint has no '${k}'`);
    return v;
  };
  const gn = (a: NpyArray): NpyArray => reshape(a, [1, 1, 1, sizeOf(a.shape)]);
  const out: HostParams = new Map();
  out.set('root_block/conv_root/kernel', get('resnet/root_block/standardized_conv2d/kernel'));
  out.set('norm-pre-head/bias', gn(get('resnet/group_norm/beta')));
  out.set('norm-pre-head/scale', gn(get('resnet/group_norm/gamma')));
  const head = get('resnet/head/conv2d/kernel');
  out.set('head/kernel', reshape(head, head.shape.slice(2)));
  out.set('head/bias', get('resnet/head/conv2d/bias'));
  for (const block of ['block1', 'block2', 'block3', 'block4']) {
    const units = new Set([...tf.keys()].filter((k) => k.includes(`${block}/`)).map((k) => /unit\d+/.exec(k)?.[0]).filter((u): u is string => Boolean(u)));
    for (const unit of units) {
      ['a', 'b', 'c'].forEach((group, i) => {
        const at = `resnet/${block}/${unit}/${group}`;
        out.set(`${block}/${unit}/conv${i + 1}/kernel`, get(`${at}/standardized_conv2d/kernel`));
        out.set(`${block}/${unit}/gn${i + 1}/bias`, gn(get(`${at}/group_norm/beta`)));
        out.set(`${block}/${unit}/gn${i + 1}/scale`, gn(get(`${at}/group_norm/gamma`)));
      });
      const proj = [...tf.keys()].find((k) => k.includes(`${block}/${unit}/a/proj`));
      if (proj) out.set(`${block}/${unit}/conv_proj/kernel`, get(proj));
    }
  }
  return out;
}

/** bit_paper.load: the original BiT release converted, then merged. */
export function loadBitPaper(init: Params, loaded: HostParams, _cfg: Readonly<Record<string, unknown>>, dontLoad: readonly string[], file: string): { params: Params; report: LoadReport } {
  const converted = convertBigTransfer(loaded);
  return mergeParams(init, converted ?? loaded, dontLoad, { conversions: converted ? ['BiT TensorFlow release → bit_paper names'] : [], file });
}
