// Learning-rate schedules exactly as big_vision's
// utils.create_learning_rate_schedule computes them (schema.md §4): a decay
// shape (cosine, linear/polynomial, rsqrt, stair) times a linear warmup ramp
// and a linear cooldown ramp. Durations inside the dict (warmup_*, cooldown_*,
// timescale*, shift*) may use any of the four units and resolve through the
// same function the language server uses (semantics/durations.ts).

import { resolveDuration, type DurationInputs } from '../semantics/durations';
import { decayTypes, durationKeysPresent, formatPath, implementations, valueOrDefault, type KeyPath, type Registry } from '../registry';
import { ConfigKeyError } from '../semantics/configKeyError';
import { implementationAt } from '../semantics/dispatch';

/** One schedule dict as the config writes it (`config.schedule` or an entry of the list form). */
export type ScheduleDict = Record<string, unknown>;

/** Sizes the schedule's durations are resolved with; `totalSteps` is required. */
export interface ScheduleContext extends DurationInputs {
  readonly totalSteps: number;
}

/** A schedule with every duration resolved to steps. */
export interface ResolvedSchedule {
  /** The `decay_type` (its registry name) and its shape. */
  readonly decayType: string;
  readonly decay: DecayFn;
  readonly base: number;
  readonly totalSteps: number;
  readonly warmup: number;
  readonly cooldown: number;
  readonly power: number;
  readonly end: number;
  readonly timescale: number;
  readonly shift: number;
  readonly boundaries: readonly number[];
  readonly mults: readonly number[];
}

/** The number at `key` of the dict at `where`, its schema default when unset or None. */
function num(dict: ScheduleDict, key: string, where: KeyPath): number {
  const v = dict[key] ?? valueOrDefault({}, `schedule.${key}`);
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ConfigKeyError([...where, key], `${JSON.stringify(v)} must be a number.`);
  return v;
}

/** The duration `family` of the dict in steps, its schema default (0; rsqrt's timescale 10000) when unset. */
function steps(dict: ScheduleDict, family: string, ctx: ScheduleContext, where: KeyPath): number {
  const present = durationKeysPresent(dict as never, family);
  if (present.length > 1) throw new ConfigKeyError([...where, present[1]], `only one of ${present.join(', ')} may be set in ${formatPath(where)}.`);
  const r = resolveDuration(dict as never, family, ctx);
  if (!r) return (valueOrDefault({}, `schedule.${family}`) as number | undefined) ?? 0;
  if (r.steps === undefined) throw new ConfigKeyError([...where, r.key], `${r.value} cannot be converted to steps: missing ${r.missing}.`);
  return r.steps;
}

/**
 * Validates one schedule dict and resolves its durations. `where` is its config key path (`['schedule']`, or
 * `['schedule', 1, 1]` in the list form); defaults are the schema's.
 */
export function resolveSchedule(dict: ScheduleDict, ctx: ScheduleContext, where: KeyPath = ['schedule']): ResolvedSchedule {
  const rawType = valueOrDefault(dict, 'schedule.decay_type');
  const decay = implementationAt(decayImpls, decayTypes, rawType, [...where, 'decay_type'], 'decay_type');
  const spec = decayTypes.require(rawType as string);
  // A spelling of another type (`polynomial`) reads that type's keys.
  const decayType = spec.aliasOf ?? spec.name;
  const total = ctx.totalSteps;
  let base = num(dict, 'mult', where);
  if (dict.scale_with_batchsize) {
    if (!ctx.batchSize) throw new ConfigKeyError([...where, 'scale_with_batchsize'], 'needs the batch size (config.input.batch_size).');
    base = (base * ctx.batchSize) / 256;
  }
  const warmup = steps(dict, 'warmup', ctx, where);
  const cooldown = steps(dict, 'cooldown', ctx, where);
  if (total > 1 && warmup >= total) throw new ConfigKeyError(where, `warmup (${warmup} steps) must be shorter than training (total_steps=${total}).`);
  const boundaries = valueOrDefault(dict, 'schedule.steps') as number[];
  const mults = valueOrDefault(dict, 'schedule.mults') as number[];
  if (decayType === 'stair') {
    if (!Array.isArray(boundaries) || !boundaries.every((b) => typeof b === 'number')) throw new ConfigKeyError([...where, 'steps'], 'must be a list of step numbers.');
    if (!Array.isArray(mults) || !mults.every((b) => typeof b === 'number')) throw new ConfigKeyError([...where, 'mults'], 'must be a list of numbers.');
    if (mults.length < boundaries.length) throw new ConfigKeyError([...where, 'mults'], `stair needs one entry of 'mults' per boundary in 'steps' (${boundaries.length} steps, ${mults.length} mults).`);
  }
  return {
    decayType,
    decay,
    base,
    totalSteps: total,
    warmup,
    cooldown,
    power: num(dict, 'power', where),
    // `end` wins over its older name `linear_end` when both are set.
    end: num({ end: dict.end ?? dict.linear_end }, 'end', where),
    timescale: decayType === 'rsqrt' ? steps(dict, 'timescale', ctx, where) : 0,
    shift: decayType === 'rsqrt' ? steps(dict, 'shift', ctx, where) : 0,
    boundaries,
    mults,
  };
}

/** Index of the first element of sorted `xs` that is ≥ `v` (numpy searchsorted, side='left'). */
function searchSorted(xs: readonly number[], v: number): number {
  let i = 0;
  while (i < xs.length && xs[i] < v) i++;
  return i;
}

/** A decay shape: the value at 0-based count `step` before the warmup and cooldown ramps, `progress` in [0, 1]. */
export type DecayFn = (s: ResolvedSchedule, step: number, progress: number) => number;

const linear: DecayFn = (s, _step, progress) => s.end + (s.base - s.end) * Math.pow(1 - progress, s.power);

/** `schedule.*`: implementations of the decay types marked bundled (`polynomial` is a spelling of linear). */
export const decayImpls: Registry<DecayFn> = implementations(decayTypes, {
  cosine: (s, _step, progress) => s.base * 0.5 * (1 + Math.cos(Math.PI * progress)),
  linear,
  polynomial: linear,
  rsqrt: (s, step) => (s.warmup <= step ? s.base / Math.sqrt(1 + (step + s.shift - s.warmup) / s.timescale) : s.base / Math.sqrt(1 + s.shift / s.timescale)),
  stair: (s, step) => s.base * [1, ...s.mults][searchSorted(s.boundaries, step + 1)],
});

/** The schedule's value at 0-based update count `step` (float32, like upstream's jnp result). */
export function evaluateSchedule(s: ResolvedSchedule, step: number): number {
  const progress = Math.min(1, Math.max(0, (step - s.warmup) / (s.totalSteps - s.warmup)));
  let lr = s.decay(s, step, progress);
  if (s.warmup) lr = lr * Math.min(1, step / s.warmup);
  if (s.cooldown) lr = lr * Math.min(1, (s.totalSteps - step) / s.cooldown);
  return Math.fround(lr);
}

/** `scheduleValue(dict, step, ctx)`: resolve and evaluate in one call (tests, hover previews). */
export function scheduleValue(dict: ScheduleDict, step: number, ctx: ScheduleContext): number {
  return evaluateSchedule(resolveSchedule(dict, ctx), step);
}
