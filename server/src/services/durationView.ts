/**
 * Durations as the editor shows them: for a key such as `total_epochs`, `evals.val.log_steps` or
 * `schedule.warmup_percent`, the steps the trainer will use (the checker's `resolveDuration`, with the training
 * set size from the TFDS data dir), and one line explaining the arithmetic.
 */
import { durationInputs, resolveDuration, type DurationInputs, type ResolvedDuration } from '../../../runtime/src/check';
import type { JsonValue } from '../../../runtime/src/config';
import { durationFamilyOf, isObject, type JsonObject } from './registryView';

type Scope = JsonObject;

export { durationInputs };

export interface DurationView extends ResolvedDuration {
  inputs: DurationInputs;
}

/** The scope (config, eval entry, schedule dict) a duration key at `path` belongs to. */
function scopeOf(config: Scope, path: readonly string[]): { scope: Scope; kind: 'top' | 'eval' | 'schedule' } | undefined {
  if (path.length === 1) return { scope: config, kind: 'top' };
  if (path.length === 3 && path[0] === 'evals' && isObject(config.evals) && isObject(config.evals[path[1]])) {
    return { scope: config.evals[path[1]] as Scope, kind: 'eval' };
  }
  if (path.length === 2 && path[0] === 'schedule' && isObject(config.schedule)) return { scope: config.schedule, kind: 'schedule' };
  return undefined;
}

/**
 * The resolved duration a key at `path` spells, or undefined when it is not a duration key. Pass `known`
 * (`durationInputs` of the config) when resolving many keys of one config.
 */
export function durationAt(config: JsonValue | undefined, path: readonly string[], tfdsDataDir: string | undefined, known?: DurationInputs): DurationView | undefined {
  if (!isObject(config) || path.length === 0) return undefined;
  const where = scopeOf(config, path);
  if (!where) return undefined;
  const key = durationFamilyOf(path[path.length - 1], where.kind);
  if (!key) return undefined;
  const inputs = known ?? durationInputs(config, tfdsDataDir);
  const resolved = resolveDuration(where.scope, key.family, inputs);
  return resolved && resolved.key === path[path.length - 1] ? { ...resolved, inputs } : undefined;
}

const n = (x: number): string => x.toLocaleString('en-US');
/** `1 step`, `2 steps`. */
const count = (x: number, unit: string): string => `${n(x)} ${unit}${x === 1 ? '' : 's'}`;

/** `93,834 steps (300 epochs × 1,281,167 examples / 4,096)`, or why the steps are unknown. */
export function describeDuration(d: DurationView): string {
  if (d.steps === undefined) return `steps unknown: needs ${d.missing ?? 'more information'}`;
  const { dataSize, batchSize, totalSteps } = d.inputs;
  switch (d.unit) {
    case 'steps':
      return count(d.steps, 'step');
    case 'examples':
      return `${count(d.steps, 'step')} (${count(d.value, 'example')} / batch ${n(batchSize ?? 0)})`;
    case 'epochs':
      return `${count(d.steps, 'step')} (${count(d.value, 'epoch')} × ${count(dataSize ?? 0, 'example')} / batch ${n(batchSize ?? 0)})`;
    case 'percent':
      return `${count(d.steps, 'step')} (${d.value} × ${count(totalSteps ?? 0, 'total step')})`;
  }
}
