/**
 * Durations as upstream's `utils.steps` resolves them: a family `P` is written as exactly one of `P_steps`,
 * `P_epochs`, `P_examples`, `P_percent` (a key counts when its value is a number >= 0), converted to steps with
 * the training set size, the global batch size and the total steps, rounded (Python `round`) to at least 1
 * unless 0. The one resolver below both the checker (conflicts, warmup and log-interval checks, hover, inlay
 * hints) and the trainer (its steps, schedules and eval intervals).
 */
import type { JsonValue } from '../config/protocol';
import { DURATION_FAMILIES, durationKeysPresent, type DurationUnit, isObject } from '../registry';
import { pyRound } from '../data/splits';
import { dataSize } from './datasets';

type Scope = { readonly [key: string]: JsonValue };

/** What converting durations to steps needs; each may be unknown. */
export interface DurationInputs {
  /** Examples in one epoch of the training data, and where that number came from. */
  dataSize?: number;
  dataSource?: string;
  batchSize?: number;
  totalSteps?: number;
}

export interface ResolvedDuration {
  family: string;
  /** The key that set it (`warmup_epochs`, or bare `timescale`) and its value. */
  key: string;
  unit: DurationUnit;
  value: number;
  /** Steps, when the inputs allow computing them. */
  steps?: number;
  /** Why `steps` is missing. */
  missing?: string;
}

function toInteger(x: number): number {
  return x ? Math.max(1, pyRound(x)) : 0;
}

/**
 * The duration `family` of `scope` (the config, one eval, or one schedule dict), or undefined when absent.
 * With several spellings present (upstream asserts) the first in unit order is returned.
 */
export function resolveDuration(scope: Scope, family: string, inputs: DurationInputs): ResolvedDuration | undefined {
  const [key] = durationKeysPresent(scope, family);
  const spec = DURATION_FAMILIES.find((f) => f.name === family);
  if (!key) {
    const bare = scope[family];
    return spec?.bare && typeof bare === 'number' ? { family, key: family, unit: 'steps', value: bare, steps: bare } : undefined;
  }
  const unit = key.slice(family.length + 1) as DurationUnit;
  const value = scope[key] as number;
  const out: ResolvedDuration = { family, key, unit, value };
  const { dataSize: n, batchSize: bs, totalSteps: total } = inputs;
  if (spec && !spec.units.includes(unit)) out.missing = `one of ${spec.units.map((u) => `${family}_${u}`).join(', ')} instead of ${key}`;
  else if (unit === 'steps') out.steps = value;
  else if (unit === 'examples') {
    if (bs) out.steps = toInteger(value / bs);
    else out.missing = 'the batch size (input.batch_size)';
  } else if (unit === 'epochs') {
    if (bs && n) out.steps = toInteger((value * n) / bs);
    else out.missing = bs ? 'the training set size (dataset_info.json in the TFDS data dir)' : 'the batch size (input.batch_size)';
  } else if (total !== undefined && total > 0) {
    if (value <= 1) out.steps = toInteger(value * total);
    else out.missing = 'a percentage in [0, 1]';
  } else {
    out.missing = 'the total steps';
  }
  return out;
}

/** The training set size: `input.data`, or the sum over the sources of a `{name: weight}` mixture. */
export function trainingDataSize(config: Scope, tfdsDataDir?: string): { examples: number; source: string } | undefined {
  const input = config.input;
  if (!isObject(input) || !isObject(input.data)) return undefined;
  const data = input.data;
  if (typeof data.name === 'string') {
    const size = dataSize(data, tfdsDataDir);
    return size && { examples: size.examples, source: size.file };
  }
  let examples = 0;
  const sources: string[] = [];
  for (const [name, weight] of Object.entries(data)) {
    if (typeof weight !== 'number') return undefined;
    if (weight === 0) continue;
    const source = input[name];
    const size = isObject(source) && isObject(source.data) ? dataSize(source.data, tfdsDataDir) : undefined;
    if (!size) return undefined;
    examples += size.examples;
    sources.push(size.file);
  }
  return sources.length ? { examples, source: sources.join(', ') } : undefined;
}

/** Batch size, data size and total steps of a config, as far as they can be known without running it. */
export function durationInputs(config: Scope, tfdsDataDir?: string): DurationInputs {
  const input = config.input;
  const inputs: DurationInputs = {};
  if (isObject(input) && typeof input.batch_size === 'number' && input.batch_size > 0) inputs.batchSize = input.batch_size;
  const size = trainingDataSize(config, tfdsDataDir);
  if (size) {
    inputs.dataSize = size.examples;
    inputs.dataSource = size.source;
  }
  const total = resolveDuration(config, 'total', inputs);
  if (total?.steps !== undefined) inputs.totalSteps = total.steps;
  return inputs;
}
