// Character-level scanning of the Python subset pp strings use: whitespace and
// comments, identifiers, numeric literals and string/bytes literals with
// Python's escape rules. Offsets are absolute (into the whole pp string plus a
// caller-chosen base) so errors point at the exact character.

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
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

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
    let prefix = '';
    while (this.peek() !== "'" && this.peek() !== '"') prefix += this.text[this.pos++].toLowerCase();
    if (prefix.includes('f') || prefix.includes('t')) {
      this.fail(`${prefix.includes('f') ? 'f' : 't'}-strings are not literals; write a plain string`, start, this.pos + 1);
    }
    const raw = prefix.includes('r');
    const isBytes = prefix.includes('b');
    const quote = this.peek();
    const triple = this.startsWith(quote.repeat(3));
    const delim = triple ? quote.repeat(3) : quote;
    this.pos += delim.length;
    let out = '';
    for (;;) {
      if (this.eof()) this.fail('unterminated string literal', start, this.pos);
      if (this.startsWith(delim)) break;
      const c = this.text[this.pos];
      if (!triple && (c === '\n' || c === '\r')) this.fail('unterminated string literal', start, this.pos);
      if (isBytes && c.charCodeAt(0) > 127) this.fail('bytes can only contain ASCII literal characters', this.pos);
      if (c !== '\\') {
        out += c;
        this.pos++;
      } else if (raw) {
        // Raw strings keep the backslash; it still protects the next character.
        out += c + (this.peek(1) || '');
        this.pos += 2;
      } else {
        out += this.readEscape(isBytes);
      }
    }
    this.pos += delim.length;
    if (!isBytes) return { kind: 'str', value: out };
    return { kind: 'bytes', value: [...out].map((ch) => ch.charCodeAt(0) & 0xff) };
  }

  private readEscape(isBytes: boolean): string {
    const at = this.pos;
    const e = this.peek(1);
    this.pos += 2;
    if (e === '') this.fail('unterminated string literal', at);
    if (e === '\n') return '';
    if (e === '\r') {
      if (this.peek() === '\n') this.pos++;
      return '';
    }
    if (e in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[e];
    if (e >= '0' && e <= '7') {
      let digits = e;
      while (digits.length < 3 && /[0-7]/.test(this.peek())) digits += this.text[this.pos++];
      return String.fromCodePoint(parseInt(digits, 8));
    }
    const hexLen = e === 'x' ? 2 : isBytes ? 0 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hexLen) {
      const hex = this.text.slice(this.pos, this.pos + hexLen);
      if (hex.length !== hexLen || !/^[0-9a-fA-F]+$/.test(hex) || this.pos + hexLen > this.to) {
        this.fail(`truncated \\${e} escape`, at, this.pos + hex.length);
      }
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) this.fail(`illegal Unicode character in \\${e} escape`, at, this.pos + hexLen);
      this.pos += hexLen;
      return String.fromCodePoint(code);
    }
    if (e === 'N' && !isBytes) {
      this.fail('\\N{...} escapes are not supported here; write the character itself', at, at + 2);
    }
    // Unknown escapes keep the backslash (Python only warns).
    return `\\${e}`;
  }
}
