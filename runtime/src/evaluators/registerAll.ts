/**
 * The evaluators the bundled trainer implements, listed in one place (like tfjs's register_all_kernels.ts).
 * Each must match a spec of the registry marked `bundled` (checked at load, so the two lists cannot drift).
 */
import { evaluators as evaluatorSpecs } from '../registry';
import { classification } from './classification';
import type { EvaluatorImpl } from './types';

const ALL: readonly EvaluatorImpl[] = [classification];

/** Implementation by spec name. */
export const EVALUATOR_IMPLS: ReadonlyMap<string, EvaluatorImpl> = (() => {
  const map = new Map<string, EvaluatorImpl>();
  for (const impl of ALL) {
    const spec = evaluatorSpecs.require(impl.name);
    if (!spec.bundled) throw new Error(`evaluator '${impl.name}' is implemented but its registry spec is not marked bundled`);
    if (map.has(spec.name)) throw new Error(`evaluator '${impl.name}' is registered twice`);
    map.set(spec.name, impl);
  }
  return map;
})();
