// Python literals as `ast.literal_eval` accepts them (numbers with `_` and
// exponents, signed numbers, str/bytes with prefixes, escapes and implicit
// concatenation, True/False/None/..., tuples, lists, dicts, sets, `set()`),
// parsed with source offsets. It exists for the pp grammar (ppGrammar.ts),
// which both the language server and the trainer use.

import { PyScanner, PySyntaxError } from './pyScanner';

/** Source span: absolute character offsets, end exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A parsed Python literal with its span. Containers hold their items. */
export type PyLiteral =
  | (Span & { readonly kind: 'int' | 'float'; readonly value: number })
  | (Span & { readonly kind: 'complex'; readonly real: number; readonly imag: number })
  | (Span & { readonly kind: 'str'; readonly value: string })
  | (Span & { readonly kind: 'bytes'; readonly value: readonly number[] })
  | (Span & { readonly kind: 'bool'; readonly value: boolean })
  | (Span & { readonly kind: 'none' | 'ellipsis' })
  | (Span & { readonly kind: 'tuple' | 'list' | 'set'; readonly items: readonly PyLiteral[] })
  | (Span & { readonly kind: 'dict'; readonly entries: readonly { readonly key: PyLiteral; readonly value: PyLiteral }[] });

/** Kinds of `PyLiteral`. */
export type PyKind = PyLiteral['kind'];

const OPERATOR_CHARS = '+-*/%@&^~<>=!.[';

/**
 * Parses one literal at the scanner position (whitespace, newlines and
 * comments before it are skipped: literals only occur inside brackets).
 * Throws `PySyntaxError` with the offending span.
 */
export function parseLiteral(s: PyScanner): PyLiteral {
  s.skipSpace(true);
  const start = s.pos;
  const c = s.peek();
  if (c === '') s.fail('expected a literal, found the end of the op', start, start);
  if (c === '-' || c === '+') return parseSigned(s);
  if (isDigit(c) || (c === '.' && isDigit(s.peek(1)))) return maybeComplex(s, s.readNumber());
  if (c === '(' || c === '[' || c === '{') return parseContainer(s);
  if (c === '.' && s.startsWith('...')) {
    s.pos += 3;
    return { kind: 'ellipsis', start: s.abs(start), end: s.abs(s.pos) };
  }
  if (c === "'" || c === '"' || s.atStringPrefix()) return s.readStrings();
  const name = s.identifier();
  if (name === null) s.fail(`unexpected '${c}': expected a literal`, start, start + 1);
  const span = { start: s.abs(start), end: s.abs(s.pos) };
  if (name === 'True' || name === 'False') return { kind: 'bool', value: name === 'True', ...span };
  if (name === 'None') return { kind: 'none', ...span };
  if (name === 'set') {
    const save = s.pos;
    s.skipSpace(true);
    if (s.startsWith('(')) {
      s.pos++;
      s.skipSpace(true);
      if (s.startsWith(')')) {
        s.pos++;
        return { kind: 'set', items: [], start: span.start, end: s.abs(s.pos) };
      }
    }
    s.pos = save;
  }
  return s.fail(
    `'${name}' is not a literal: pp arguments must be Python literals (quote strings: '${name}')`,
    start,
    s.pos,
  );
}

/** After a complete value: fail with a clear message if an operator follows. */
export function rejectOperator(s: PyScanner): void {
  s.skipSpace(true);
  const c = s.peek();
  if (c !== '' && OPERATOR_CHARS.includes(c)) {
    s.fail(`'${c}' is not allowed here: pp arguments are literals, expressions are not evaluated`, s.pos, s.pos + 1);
  }
}

function parseSigned(s: PyScanner): PyLiteral {
  const start = s.pos;
  const negative = s.peek() === '-';
  s.pos++;
  s.skipSpace(true);
  const c = s.peek();
  let num: PyLiteral | undefined;
  if (c === '(') {
    // `-(1)` is fine (the parentheses vanish in the AST); `-(-1)`, `-(1,)` are not.
    const inner = parseContainer(s);
    const text = s.text.slice(inner.start - s.base, inner.end - s.base);
    if ((inner.kind === 'int' || inner.kind === 'float' || inner.kind === 'complex') && /^[0-9.]/.test(text) && !/[^eE][+-]/.test(text)) num = inner;
  } else if (isDigit(c) || (c === '.' && isDigit(s.peek(1)))) {
    num = s.readNumber();
  }
  if (num === undefined) s.fail('a sign may only precede a number in a literal', start, s.pos + 1);
  const span = { start: s.abs(start), end: s.abs(s.pos) };
  const signed: PyLiteral =
    num.kind === 'complex'
      ? { kind: 'complex', real: negative ? -num.real : num.real, imag: negative ? -num.imag : num.imag, ...span }
      : num.kind === 'int' || num.kind === 'float'
        ? { kind: num.kind, value: !negative ? num.value : num.kind === 'int' ? 0 - num.value : -num.value, ...span }
        : num;
  return maybeComplex(s, signed);
}

/** literal_eval also accepts `<real> + <imaginary>` and `<real> - <imaginary>`. */
function maybeComplex(s: PyScanner, left: PyLiteral): PyLiteral {
  if (left.kind !== 'int' && left.kind !== 'float') return left;
  const save = s.pos;
  s.skipSpace(true);
  const op = s.peek();
  if (op === '+' || op === '-') {
    s.pos++;
    s.skipSpace(true);
    const c = s.peek();
    if (isDigit(c) || (c === '.' && isDigit(s.peek(1)))) {
      const right = s.readNumber();
      if (right.kind === 'complex') {
        const imag = op === '-' ? -right.imag : right.imag;
        return { kind: 'complex', real: left.value, imag, start: left.start, end: right.end };
      }
    }
  }
  s.pos = save;
  return left;
}

function parseContainer(s: PyScanner): PyLiteral {
  const open = s.peek();
  const start = s.pos;
  const close = open === '(' ? ')' : open === '[' ? ']' : '}';
  s.pos++;
  const items: PyLiteral[] = [];
  const entries: { key: PyLiteral; value: PyLiteral }[] = [];
  let isDict: boolean | undefined = open === '{' ? undefined : false;
  let sawComma = false;
  for (;;) {
    s.skipSpace(true);
    if (s.eof()) s.fail(`'${open}' was never closed`, start, start + 1);
    if (s.startsWith(close)) break;
    if (s.startsWith('*')) s.fail('unpacking (* or **) is not allowed in a literal', s.pos, s.pos + 1);
    const item = parseLiteral(s);
    s.skipSpace(true);
    if (isDict === undefined) isDict = s.startsWith(':');
    if (isDict) {
      if (!s.startsWith(':')) s.fail("expected ':' in a dict literal", s.pos, s.pos + 1);
      s.pos++;
      requireHashable(s, item);
      entries.push({ key: item, value: parseLiteral(s) });
    } else {
      if (open === '{') requireHashable(s, item);
      items.push(item);
    }
    rejectOperator(s);
    if (s.startsWith(',')) {
      s.pos++;
      sawComma = true;
      continue;
    }
    if (!s.startsWith(close)) s.fail(`expected ',' or '${close}'`, s.pos, s.pos + 1);
    break;
  }
  s.pos++;
  const span = { start: s.abs(start), end: s.abs(s.pos) };
  if (open === '(') {
    // `(x)` is just x (Python keeps the inner span); `()` and `(x,)` are tuples.
    if (items.length === 1 && !sawComma) return items[0];
    return { kind: 'tuple', items, ...span };
  }
  if (open === '[') return { kind: 'list', items, ...span };
  if (isDict !== false) return { kind: 'dict', entries, ...span };
  return { kind: 'set', items, ...span };
}

function requireHashable(s: PyScanner, lit: PyLiteral): void {
  const bad = unhashable(lit);
  if (bad) s.failAbs(`unhashable type: '${bad}' (dict keys and set items must be hashable)`, lit.start, lit.end);
}

function unhashable(lit: PyLiteral): string | undefined {
  if (lit.kind === 'list' || lit.kind === 'dict' || lit.kind === 'set') return lit.kind;
  if (lit.kind === 'tuple') return lit.items.map(unhashable).find((k) => k !== undefined);
  return undefined;
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/** Python's complex value as a JS value. */
export class PyComplex {
  constructor(
    readonly real: number,
    readonly imag: number,
  ) {}
}

/** Python's `...` as a JS value. */
export const PY_ELLIPSIS: unique symbol = Symbol('Ellipsis');

/** A literal as a plain JS value (what an op factory receives). */
export type PyJsValue =
  | number
  | string
  | boolean
  | null
  | Uint8Array
  | PyComplex
  | typeof PY_ELLIPSIS
  | PyJsValue[]
  | { [key: string]: PyJsValue };

/**
 * Converts a literal to JS: int/float → number, None → null, tuple/list/set →
 * array, bytes → Uint8Array, dict → object (non-str keys become their Python
 * repr, e.g. `1` or `(1, 2)`).
 */
export function literalToJs(lit: PyLiteral): PyJsValue {
  switch (lit.kind) {
    case 'int':
    case 'float':
    case 'str':
    case 'bool':
      return lit.value;
    case 'none':
      return null;
    case 'ellipsis':
      return PY_ELLIPSIS;
    case 'complex':
      return new PyComplex(lit.real, lit.imag);
    case 'bytes':
      return Uint8Array.from(lit.value);
    case 'tuple':
    case 'list':
      return lit.items.map(literalToJs);
    case 'set': {
      // Python drops equal items ({1, 1.0, True} is {1}); keep the first.
      const seen = new Set<string>();
      const items: PyJsValue[] = [];
      for (const item of lit.items) {
        const key = hashKey(item);
        if (seen.has(key)) continue;
        seen.add(key);
        items.push(literalToJs(item));
      }
      return items;
    }
    case 'dict': {
      const out: { [key: string]: PyJsValue } = {};
      for (const { key, value } of lit.entries) {
        out[key.kind === 'str' ? key.value : formatLiteral(key)] = literalToJs(value);
      }
      return out;
    }
  }
}

/** Equality key matching Python's for hashable literals (1 == 1.0 == True). */
function hashKey(lit: PyLiteral): string {
  if (lit.kind === 'int' || lit.kind === 'float') return `n:${lit.value}`;
  if (lit.kind === 'bool') return `n:${Number(lit.value)}`;
  if (lit.kind === 'tuple') return `t:(${lit.items.map(hashKey).join(',')})`;
  return `${lit.kind}:${formatLiteral(lit)}`;
}

/** Python source for a literal (`repr`-like), for messages and hovers. */
export function formatLiteral(lit: PyLiteral): string {
  switch (lit.kind) {
    case 'int':
      return String(lit.value);
    case 'float':
      return Number.isInteger(lit.value) ? lit.value.toFixed(1) : String(lit.value);
    case 'complex':
      return `(${lit.real}${lit.imag < 0 ? '-' : '+'}${Math.abs(lit.imag)}j)`;
    case 'str':
      return `'${lit.value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
    case 'bytes':
      return `b'${String.fromCharCode(...lit.value)}'`;
    case 'bool':
      return lit.value ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'ellipsis':
      return '...';
    case 'tuple':
      return lit.items.length === 1 ? `(${formatLiteral(lit.items[0])},)` : `(${lit.items.map(formatLiteral).join(', ')})`;
    case 'list':
      return `[${lit.items.map(formatLiteral).join(', ')}]`;
    case 'set':
      return lit.items.length ? `{${lit.items.map(formatLiteral).join(', ')}}` : 'set()';
    case 'dict':
      return `{${lit.entries.map((e) => `${formatLiteral(e.key)}: ${formatLiteral(e.value)}`).join(', ')}}`;
  }
}

export { PyScanner, PySyntaxError };
