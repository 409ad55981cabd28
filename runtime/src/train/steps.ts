/**
 * Strict durations for the trainer: the shared resolver (`check/durations.ts`, the one the language server uses,
 * upstream `utils.steps` semantics in all four units) plus upstream's hard failures — two spellings of one
 * duration, a required one missing, or one that cannot be converted is an error naming the config key.
 */
import type { JsonValue } from '../config/protocol';
import { ConfigKeyError } from './errors';
import { durationKeysPresent, resolveDuration, type DurationInputs } from '../check/durations';

/** A bad or missing duration; `keys` are the config keys involved (the first is blamed). */
export class DurationError extends ConfigKeyError {
  constructor(message: string, readonly keys: readonly string[]) {
    super(keys[0], message);
    this.name = 'DurationError';
  }
}

type Scope = { readonly [key: string]: JsonValue };

/**
 * Steps of duration `family` in `scope` (the config, an eval entry or a schedule dict), or `fallback` when it is
 * not set. Without a fallback a missing duration throws. `where` prefixes key names in messages (`config`,
 * `config.evals.val`).
 */
export function durationSteps(scope: Readonly<Record<string, unknown>>, family: string, inputs: DurationInputs, opts: { where?: string; fallback?: number | null } = {}): number | null {
  const where = opts.where ?? 'config';
  const s = scope as Scope;
  const present = durationKeysPresent(s, family);
  if (present.length > 1) {
    const keys = present.map((k) => `${where}.${k}`);
    throw new DurationError(`only one of ${keys.join(', ')} may be set (upstream asserts this)`, keys);
  }
  const r = resolveDuration(s, family, inputs);
  if (!r) {
    if (opts.fallback !== undefined) return opts.fallback;
    throw new DurationError(`is required (or ${family}_epochs, ${family}_examples, ${family}_percent)`, [`${where}.${family}_steps`]);
  }
  const key = `${where}.${r.key}`;
  if (r.steps === undefined) throw new DurationError(`${r.value} cannot be converted to steps: needs ${r.missing}`, [key]);
  if (!Number.isInteger(r.steps)) throw new DurationError(`must be a whole number of steps, got ${r.steps}`, [key]);
  return r.steps;
}
