/**
 * pp strings of the evaluated config (`input.pp`, `evals.*.pp_fn`, `pp_img`, `pp_txt`, ...) checked with the
 * registry's grammar and op signatures: `pp-parse-error`, `pp-unknown-op` (with suggestions and a fix),
 * `pp-arity`, `pp-unknown-keyword` (Errors: upstream raises building the pipeline), `pp-wrong-type`,
 * `pp-wrong-value` (Warnings), and for big_vision.train configs `pp-missing-module` (an op whose module is not
 * in `pp_modules`). Each lands on the exact characters inside the string literal the piece came from.
 */
import { DEFAULT_PP_MODULES, formatPath, type KeyPath, ppOps, type PpProblem, ppStrings } from '../../registry';
import { checkPpCached, parsePpCached } from '../ppCache';
import { INTERPOLATION } from '../../pyparse/strings';
import type { CheckContext } from '../context';
import type { Problem, ProblemCode, ProblemRange, Severity } from '../problem';
import type { Validator } from '../validator';

export const PP_CODES: Readonly<Record<PpProblem['code'], ProblemCode | undefined>> = {
  syntax: 'pp-parse-error',
  unknown_op: 'pp-unknown-op',
  unbundled_op: undefined,
  arity: 'pp-arity',
  missing: 'pp-arity',
  duplicate: 'pp-arity',
  unknown_keyword: 'pp-unknown-keyword',
  type: 'pp-wrong-type',
  choice: 'pp-wrong-value',
};

/** [start, end) of each '|'-separated piece of `pp`. */
function pieces(pp: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let start = 0;
  for (const piece of pp.split('|')) {
    out.push({ start, end: start + piece.length });
    start += piece.length + 1;
  }
  return out;
}

/** Whether `value[index, index + length)` is a whole piece of a pp string (or of a fragment joined into one). */
function pieceAligned(value: string, index: number, length: number): boolean {
  const before = index === 0 ? '|' : value[index - 1];
  const after = index + length >= value.length ? '|' : value[index + length];
  return (before === '|' || before === INTERPOLATION) && (after === '|' || after === INTERPOLATION);
}

/**
 * Where the characters [start, end) of the pp string at `path` are written: inside the literal holding the
 * whole piece, else inside a literal holding the bad text itself, else the key.
 */
export function locatePp(ctx: CheckContext, path: KeyPath, pp: string, start: number, end: number): { range: ProblemRange; exact: boolean } {
  const piece = pieces(pp).find((p) => start >= p.start && start <= p.end);
  if (piece && piece.end > piece.start) {
    const text = pp.slice(piece.start, piece.end);
    const hit = ctx.findInLiterals(text, path, false, (v, i) => pieceAligned(v, i, text.length));
    if (hit) return { range: ctx.literalRange(hit.literal, hit.index + start - piece.start, hit.index + end - piece.start), exact: true };
  }
  const bad = pp.slice(start, end);
  if (bad.trim().length >= 2) {
    const hit = ctx.findInLiterals(bad, path);
    if (hit) return { range: ctx.literalRange(hit.literal, hit.index, hit.index + bad.length), exact: true };
  }
  return { range: ctx.keyLocation(path).range, exact: false };
}

/** Problems of one pp string (shared with the static check of literals). */
export function ppProblems(ctx: CheckContext, path: KeyPath, pp: string, severityOf: (p: PpProblem) => Severity): Problem[] {
  const out: Problem[] = [];
  for (const p of checkPpCached(pp)) {
    const code = PP_CODES[p.code];
    if (!code) continue;
    const loc = locatePp(ctx, path, pp, p.start, p.end);
    let fix;
    const hint = /Did you mean '([^']+)'/.exec(p.message);
    if ((p.code === 'unknown_op' || p.code === 'unknown_keyword') && hint && loc.exact) fix = ctx.replaceFix(`Replace with '${hint[1]}'`, loc.range, hint[1]);
    out.push(ctx.about(code, severityOf(p), loc.range, formatPath(path), (where) => `${p.message} (in ${where})`, fix));
  }
  return out;
}

function missingModules(ctx: CheckContext, path: KeyPath, pp: string, modules: readonly string[]): Problem[] {
  const out: Problem[] = [];
  for (const call of parsePpCached(pp).calls) {
    const op = ppOps.get(call.name);
    if (!op || modules.includes(op.module)) continue;
    const loc = locatePp(ctx, path, pp, call.nameStart, call.nameEnd);
    const message = `pp op '${op.name}' is registered by pp module '${op.module}', which config.pp_modules does not list (KeyError when the pipeline is built): add '${op.module}' to pp_modules.`;
    out.push(ctx.about('pp-missing-module', 'warning', loc.range, formatPath(path), () => message));
  }
  return out;
}

export const ppStringsValidator: Validator = {
  name: 'ppStrings',
  validate(ctx: CheckContext): Problem[] {
    const config = ctx.config;
    if (!config) return [];
    const out: Problem[] = [];
    const modules = Array.isArray(config.pp_modules) ? config.pp_modules.filter((m): m is string => typeof m === 'string') : DEFAULT_PP_MODULES;
    for (const { path, value } of ppStrings(config)) {
      out.push(...ppProblems(ctx, path, value, (p) => p.severity));
      if (ctx.trainer.kind === 'train') out.push(...missingModules(ctx, path, value, modules));
    }
    return out;
  },
};
