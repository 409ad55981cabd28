/**
 * Memoised pp parsing and checking. A config's pp strings rarely change between two checks (the server checks on
 * every edit) and repeat across evals (one pp per language, split or resolution), while parsing them is the
 * checker's largest cost; results are immutable, so they are shared.
 */
import { checkPp, parsePp, ppOps, type PpParseResult, type PpProblem } from '../registry';

const LIMIT = 4000;
const parsed = new Map<string, PpParseResult>();
const checked = new Map<string, readonly PpProblem[]>();

function remember<T>(cache: Map<string, T>, key: string, make: () => T): T {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const value = make();
  // Insertion order makes the first key the oldest: drop it when full.
  if (cache.size >= LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
  return value;
}

/** `parsePp(pp)`, memoised. */
export function parsePpCached(pp: string): PpParseResult {
  return remember(parsed, pp, () => parsePp(pp));
}

/** `checkPp(pp, ppOps)` against the registry's ops, memoised. */
export function checkPpCached(pp: string): readonly PpProblem[] {
  return remember(checked, pp, () => checkPp(pp, ppOps));
}
