// Per-parameter rules of the optimizer config — `schedule` (list form),
// `lr_mults`, `wd_mults` — as big_vision's utils.make_mask_trees applies them:
// a list of (regex, value) pairs, each regex full-matched against the
// `/`-joined parameter name, the first match wins. Errors name the entry's
// config key path.

import type { KeyPath } from '../registry';
import { ConfigKeyError } from './configKeyError';

/** A compiled (regex, value) list. */
export interface ParamRules<T> {
  /** The value of the first rule whose regex full-matches `name`, and its index; undefined if none. */
  match(name: string): { value: T; index: number } | undefined;
  /** The values in list order. */
  readonly values: readonly T[];
}

/** Python `re` syntax that JS spells differently: named groups and back-references. */
function toJsRegex(pattern: string): string {
  return pattern.replace(/\(\?P</g, '(?<').replace(/\(\?P=(\w+)\)/g, '\\k<$1>');
}

/** Compiles `pattern` for full matching; `path` is the config key holding it. */
export function fullMatcher(pattern: unknown, path: KeyPath): RegExp {
  if (typeof pattern !== 'string') throw new ConfigKeyError(path, `the pattern must be a string regex, got ${JSON.stringify(pattern)}.`);
  if (pattern.startsWith('/')) throw new ConfigKeyError(path, `'${pattern}' starts with '/', but big_vision parameter names never do (write e.g. 'head/.*').`);
  try {
    return new RegExp(`^(?:${toJsRegex(pattern)})$`);
  } catch (err) {
    throw new ConfigKeyError(path, `'${pattern}' is not a valid regex: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Compiles a `[(regex, value), ...]` config list at config key `path` (e.g. `['lr_mults']`). `check` validates
 * each value, given its own path (`['lr_mults', 0, 1]`), and throws a ConfigKeyError.
 */
export function compileRules<T>(list: unknown, path: KeyPath, check: (value: unknown, at: KeyPath) => T): ParamRules<T> {
  if (!Array.isArray(list)) throw new ConfigKeyError(path, `must be a list of (regex, value) pairs, got ${JSON.stringify(list)}.`);
  const rules = list.map((pair, i) => {
    const at = [...path, i];
    if (!Array.isArray(pair) || pair.length !== 2) throw new ConfigKeyError(at, `must be a (regex, value) pair, got ${JSON.stringify(pair)}.`);
    return { re: fullMatcher(pair[0], [...at, 0]), value: check(pair[1], [...at, 1]) };
  });
  return {
    values: rules.map((r) => r.value),
    match(name) {
      const index = rules.findIndex((r) => r.re.test(name));
      return index < 0 ? undefined : { value: rules[index].value, index };
    },
  };
}
