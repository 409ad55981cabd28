/**
 * Decodes the text between a Python string literal's quotes as CPython does, recording for every decoded UTF-16
 * unit the source characters it came from (an escape such as `\n` maps one value unit to two source units).
 * Runs without escapes are copied in bulk: most config strings have none.
 */

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

export interface DecodeFlags {
  raw: boolean;
  bytes: boolean;
  fstring: boolean;
}

const SIMPLE: Readonly<Record<string, string>> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

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

/** Decodes `src[from, to)` (string content, no quotes) into `sink`. */
export function decodeStringContent(src: string, from: number, to: number, flags: DecodeFlags, sink: DecodeSink): void {
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
    if (i + 1 >= to) {
      sink.copy(src, i, i + 1);
      i++;
      continue;
    }
    const e = src[i + 1];
    if (e === '\n' || e === '\r') {
      i += e === '\r' && src[i + 2] === '\n' ? 3 : 2;
      continue;
    }
    if (e in SIMPLE) {
      sink.push(SIMPLE[e], i, i + 2);
      i += 2;
      continue;
    }
    const oct = run(src, i + 1, to, /[0-7]/, 3);
    if (oct) {
      sink.push(String.fromCodePoint(parseInt(src.slice(i + 1, i + 1 + oct), 8)), i, i + 1 + oct);
      i += 1 + oct;
      continue;
    }
    const hexLen = e === 'x' ? 2 : !flags.bytes && e === 'u' ? 4 : !flags.bytes && e === 'U' ? 8 : 0;
    if (hexLen && run(src, i + 2, to, /[0-9a-fA-F]/, hexLen) === hexLen) {
      const cp = parseInt(src.slice(i + 2, i + 2 + hexLen), 16);
      sink.push(cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd', i, i + 2 + hexLen);
      i += 2 + hexLen;
      continue;
    }
    if (!flags.bytes && e === 'N' && src[i + 2] === '{') {
      const close = src.indexOf('}', i + 3);
      if (close > 0 && close < to) {
        // Unicode names are not resolved here; the character stands in for the named one.
        sink.push('\ufffd', i, close + 1);
        i = close + 1;
        continue;
      }
    }
    // An unknown escape keeps its backslash (CPython warns but keeps both characters).
    sink.copy(src, i, i + 1);
    i += 1;
  }
}
