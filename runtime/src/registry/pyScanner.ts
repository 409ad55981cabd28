// Character-level scanning of the Python subset pp strings use: whitespace and
// comments, identifiers, numeric literals and string/bytes literals (lexed and
// decoded by the one string-literal lexer, pysyntax/stringLiteral.ts, strictly:
// a malformed escape is an error at its characters). Offsets are absolute (into the whole pp string plus a
// caller-chosen base) so errors point at the exact character.

import { decodeStringContent, DecodeSink, scanString } from '../pysyntax/stringLiteral';
import type { PyLiteral } from './pyLiteral';

/** A syntax error at an absolute span (end exclusive). */
export class PySyntaxError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
    this.name = 'PySyntaxError';
  }
}

/** Python keywords that cannot be names (soft keywords like `match` can). */
export const PY_KEYWORDS: ReadonlySet<string> = new Set(
  ('False None True and as assert async await break class continue def del elif else except ' +
    'finally for from global if import in is lambda nonlocal not or pass raise return try while with yield').split(' '),
);

const IDENT = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
const D = '\\d(?:_?\\d)*';
const FLOAT = `(?:(?:${D})?\\.${D}|${D}\\.)(?:[eE][+-]?${D})?|${D}[eE][+-]?${D}`;
const NUMBER = new RegExp(
  `((?:${FLOAT}|${D})[jJ])|(${FLOAT})|(0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|[1-9](?:_?\\d)*|0+(?:_?0)*)`,
  'y',
);
const STRING_PREFIX = /(?:[rRuUbBfFtT]|[bB][rR]|[rR][bB]|[fF][rR]|[rR][fF]|[tT][rR]|[rR][tT])(?=['"])/y;

/** Cursor over `text[from, to)`; reported offsets are `base + index`. */
export class PyScanner {
  pos: number;

  constructor(
    readonly text: string,
    readonly base = 0,
    readonly from = 0,
    readonly to = text.length,
  ) {
    this.pos = from;
  }

  /** Absolute offset of index `i`. */
  abs(i: number): number {
    return this.base + i;
  }

  eof(): boolean {
    return this.pos >= this.to;
  }

  /** Character `ahead` places after the cursor, or '' past the end. */
  peek(ahead = 0): string {
    const i = this.pos + ahead;
    return i < this.to ? this.text[i] : '';
  }

  startsWith(s: string): boolean {
    return this.pos + s.length <= this.to && this.text.startsWith(s, this.pos);
  }

  /** Throws a syntax error spanning local indices [start, end). */
  fail(message: string, start: number, end = start + 1): never {
    throw new PySyntaxError(message, this.abs(start), this.abs(Math.max(end, start)));
  }

  /** Throws a syntax error at an absolute span. */
  failAbs(message: string, start: number, end: number): never {
    throw new PySyntaxError(message, start, end);
  }

  /**
   * Skips blanks, comments and backslash continuations; newlines only when
   * `newlines` (inside brackets) or when nothing but blanks follows them.
   */
  skipSpace(newlines: boolean): void {
    while (!this.eof()) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\f') this.pos++;
      else if (c === '#') while (!this.eof() && this.peek() !== '\n' && this.peek() !== '\r') this.pos++;
      else if (c === '\\' && (this.peek(1) === '\n' || this.peek(1) === '\r')) {
        const at = this.pos;
        this.pos += this.peek(2) === '\n' && this.peek(1) === '\r' ? 3 : 2;
        if (this.eof()) this.fail('unexpected end after a line continuation', at, this.pos);
      }
      else if (c === '\n' || c === '\r') {
        if (!newlines && /\S/.test(this.text.slice(this.pos, this.to).replace(/#[^\n\r]*/g, ''))) return;
        this.pos++;
      } else return;
    }
  }

  /** Reads an identifier (never a string prefix glued to a quote) or returns null. */
  identifier(): string | null {
    if (this.atStringPrefix()) return null;
    IDENT.lastIndex = this.pos;
    const m = IDENT.exec(this.text);
    if (!m || this.pos + m[0].length > this.to) return null;
    this.pos += m[0].length;
    return m[0];
  }

  /** Whether a string prefix such as `r`, `b` or `rb` directly precedes a quote. */
  atStringPrefix(): boolean {
    STRING_PREFIX.lastIndex = this.pos;
    return STRING_PREFIX.test(this.text) && (this.pos === 0 || !/[\p{L}\p{Nd}_]/u.test(this.text[this.pos - 1]));
  }

  /** Reads an unsigned int, float or imaginary literal. */
  readNumber(): PyLiteral {
    const start = this.pos;
    NUMBER.lastIndex = start;
    const m = NUMBER.exec(this.text);
    if (!m) return this.fail('invalid number', start);
    this.pos += m[0].length;
    const next = this.peek();
    if (/[\p{L}\p{Nd}_]/u.test(next) || (next === '.' && m[3] !== undefined && !this.startsWith('...'))) {
      if (m[3] !== undefined && /^0+$/.test(m[3]) && /\d/.test(next)) {
        this.fail('leading zeros in decimal integer literals are not permitted (use 0o for octal)', start, this.pos + 1);
      }
      this.fail(`invalid number literal '${this.text.slice(start, this.pos + 1)}'`, start, this.pos + 1);
    }
    const span = { start: this.abs(start), end: this.abs(this.pos) };
    const clean = m[0].replace(/_/g, '');
    if (m[1] !== undefined) return { kind: 'complex', real: 0, imag: Number(clean.slice(0, -1)), ...span };
    if (m[2] !== undefined) return { kind: 'float', value: Number(clean), ...span };
    return { kind: 'int', value: Number(clean), ...span };
  }

  /** Reads one or more adjacent string literals (implicit concatenation). */
  readStrings(): PyLiteral {
    const start = this.pos;
    let kind: 'str' | 'bytes' | undefined;
    let text = '';
    const bytes: number[] = [];
    for (;;) {
      const atomStart = this.pos;
      const atom = this.readStringAtom();
      if (kind !== undefined && kind !== atom.kind) {
        this.fail('cannot mix bytes and nonbytes literals', atomStart, this.pos);
      }
      kind = atom.kind;
      if (atom.kind === 'str') text += atom.value;
      else bytes.push(...atom.value);
      const save = this.pos;
      this.skipSpace(true);
      if (this.peek() === "'" || this.peek() === '"' || this.atStringPrefix()) continue;
      this.pos = save;
      break;
    }
    const span = { start: this.abs(start), end: this.abs(this.pos) };
    return kind === 'bytes' ? { kind, value: bytes, ...span } : { kind: 'str', value: text, ...span };
  }

  private readStringAtom(): { kind: 'str'; value: string } | { kind: 'bytes'; value: number[] } {
    const start = this.pos;
    const lit = scanString(this.text, this.pos, this.to);
    if (!lit) this.fail('expected a string literal', start);
    const { prefix } = lit;
    if (prefix.includes('f') || prefix.includes('t')) {
      this.fail(`${prefix.includes('f') ? 'f' : 't'}-strings are not literals; write a plain string`, start, lit.contentStart);
    }
    if (!lit.terminated) this.fail('unterminated string literal', start, lit.contentEnd);
    const isBytes = prefix.includes('b');
    if (isBytes) {
      for (let i = lit.contentStart; i < lit.contentEnd; i++) if (this.text.charCodeAt(i) > 127) this.fail('bytes can only contain ASCII literal characters', i);
    }
    const sink = new DecodeSink(lit.contentEnd - lit.contentStart);
    decodeStringContent(this.text, lit.contentStart, lit.contentEnd, { raw: prefix.includes('r'), bytes: isBytes, fstring: false }, sink, (message, from, to) => this.fail(message, from, to));
    this.pos = lit.end;
    const out = sink.value();
    if (!isBytes) return { kind: 'str', value: out };
    return { kind: 'bytes', value: [...out].map((ch) => ch.charCodeAt(0) & 0xff) };
  }
}
