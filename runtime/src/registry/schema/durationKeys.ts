/**
 * Which spellings of a duration a dict sets: a family `P` is written as one of `P_steps`, `P_epochs`,
 * `P_examples`, `P_percent`, and upstream's `utils.steps` counts a spelling when its value is a number >= 0 (None
 * and negative values mean unset). Two counted spellings are an error everywhere: the checker reports them, the
 * trainer refuses them, and the required-key rule needs one.
 */
import { DURATION_UNITS } from '../configKeys';
import type { JsonValue } from './walk';

/** The spellings of `family` in `scope` that upstream counts (number >= 0), in unit order. */
export function durationKeysPresent(scope: { readonly [key: string]: JsonValue | unknown }, family: string): string[] {
  return DURATION_UNITS.map((u) => `${family}_${u}`).filter((k) => typeof scope[k] === 'number' && (scope[k] as number) >= 0);
}
