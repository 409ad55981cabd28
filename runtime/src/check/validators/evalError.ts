/**
 * `syntax-error` and `eval-error`: the config did not evaluate. The problem sits at the raising line of this
 * file (the innermost traceback frame in it when the exception came from a helper module), with CPython's
 * message.
 */
import * as path from 'node:path';
import type { CheckContext } from '../context';
import type { Problem, ProblemRange } from '../problem';
import type { Validator } from '../validator';

const SYNTAX = new Set(['SyntaxError', 'IndentationError', 'TabError']);

/** From `col` to the end of the line's text (the whole text when `col` is past it). */
function lineRange(ctx: CheckContext, line: number, col: number): ProblemRange {
  const start = ctx.lines.lineStart(line - 1);
  const end = ctx.lines.lineEnd(line - 1);
  const text = ctx.source.slice(start, end);
  const trimmedEnd = start + text.trimEnd().length;
  const indent = start + (text.length - text.trimStart().length);
  const from = Math.min(Math.max(start + col, indent), trimmedEnd);
  return ctx.rangeOf(from === trimmedEnd ? indent : from, trimmedEnd);
}

/**
 * The engine's range, clamped into the text: CPython places some errors one past the end of a line (an
 * expression cut off at the line end, a missing indented block at the end of the file). Such a range marks the
 * last character before it instead, so the editor and `bv check` both get a position that exists.
 */
function clampedRange(ctx: CheckContext, line: number, col: number, endLine: number, endCol: number): ProblemRange {
  let start = ctx.lines.offsetAt({ line: line - 1, character: col });
  let end = Math.max(start, ctx.lines.offsetAt({ line: endLine - 1, character: endCol }));
  if (start === end) {
    let k = start;
    while (k > 0 && /\s/.test(ctx.source[k - 1])) k--;
    if (k > 0) [start, end] = [k - 1, k];
  }
  return ctx.rangeOf(start, end);
}

export const evalError: Validator = {
  name: 'evalError',
  validate(ctx: CheckContext): Problem[] {
    const e = ctx.error;
    if (!e) return [];
    const code = SYNTAX.has(e.type) ? 'syntax-error' : 'eval-error';
    let range: ProblemRange;
    let where = '';
    if (e.file === ctx.file && e.line != null) {
      range = e.endLine != null && e.endCol != null && (e.endLine > e.line || e.endCol > (e.col ?? 0))
        ? clampedRange(ctx, e.line, e.col ?? 0, e.endLine, e.endCol)
        : lineRange(ctx, e.line, e.col ?? 0);
    } else {
      const frame = [...(e.frames ?? [])].reverse().find((f) => f.file === ctx.file);
      range = frame ? lineRange(ctx, frame.line, frame.col) : ctx.getConfigRange();
      if (e.line != null && e.file) where = ` (raised in ${path.basename(e.file)}:${e.line})`;
    }
    // An override error's message already names its --config flag.
    return [ctx.problem(code, 'error', `${e.type}: ${e.message}${where}`, range)];
  },
};
