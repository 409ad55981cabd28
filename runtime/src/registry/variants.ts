// ViT and MLP-Mixer `variant` strings ("B/16", "So400m/14", "L/16") as
// upstream's vit.decode_variant and mlp_mixer.Model read them: a size from a
// fixed table, optionally (ViT) or necessarily (Mixer) followed by
// "/<patch>". Validation returns offsets into the string for diagnostics.

import { suggestNames } from './registry';
import type { VitSize } from './types';

/** ViT size table (Table 2 of arXiv:2106.04560 plus later additions). */
export const VIT_SIZES: Readonly<Record<string, VitSize>> = {
  mu: { width: 32, depth: 1, mlpDim: 128, heads: 2 },
  Ti: { width: 192, depth: 12, mlpDim: 768, heads: 3 },
  S: { width: 384, depth: 12, mlpDim: 1536, heads: 6 },
  M: { width: 512, depth: 12, mlpDim: 2048, heads: 8 },
  B: { width: 768, depth: 12, mlpDim: 3072, heads: 12 },
  L: { width: 1024, depth: 24, mlpDim: 4096, heads: 16 },
  So400m: { width: 1152, depth: 27, mlpDim: 4304, heads: 16 },
  H: { width: 1280, depth: 32, mlpDim: 5120, heads: 16 },
  g: { width: 1408, depth: 40, mlpDim: 6144, heads: 16 },
  'g-opt': { width: 1536, depth: 40, mlpDim: 6144, heads: 16 },
  G: { width: 1664, depth: 48, mlpDim: 8192, heads: 16 },
  'G-opt': { width: 1536, depth: 48, mlpDim: 8192, heads: 16 },
  e: { width: 1792, depth: 56, mlpDim: 15360, heads: 16 },
};

/** MLP-Mixer size table (upstream mlp_mixer.Model). */
export const MIXER_SIZES: Readonly<Record<string, { hiddenDim: number; numBlocks: number; channelsMlpDim: number; tokensMlpDim: number }>> = {
  S: { hiddenDim: 512, numBlocks: 8, channelsMlpDim: 2048, tokensMlpDim: 256 },
  B: { hiddenDim: 768, numBlocks: 12, channelsMlpDim: 3072, tokensMlpDim: 384 },
  L: { hiddenDim: 1024, numBlocks: 24, channelsMlpDim: 4096, tokensMlpDim: 512 },
  H: { hiddenDim: 1280, numBlocks: 32, channelsMlpDim: 5120, tokensMlpDim: 640 },
};

/** A decoded ViT variant; `patch` is absent for a bare size like "B". */
export interface VitVariant extends VitSize {
  readonly size: string;
  readonly patch?: number;
}

/** Parse outcome: the value, or a message with its span inside the string. */
export type VariantResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string; readonly start: number; readonly end: number };

/** Splits "size/patch" and validates the patch the way Python's int() + model would. */
function splitVariant(
  variant: string,
  sizes: readonly string[],
  needPatch: boolean,
): VariantResult<{ size: string; patch?: number }> {
  const parts = variant.split('/');
  if (parts.length > 2) {
    const at = parts[0].length + parts[1].length + 1;
    return { ok: false, message: `too many '/' in variant '${variant}': expected '<size>/<patch>'`, start: at, end: variant.length };
  }
  const size = parts[0];
  if (!sizes.includes(size)) {
    const hints = suggestNames(size, sizes, 3);
    const hint = hints.length ? ` Did you mean ${hints.map((h) => `'${h}'`).join(', ')}?` : '';
    return { ok: false, message: `unknown size '${size}' in variant '${variant}'; valid sizes: ${sizes.join(', ')}.${hint}`, start: 0, end: size.length };
  }
  if (parts.length === 1) {
    if (needPatch) return { ok: false, message: `variant '${variant}' needs a patch size, e.g. '${size}/16'`, start: 0, end: variant.length };
    return { ok: true, value: { size } };
  }
  const text = parts[1];
  const start = size.length + 1;
  // Python's int() also takes blanks, '+' and '_' between digits.
  if (!/^\s*\+?\d(?:_?\d)*\s*$/.test(text)) {
    return { ok: false, message: `patch size '${text}' in variant '${variant}' is not a positive integer`, start, end: variant.length };
  }
  const patch = Number(text.trim().replace(/[+_]/g, ''));
  if (patch < 1) return { ok: false, message: `patch size must be at least 1 in variant '${variant}'`, start, end: variant.length };
  return { ok: true, value: { size, patch } };
}

/** Decodes a ViT variant ("B", "B/16", "So400m/14", "g-opt/14") like upstream. */
export function parseVitVariant(variant: string): VariantResult<VitVariant> {
  const r = splitVariant(variant, Object.keys(VIT_SIZES), false);
  if (!r.ok) return r;
  const { size, patch } = r.value;
  return { ok: true, value: { size, ...VIT_SIZES[size], ...(patch === undefined ? {} : { patch }) } };
}

/** Decodes an MLP-Mixer variant ("B/16"); the patch is required. */
export function parseMixerVariant(variant: string): VariantResult<{ size: string; patch: number } & (typeof MIXER_SIZES)[string]> {
  const r = splitVariant(variant, Object.keys(MIXER_SIZES), true);
  if (!r.ok) return r;
  const { size, patch } = r.value;
  return { ok: true, value: { size, patch: patch as number, ...MIXER_SIZES[size] } };
}

/** Every "<size>/<patch>" a ViT checkpoint or config commonly uses, for completion. */
export const COMMON_VIT_VARIANTS: readonly string[] = [
  'mu/16', 'Ti/16', 'S/32', 'S/16', 'M/16', 'B/32', 'B/16', 'B/8', 'L/16', 'L/14', 'So400m/14', 'So400m/16',
  'H/14', 'g/14', 'g-opt/14', 'g-opt/16', 'G/14', 'G-opt/14', 'e/14',
];
