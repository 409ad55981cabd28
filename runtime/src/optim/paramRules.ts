// Per-parameter rules of the optimizer config — `schedule` (list form),
// `lr_mults`, `wd_mults` — as big_vision's utils.make_mask_trees applies them:
// a list of (regex, value) pairs, each regex full-matched against the
// `/`-joined parameter name, the first match wins.

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

/** Compiles `pattern` for full matching; `where` names the config key in errors. */
export function fullMatcher(pattern: unknown, where: string): RegExp {
  if (typeof pattern !== 'string') throw new Error(`${where}: the pattern must be a string regex, got ${JSON.stringify(pattern)}.`);
  if (pattern.startsWith('/')) throw new Error(`${where}: '${pattern}' starts with '/', but big_vision parameter names never do (write e.g. 'head/.*').`);
  try {
    return new RegExp(`^(?:${toJsRegex(pattern)})$`);
  } catch (err) {
    throw new Error(`${where}: '${pattern}' is not a valid regex: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Compiles a `[(regex, value), ...]` config list. `check` validates each
 * value (throw with a message); `where` is the config key, e.g. `config.lr_mults`.
 */
export function compileRules<T>(list: unknown, where: string, check: (value: unknown, at: string) => T): ParamRules<T> {
  if (!Array.isArray(list)) throw new Error(`${where} must be a list of (regex, value) pairs, got ${JSON.stringify(list)}.`);
  const rules = list.map((pair, i) => {
    const at = `${where}[${i}]`;
    if (!Array.isArray(pair) || pair.length !== 2) throw new Error(`${at} must be a (regex, value) pair, got ${JSON.stringify(pair)}.`);
    return { re: fullMatcher(pair[0], at), value: check(pair[1], `${at}[1]`) };
  });
  return {
    values: rules.map((r) => r.value),
    match(name) {
      const index = rules.findIndex((r) => r.re.test(name));
      return index < 0 ? undefined : { value: rules[index].value, index };
    },
  };
}
