/**
 * Python string literals, lexed one way for every reader: the pp grammar's strict literal scanner (an error at
 * the character), the checker's and editor's string values decoded from tree-sitter nodes (with a map from each
 * decoded character back to its source), and the completion tokenizer (where a string ends while it is typed).
 * `scanString` finds a literal's prefix, quotes and end; `decodeStringContent` decodes what lies between the
 * quotes as CPython does, reporting malformed escapes to a strict reader and recovering for a lenient one.
 */

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

const STRING_START = /([rRbBuUfFtT]{0,2})('''|"""|'|")/y;

/** Where a string literal lies in a text. */
export interface StringScan {
  /** Lower-cased prefix letters (`r`, `b`, `f`, `rb`, ...). */
  readonly prefix: string;
  /** `'`, `"`, `'''` or `"""`. */
  readonly quote: string;
  readonly contentStart: number;
  /** Where the content ends: the closing quote, or the end of the line (file) when unterminated. */
  readonly contentEnd: number;
  /** After the closing quote (or `contentEnd`). */
  readonly end: number;
  readonly terminated: boolean;
}

/**
 * The string literal starting at `i` (its prefix included), scanned up to `to`; undefined when none starts there.
 * A backslash keeps the next character from ending it, in raw strings too (`r'\''` is one literal).
 */
export function scanString(src: string, i: number, to = src.length): StringScan | undefined {
  STRING_START.lastIndex = i;
  const m = STRING_START.exec(src);
  if (!m || i + m[0].length > to) return undefined;
  const prefix = m[1].toLowerCase();
  const quote = m[2];
  const contentStart = i + m[0].length;
  let j = contentStart;
  while (j < to) {
    const c = src[j];
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (src.startsWith(quote, j) && j + quote.length <= to) return { prefix, quote, contentStart, contentEnd: j, end: j + quote.length, terminated: true };
    if ((c === '\n' || c === '\r') && quote.length === 1) break;
    j++;
  }
  const end = Math.min(j, to);
  return { prefix, quote, contentStart, contentEnd: end, end, terminated: false };
}

/** How to decode a literal's content. */
export interface DecodeFlags {
  raw: boolean;
  bytes: boolean;
  /** `{{` and `}}` are one brace. */
  fstring: boolean;
}

/** Where decoded characters and their source ranges go; `capacity` bounds the decoded length. */
export class DecodeSink {
  private readonly chunks: string[] = [];
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  length = 0;

  constructor(capacity: number) {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  /** Appends `text`, every unit of it coming from source [start, end). */
  push(text: string, start: number, end: number): void {
    this.chunks.push(text);
    for (let k = 0; k < text.length; k++, this.length++) {
      this.starts[this.length] = start;
      this.ends[this.length] = end;
    }
  }

  /** Appends source [from, to) unchanged, each unit from itself. */
  copy(src: string, from: number, to: number): void {
    this.chunks.push(src.slice(from, to));
    for (let i = from; i < to; i++, this.length++) {
      this.starts[this.length] = i;
      this.ends[this.length] = i + 1;
    }
  }

  value(): string {
    return this.chunks.join('');
  }
}

/** A malformed escape at source [start, end): a strict reader fails there, a lenient one keeps what was decoded. */
export type EscapeError = (message: string, start: number, end: number) => void;

/** Length of the run of characters matching `re` (one char each) at `i`, at most `max`. */
function run(src: string, i: number, end: number, re: RegExp, max: number): number {
  let n = 0;
  while (n < max && i + n < end && re.test(src[i + n])) n++;
  return n;
}

/** Where the next character needing care (an escape, or `{{`/`}}` in an f-string) lies in [from, to), else to. */
function nextSpecial(src: string, from: number, to: number, flags: DecodeFlags): number {
  for (let i = from; i < to; i++) {
    const c = src.charCodeAt(i);
    if ((c === 92 && !flags.raw) || (flags.fstring && (c === 123 || c === 125))) return i;
  }
  return to;
}

/** Decodes the escape at `src[i]` (a backslash) into `sink`; returns where decoding goes on. */
function decodeEscape(src: string, i: number, to: number, bytes: boolean, sink: DecodeSink, onError: EscapeError): number {
  if (i + 1 >= to) {
    onError('unterminated string literal', i, i + 1);
    sink.copy(src, i, i + 1);
    return i + 1;
  }
  const e = src[i + 1];
  if (e === '\n' || e === '\r') return i + (e === '\r' && src[i + 2] === '\n' ? 3 : 2);
  if (e in SIMPLE_ESCAPES) {
    sink.push(SIMPLE_ESCAPES[e], i, i + 2);
    return i + 2;
  }
  const oct = run(src, i + 1, to, /[0-7]/, 3);
  if (oct) {
    sink.push(String.fromCodePoint(parseInt(src.slice(i + 1, i + 1 + oct), 8)), i, i + 1 + oct);
    return i + 1 + oct;
  }
  const hexLen = e === 'x' ? 2 : !bytes && e === 'u' ? 4 : !bytes && e === 'U' ? 8 : 0;
  if (hexLen) {
    const digits = run(src, i + 2, to, /[0-9a-fA-F]/, hexLen);
    if (digits !== hexLen) {
      onError(`truncated \\${e} escape`, i, i + 2 + digits);
    } else {
      const cp = parseInt(src.slice(i + 2, i + 2 + hexLen), 16);
      if (cp > 0x10ffff) onError(`illegal Unicode character in \\${e} escape`, i, i + 2 + hexLen);
      sink.push(cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd', i, i + 2 + hexLen);
      return i + 2 + hexLen;
    }
  }
  if (!bytes && e === 'N' && src[i + 2] === '{') {
    const close = src.indexOf('}', i + 3);
    if (close > 0 && close < to) {
      // Unicode names are not resolved here: a strict reader refuses, a lenient one stands the character in.
      onError('\\N{...} escapes are not supported here; write the character itself', i, i + 2);
      sink.push('\ufffd', i, close + 1);
      return close + 1;
    }
  }
  // An unknown escape keeps its backslash (CPython warns but keeps both characters).
  sink.copy(src, i, i + 1);
  return i + 1;
}

/**
 * Decodes `src[from, to)` (string content, no quotes) into `sink` as CPython does; `onError` hears of malformed
 * escapes (decoding goes on as CPython's tokenizer would recover).
 */
export function decodeStringContent(src: string, from: number, to: number, flags: DecodeFlags, sink: DecodeSink, onError: EscapeError = () => undefined): void {
  let i = from;
  while (i < to) {
    const special = nextSpecial(src, i, to, flags);
    if (special > i) sink.copy(src, i, special);
    i = special;
    if (i >= to) break;
    const c = src[i];
    if (c !== '\\') {
      // `{{` or `}}` in an f-string is one brace; a lone one (tree-sitter's recovery) is kept.
      const double = src[i + 1] === c && i + 1 < to;
      sink.push(c, i, double ? i + 2 : i + 1);
      i += double ? 2 : 1;
      continue;
    }
    i = decodeEscape(src, i, to, flags.bytes, sink, onError);
  }
}
