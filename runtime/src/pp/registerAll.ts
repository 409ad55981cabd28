// The pp op bodies the bundled trainer implements, registered by their spec
// names (like tfjs's register_all_kernels.ts: one explicit list). The specs
// themselves (params, defaults, docs) are the registry's `ppOps`.

import { implementations, ppOps, type Registry } from '../registry';
import { copy, drop, keep, onehot, valueRange } from './ops/general';
import { centralCrop, decode, decodeJpegAndInceptionCrop, flipLr, inceptionCrop, randomCrop, resize, resizeSmall, vggValueRange } from './ops/image';
import { randaug } from './ops/randaug';
import type { PpOpImpl } from './types';

const ALL: readonly PpOpImpl[] = [
  valueRange, onehot, keep, drop, copy,
  decode, resize, resizeSmall, centralCrop, randomCrop, inceptionCrop, decodeJpegAndInceptionCrop, flipLr, vggValueRange,
  randaug,
];

/** `pp.<name>` → implementation. */
export const ppImpls: Registry<PpOpImpl> = implementations(ppOps, Object.fromEntries(ALL.map((op) => [op.name, op])));
