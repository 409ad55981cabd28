/**
 * What marks a Python file as a big_vision config: a top-level `def get_config(`. The language server, `bv check`
 * and the benchmarks decide which files to serve by this one test.
 */
const GET_CONFIG = /^(?:async[ \t]+)?def[ \t]+get_config[ \t]*\(/m;

export function definesGetConfig(source: string): boolean {
  return GET_CONFIG.test(source);
}
