/**
 * The checker's problems as the command line prints them, one line each (`file:line:col: severity code message`,
 * 1-based column): `bv check` prints every problem, and `bv train` prints the same lines before it reads any data.
 * For `bv train` the list is a gate: errors (upstream's trainer stops too) and engine-only notes (the bundled
 * trainer cannot run them) stop the run; warnings are printed and the run goes on.
 */
import * as path from 'node:path';
import type { Problem } from '../check';

/** `file` relative to `cwd` when it lies below it, else as it is. */
export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** One problem as a text line: `file:line:col: severity code message`. */
export function formatProblem(p: Problem, cwd: string): string {
  return `${displayPath(p.range.file, cwd)}:${p.range.line}:${p.range.col + 1}: ${p.severity} ${p.code} ${p.message}`;
}

/** Whether a problem stops a run of the bundled trainer. */
export function blocksBundledRun(p: Problem): boolean {
  return p.severity === 'error' || p.code === 'engine-only';
}

export interface PreRunGate {
  /** What to print: every problem as `bv check` prints it, then, when the run stops, why and what to do. */
  lines: string[];
  /** Whether the run must stop. */
  blocked: boolean;
}

/**
 * `bv train`'s verdict on a config's problems, before any data is read. `config` is the `--config` argument, for
 * the upstream command suggested when only upstream's trainer can run the config.
 */
export function preRunGate(problems: readonly Problem[], cwd: string, config: string): PreRunGate {
  const lines = problems.map((p) => formatProblem(p, cwd));
  const blocking = problems.filter(blocksBundledRun);
  if (!blocking.length) return { lines, blocked: false };
  const errors = blocking.filter((p) => p.severity === 'error').length;
  lines.push(
    blocking.some((p) => p.code === 'engine-only')
      ? `bv train: the bundled trainer cannot run this config (${blocking.length} problem(s) above); change those keys, ` +
          `or run it with upstream big_vision: python -m big_vision.train --config ${config} --workdir DIR`
      : `bv train: ${errors} error(s) above would stop this run (upstream's trainer too); fix them and run again`,
  );
  return { lines, blocked: true };
}
