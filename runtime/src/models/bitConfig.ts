// Resolves `config.model` (+ `config.num_classes`) into BiT ResNet
// hyperparameters as upstream's bit.Model (ResNet v1) and bit_paper.Model
// (ResNet v2) read them: `width` multiplies the 64 root channels
// (int(64·width)), `depth` is 26|50|101|152|200 or explicit per-stage block
// counts (bit.get_block_desc), bit_paper also takes `head_zeroinit`. Bad
// values fail here with the config key named.

import { ConfigKeyError } from '../semantics/configKeyError';

/** Which upstream module: `bit` (ResNet v1, models/bit.py) or `bit_paper` (ResNet v2, models/bit_paper.py). */
export type BitVersion = 'bit' | 'bit_paper';

/** BiT hyperparameters after decoding `depth` and `width`. */
export interface BitConfig {
  readonly version: BitVersion;
  /** Head size; null (or 0 upstream) = no head. */
  readonly numClasses: number | null;
  /** Root channels, int(64·width); stage i has int(64·width)·2^i bottleneck channels, 4x that out. */
  readonly rootWidth: number;
  /** Residual units per stage. */
  readonly blocks: readonly number[];
  readonly headZeroinit: boolean;
}

/** bit.get_block_desc: residual units per stage of the named depths. */
export const BIT_BLOCKS: Readonly<Record<number, readonly number[]>> = {
  26: [2, 2, 2, 2],
  50: [3, 4, 6, 3],
  101: [3, 4, 23, 3],
  152: [3, 8, 36, 3],
  200: [3, 24, 36, 3],
};

/** GroupNorm's group count in both modules (flax's default and bit_paper's ngroups). */
export const GN_GROUPS = 32;

type Kwargs = Record<string, unknown>;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** `Model(num_classes, width=1, depth=50[, head_zeroinit=True])` → hyperparameters. */
export function resolveBitConfig(version: BitVersion, model: Kwargs = {}, numClasses?: number | null): BitConfig {
  const bad = (key: string, value: unknown, expected: string): ConfigKeyError =>
    new ConfigKeyError(['model', key], `${JSON.stringify(value)} is not valid for model_name='${version}': expected ${expected}.`);
  const width = model.width ?? 1;
  if (typeof width !== 'number' || !(width > 0)) throw bad('width', width, 'a positive channel multiplier, e.g. 1 or 0.5');
  const rootWidth = Math.trunc(64 * width);
  if (rootWidth % GN_GROUPS !== 0) {
    throw bad('width', width, `a multiple of 0.5: int(64·width) = ${rootWidth} channels must split into GroupNorm's ${GN_GROUPS} groups`);
  }
  const depth = model.depth ?? 50;
  let blocks: readonly number[];
  if (Array.isArray(depth)) {
    if (!depth.length || !depth.every((d) => isInt(d) && d > 0)) throw bad('depth', depth, 'per-stage block counts, e.g. [3, 4, 6, 3]');
    blocks = depth as number[];
  } else if (isInt(depth) && BIT_BLOCKS[depth]) {
    blocks = BIT_BLOCKS[depth];
  } else {
    throw bad('depth', depth, `one of ${Object.keys(BIT_BLOCKS).join(', ')} or per-stage block counts such as [3, 4, 6, 3]`);
  }
  // bit.Model has no head_zeroinit (its head is always zero-initialised; the schema refuses the key there).
  const zeroinit = version === 'bit' ? true : (model.head_zeroinit ?? true);
  if (typeof zeroinit !== 'boolean') throw bad('head_zeroinit', zeroinit, 'True or False');
  if (numClasses !== undefined && numClasses !== null && (!isInt(numClasses) || numClasses < 0)) {
    throw new ConfigKeyError(['num_classes'], `${JSON.stringify(numClasses)} must be a non-negative integer or None.`);
  }
  return { version, numClasses: numClasses ? numClasses : null, rootWidth, blocks, headZeroinit: zeroinit };
}
