/**
 * The value of a Python string literal with the source offset of every value character, so that a position in
 * a pp string (an op name, an argument) maps back to the document. f-string fields (`{expr}`) become `_` runs of
 * the same length: their value is unknown but the text around them keeps its offsets.
 */

export interface DecodedString {
  value: string;
  /** `offsets[i]` is the document offset of value character i; `offsets[value.length]` is the content end. */
  offsets: number[];
}

const SIMPLE: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** Decodes raw content (between the quotes) that starts at document offset `base`. */
export function decodeString(raw: string, prefix: string, base: number): DecodedString {
  const rawString = prefix.includes('r');
  const fString = prefix.includes('f');
  let value = '';
  const offsets: number[] = [];
  let i = 0;
  while (i < raw.length) {
    const c = raw[i];
    if (fString && c === '{') {
      if (raw[i + 1] === '{') {
        value += '{';
        offsets.push(base + i);
        i += 2;
        continue;
      }
      const close = fieldEnd(raw, i);
      for (let k = i; k < close; k++) {
        value += '_';
        offsets.push(base + k);
      }
      i = close;
      continue;
    }
    if (fString && c === '}' && raw[i + 1] === '}') {
      value += '}';
      offsets.push(base + i);
      i += 2;
      continue;
    }
    if (c === '\\' && !rawString && i + 1 < raw.length) {
      const n = raw[i + 1];
      let len = 2;
      let ch: string | undefined = SIMPLE[n];
      if (n === '\n') ch = '';
      else if (n === 'x' && /^[0-9a-fA-F]{2}$/.test(raw.slice(i + 2, i + 4))) {
        ch = String.fromCharCode(parseInt(raw.slice(i + 2, i + 4), 16));
        len = 4;
      } else if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(raw.slice(i + 2, i + 6))) {
        ch = String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16));
        len = 6;
      } else if (/[0-7]/.test(n)) {
        const m = /^[0-7]{1,3}/.exec(raw.slice(i + 1))!;
        ch = String.fromCharCode(parseInt(m[0], 8));
        len = 1 + m[0].length;
      }
      if (ch === undefined) ch = raw.slice(i, i + 2); // unknown escapes stay as written
      value += ch;
      for (let k = 0; k < ch.length; k++) offsets.push(base + i);
      i += len;
      continue;
    }
    value += c;
    offsets.push(base + i);
    i++;
  }
  offsets.push(base + raw.length);
  return { value, offsets };
}

/** End (exclusive) of the f-string field starting at `open`, nesting braces and skipping quoted text. */
function fieldEnd(raw: string, open: number): number {
  let depth = 0;
  for (let k = open; k < raw.length; k++) {
    const c = raw[k];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return k + 1;
    else if (c === "'" || c === '"') {
      const close = raw.indexOf(c, k + 1);
      if (close < 0) return raw.length;
      k = close;
    }
  }
  return raw.length;
}

/** Index into the decoded value of the character at document offset `offset` (or just before it). */
export function valueIndexAt(d: DecodedString, offset: number): number {
  let lo = 0;
  let hi = d.value.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (d.offsets[mid] < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
