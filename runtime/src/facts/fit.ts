/**
 * The smallest slice of each TPU generation on which a config's training step fits, by the memory estimate:
 * slices double in chips from the smallest single-host one, and a slice counts only when its devices divide the
 * global batch (upstream refuses other batches). For hovers and `bv info` without --accelerator.
 */
import type { JsonObject } from '../registry';
import { ACCELERATORS, parseAccelerator, type AcceleratorSpec } from './accelerators';
import { estimateMemory } from './memory';
import type { ConfigFacts } from './modelFacts';

/** Largest slice considered per generation, in chips (the pod sizes of Google's pages, rounded to powers of 2). */
const MAX_CHIPS: Readonly<Record<string, number>> = { v2: 256, v3: 1024, v4: 4096, v5e: 256, v5p: 8192, v6e: 256 };

/** Accelerator type of `chips` chips of a generation: v2 to v5p count TensorCores, v5e and v6e chips. */
function typeOf(spec: AcceleratorSpec, chips: number): string {
  if (spec.generation === 'v5e') return `v5litepod-${chips}`;
  if (spec.generation === 'v6e') return `v6e-${chips}`;
  return `${spec.generation}-${2 * chips}`;
}

/** Generation → the smallest slice that fits, or null when none up to the largest does. */
export function smallestFits(config: JsonObject, facts: ConfigFacts): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const spec of ACCELERATORS) {
    out[spec.generation] = null;
    const start = spec.chipsPerHost === 8 ? 1 : 4;
    for (let chips = start; chips <= (MAX_CHIPS[spec.generation] ?? 256); chips *= 2) {
      const slice = parseAccelerator(typeOf(spec, chips));
      if (facts.batch % slice.devices !== 0) continue;
      const memory = estimateMemory(config, facts.arch, facts.image, facts.batch, slice.devices, facts.numClasses, facts.teacherParams);
      if (memory.total <= slice.deviceBytes) {
        out[spec.generation] = slice.type;
        break;
      }
    }
  }
  return out;
}
