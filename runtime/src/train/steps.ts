/**
 * Durations for the trainer, read once when the config is resolved and turned into steps once the data is open:
 * the shared resolver (`semantics/durations.ts`, the one the language server uses, upstream `utils.steps` semantics
 * in all four units) plus upstream's hard failures. Two spellings of one duration, a required one missing, or one
 * that cannot be converted is a ConfigKeyError at the key.
 */
import type { JsonValue } from '../config/protocol';
import { resolveDuration, type DurationInputs } from '../semantics/durations';
import { durationKeysPresent, type KeyPath } from '../registry';
import { ConfigKeyError } from '../semantics/configKeyError';

type Scope = { readonly [key: string]: JsonValue };

/** One duration as a config sets it (`total_epochs = 2`), to be turned into steps when the sizes are known. */
export class Duration {
  constructor(
    readonly family: string,
    /** The dict holding it (the config, an eval entry) and its path. */
    private readonly scope: Scope,
    readonly scopePath: KeyPath,
  ) {}

  /** The steps it resolves to; throws a ConfigKeyError at its key when they cannot be known or are not whole. */
  steps(inputs: DurationInputs): number {
    const r = resolveDuration(this.scope, this.family, inputs);
    if (!r) throw new ConfigKeyError([...this.scopePath, `${this.family}_steps`], 'is not set');
    const path = [...this.scopePath, r.key];
    if (r.steps === undefined) throw new ConfigKeyError(path, `${r.value} cannot be converted to steps: needs ${r.missing}`);
    if (!Number.isInteger(r.steps)) throw new ConfigKeyError(path, `must be a whole number of steps, got ${r.steps}`);
    return r.steps;
  }
}

/**
 * The duration `family` of `scope` (at `scopePath`), or undefined when no spelling is set; two spellings are a
 * ConfigKeyError at the second (upstream asserts).
 */
export function durationIn(scope: Scope, scopePath: KeyPath, family: string): Duration | undefined {
  const present = durationKeysPresent(scope, family);
  if (present.length > 1) {
    throw new ConfigKeyError([...scopePath, present[1]], `only one of ${present.join(', ')} may be set (upstream asserts this)`);
  }
  // A bare spelling counts for the families that have one (rsqrt's `timescale`, `shift`).
  return present.length || resolveDuration(scope, family, {}) ? new Duration(family, scope, scopePath) : undefined;
}

/** The steps of `family` in `scope`, or `fallback` when unset (tests, one-off reads). */
export function durationSteps(scope: Scope, family: string, inputs: DurationInputs, opts: { where?: KeyPath; fallback?: number | null } = {}): number | null {
  const d = durationIn(scope, opts.where ?? [], family);
  if (d) return d.steps(inputs);
  if (opts.fallback !== undefined) return opts.fallback;
  throw new ConfigKeyError([...(opts.where ?? []), `${family}_steps`], `is required (or ${family}_epochs, ${family}_examples, ${family}_percent)`);
}
