// The pp-string grammar exactly as upstream (big_vision/pp/builder.py and
// registry.py) applies it: split on every '|' (not quote-aware), skip empty
// pieces, parse each piece as `preprocess_ops.<piece>` with literal-only
// arguments. One parser for the language server and the trainer, so both
// accept and reject the same strings; every value keeps its source offsets.

import { literalToJs, parseLiteral, rejectOperator, type PyJsValue, type PyLiteral } from './pyLiteral';
import { PY_KEYWORDS, PyScanner, PySyntaxError } from './pyScanner';

/** A keyword argument with the span of its name (the value has its own span). */
export interface PpKeywordArg {
  readonly name: string;
  readonly nameStart: number;
  readonly nameEnd: number;
  readonly value: PyLiteral;
}

/** One parsed op of a pp string. Offsets are absolute, end exclusive. */
export interface PpCall {
  /** Op name; dotted names are joined with '.' (they never resolve upstream). */
  readonly name: string;
  readonly nameStart: number;
  readonly nameEnd: number;
  /** Span of the whole piece between the '|' separators. */
  readonly start: number;
  readonly end: number;
  /** The piece text. */
  readonly text: string;
  /** Index of the piece in the split (empty pieces count too). */
  readonly index: number;
  readonly args: readonly PyLiteral[];
  readonly kwargs: readonly PpKeywordArg[];
  /** Written with parentheses (`decode()`), not as a bare name (`decode`). */
  readonly called: boolean;
}

/** A piece upstream would reject while building the pipeline. */
export interface PpParseError {
  readonly message: string;
  readonly start: number;
  readonly end: number;
  /** Index of the piece in the split. */
  readonly index: number;
}

/** Result of `parsePp`: the ops that parsed and an error per piece that did not. */
export interface PpParseResult {
  readonly calls: readonly PpCall[];
  readonly errors: readonly PpParseError[];
}

/**
 * Parses a whole pp string. `base` is added to every offset (e.g. the
 * position of the string's content in a document). None/'' give no ops.
 */
export function parsePp(pp: string | null | undefined, base = 0): PpParseResult {
  const calls: PpCall[] = [];
  const errors: PpParseError[] = [];
  if (!pp) return { calls, errors };
  let from = 0;
  pp.split('|').forEach((piece, index) => {
    const start = from;
    from += piece.length + 1;
    if (piece === '') return; // upstream: "Skip empty section instead of error."
    try {
      calls.push(parsePiece(pp, base, start, start + piece.length, index));
    } catch (err) {
      if (!(err instanceof PySyntaxError)) throw err;
      let message = err.message;
      if (/unterminated string|was never closed/.test(message) && start + piece.length < pp.length) {
        message += " (pp strings are split on every '|', even inside quotes)";
      }
      errors.push({ message, start: err.start, end: err.end, index });
    }
  });
  return { calls, errors };
}

/** Parses one piece such as `resize(224, method='bicubic')`; throws `PySyntaxError`. */
export function parsePpCall(piece: string, base = 0): PpCall {
  return parsePiece(piece, base, 0, piece.length, 0);
}

/** The call's arguments as plain JS values, ready for an op factory (a repeated keyword keeps its last value). */
export function callArguments(call: PpCall): { args: PyJsValue[]; kwargs: Record<string, PyJsValue> } {
  const kwargs: Record<string, PyJsValue> = {};
  for (const kw of call.kwargs) kwargs[kw.name] = literalToJs(kw.value);
  return { args: call.args.map(literalToJs), kwargs };
}

function parsePiece(text: string, base: number, from: number, to: number, index: number): PpCall {
  const s = new PyScanner(text, base, from, to);
  const piece = text.slice(from, to);
  s.skipSpace(false);
  if (s.eof()) s.fail("empty op: only whitespace between '|' (upstream skips only truly empty pieces)", from, to);
  const nameStart = s.pos;
  const parts = [readName(s)];
  for (;;) {
    const save = s.pos;
    s.skipSpace(false);
    if (!s.startsWith('.')) {
      s.pos = save;
      break;
    }
    s.pos++;
    s.skipSpace(false);
    parts.push(readName(s));
  }
  const nameEnd = s.pos;
  const name = parts.join('.');
  const common = { name, nameStart: s.abs(nameStart), nameEnd: s.abs(nameEnd), start: s.abs(from), end: s.abs(to), text: piece, index };
  s.skipSpace(false);
  if (s.eof()) {
    // Upstream uses the raw text as the registry key for bare names.
    if (piece !== name) {
      s.fail(`upstream looks up the raw text '${piece}' as the op name; remove the blanks around '${name}'`, from, to);
    }
    return { ...common, args: [], kwargs: [], called: false };
  }
  if (!s.startsWith('(')) s.fail(`unexpected '${s.peek()}' after the op name: expected '(' or '|'`, s.pos);
  const open = s.pos;
  s.pos++;
  const args: PyLiteral[] = [];
  const kwargs: PpKeywordArg[] = [];
  for (;;) {
    s.skipSpace(true);
    if (s.eof()) s.fail("'(' was never closed", open);
    if (s.startsWith(')')) break;
    if (s.startsWith('*')) s.fail('*args and **kwargs are not allowed in pp strings', s.pos, s.pos + (s.startsWith('**') ? 2 : 1));
    const keyword = tryKeyword(s);
    if (keyword) {
      // A repeated keyword is only a compile-time error in Python; ast.parse
      // accepts it and upstream's dict keeps the last value (checkCall warns).
      kwargs.push({ ...keyword, value: parseLiteral(s) });
    } else {
      const value = parseLiteral(s);
      if (kwargs.length) s.failAbs('positional argument follows keyword argument', value.start, value.end);
      args.push(value);
    }
    rejectOperator(s);
    if (s.eof()) s.fail("'(' was never closed", open);
    if (s.startsWith(',')) {
      s.pos++;
      continue;
    }
    if (!s.startsWith(')')) s.fail("expected ',' or ')'", s.pos);
    break;
  }
  s.pos++;
  s.skipSpace(false);
  if (!s.eof()) s.fail(`unexpected '${s.peek()}' after the call: a pp op is 'name' or 'name(args)'`, s.pos);
  return { ...common, args, kwargs, called: true };
}

function readName(s: PyScanner): string {
  const start = s.pos;
  const name = s.identifier();
  if (name === null) {
    const c = s.peek();
    if (c === "'" || c === '"' || s.atStringPrefix()) return s.fail('unexpected string: expected an op name', start);
    return s.fail(c ? `unexpected '${c}': expected an op name` : 'expected an op name', start);
  }
  if (PY_KEYWORDS.has(name)) s.fail(`'${name}' is a Python keyword and cannot be an op name`, start, s.pos);
  return name;
}

/** `name =` (not `==`) starts a keyword argument; otherwise rewinds. */
function tryKeyword(s: PyScanner): { name: string; nameStart: number; nameEnd: number } | undefined {
  const start = s.pos;
  const name = s.identifier();
  if (name === null) return undefined;
  const end = s.pos;
  s.skipSpace(true);
  if (s.startsWith('=') && !s.startsWith('==')) {
    if (PY_KEYWORDS.has(name)) s.fail(`cannot assign to ${name}`, start, end);
    s.pos++;
    return { name, nameStart: s.abs(start), nameEnd: s.abs(end) };
  }
  s.pos = start;
  return undefined;
}
