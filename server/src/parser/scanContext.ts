/**
 * What surrounds a cursor in Python source, found by lexing forward from the start of the file: whether the
 * cursor is in a string or comment, the open brackets around it (with the callee before each `(` and the keyword or
 * dict key whose value is being written), and the target of the statement's assignment. Half-typed code (an
 * unclosed `dict(`, a string without its closing quote) is exactly what completion sees, and where tree-sitter's
 * error recovery gives unusable trees; a lexer needs no recovery. ~20 µs per KB.
 */

/** An open bracket around the cursor. */
export interface Frame {
  open: '(' | '[' | '{';
  /** Offset of the bracket. */
  at: number;
  /** Dotted name right before a `(`, e.g. `dict`, `mlc.ConfigDict`, `bvcc.parse_arg` ('' for none). */
  callee: string;
  /** Keyword (`name=`) or dict key (`'name':`) whose value the scan is in, at this bracket's level. */
  key?: string;
  /** Keywords / dict keys already written at this level. */
  keys: string[];
  /** Raw string literals written as whole values of those keys (`name='mnist'` → {name: 'mnist'}). */
  values: Record<string, string>;
  /** Right after `key=` or `'key':` (only blanks since). */
  afterKey: boolean;
  /** Position of the current argument or entry (0-based). */
  index: number;
  /** True right after the bracket or a comma (only blanks since): a keyword or dict key may start here. */
  keyPosition: boolean;
}

/** A string literal around the cursor. */
export interface OpenString {
  /** Offset of the prefix (or of the opening quote when there is none). */
  start: number;
  /** Offset of the first content character. */
  contentStart: number;
  quote: string;
  /** Lower-cased prefix letters, e.g. `f`, `rb`. */
  prefix: string;
  /** Raw source between the opening quote and the cursor. */
  before: string;
  /** Whether the string sits where a dict key goes (right after `{` or `,` in a `{...}`). */
  keyPosition: boolean;
}

export interface ScanContext {
  offset: number;
  string?: OpenString;
  comment: boolean;
  /** Open brackets, outermost first. */
  frames: Frame[];
  /** Assignment target of the statement (`config.input.pp` in `config.input.pp = ...`), when the cursor is right of `=`. */
  target?: string;
  /** Offset where the statement holding the cursor starts. */
  statementStart: number;
}

const IDENT_START = /[A-Za-z_\u00c0-\uffff]/;
const IDENT = /[\w\u00c0-\uffff]/;
const PREFIX = /^(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])$/;

/** Scans `text` up to `offset` and describes the cursor's surroundings. */
export function scanContext(text: string, offset: number): ScanContext {
  const end = Math.min(offset, text.length);
  const frames: Frame[] = [];
  let statementStart = 0;
  let target: string | undefined;
  // The last dict-key-looking string at the current level, waiting for its ':'.
  let lastString: { value: string; depth: number } | undefined;
  let lastIdent: { name: string; depth: number } | undefined;
  const top = (): Frame | undefined => frames[frames.length - 1];
  const token = (): void => {
    const f = top();
    if (f) f.keyPosition = f.afterKey = false;
  };

  let i = 0;
  while (i < end) {
    const c = text[i];
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      if (nl < 0 || nl >= end) return { offset, comment: true, frames, target, statementStart };
      i = nl;
      continue;
    }
    if (c === '\n') {
      if (frames.length === 0) {
        statementStart = i + 1;
        target = undefined;
      }
      i++;
      continue;
    }
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    if (c === '"' || c === "'" || (IDENT_START.test(c) && isStringStart(text, i))) {
      const start = i;
      let j = i;
      while (text[j] !== '"' && text[j] !== "'") j++;
      const prefix = text.slice(i, j).toLowerCase();
      const q = text[j];
      const quote = text.startsWith(q + q + q, j) ? q + q + q : q;
      const contentStart = j + quote.length;
      const close = findStringEnd(text, contentStart, quote, end);
      const keyPosition = top()?.open === '{' && top()!.keyPosition;
      if (close === undefined) {
        return { offset, comment: false, frames, target, statementStart, string: { start, contentStart, quote, prefix, before: text.slice(contentStart, end), keyPosition } };
      }
      const f = top();
      if (f?.afterKey && f.key !== undefined && !/[fF]/.test(prefix) && text[close.next] !== '.') f.values[f.key] = text.slice(contentStart, close.contentEnd);
      token();
      lastString = { value: text.slice(contentStart, close.contentEnd), depth: frames.length };
      lastIdent = undefined;
      i = close.next;
      continue;
    }
    if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < text.length && IDENT.test(text[j])) j++;
      if (j >= end) break; // the cursor is in (or right after) this word: describe what precedes it
      token();
      lastIdent = { name: text.slice(i, j), depth: frames.length };
      lastString = undefined;
      i = j;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') {
      const callee = c === '(' ? calleeBefore(text, i) : '';
      token();
      frames.push({ open: c, at: i, callee, keys: [], values: {}, index: 0, keyPosition: true, afterKey: false });
      lastIdent = lastString = undefined;
      i++;
      continue;
    }
    if (c === ')' || c === ']' || c === '}') {
      frames.pop();
      token();
      lastIdent = lastString = undefined;
      i++;
      continue;
    }
    if (c === ',') {
      const f = top();
      if (f) {
        f.key = undefined;
        f.index++;
        f.keyPosition = true;
      }
      lastIdent = lastString = undefined;
      i++;
      continue;
    }
    if (c === ';' && frames.length === 0) {
      statementStart = i + 1;
      target = undefined;
      i++;
      continue;
    }
    if (c === '=' && text[i + 1] !== '=' && !'=!<>'.includes(text[i - 1] ?? '')) {
      const f = top();
      token();
      if (f?.open === '(' && lastIdent?.depth === frames.length) {
        f.key = lastIdent.name;
        f.keys.push(lastIdent.name);
        f.afterKey = true;
      } else if (!f) {
        const op = /[-+*/%@&|^]{1,2}$|\/\/$|\*\*$|>>$|<<$/.exec(text.slice(statementStart, i));
        target = text.slice(statementStart, op ? i - op[0].length : i).trim();
      }
      lastIdent = lastString = undefined;
      i++;
      continue;
    }
    if (c === ':') {
      const f = top();
      token();
      if (f?.open === '{' && lastString?.depth === frames.length) {
        f.key = lastString.value;
        f.keys.push(lastString.value);
        f.afterKey = true;
      }
      lastIdent = lastString = undefined;
      i++;
      continue;
    }
    token();
    lastIdent = lastString = undefined;
    i++;
  }
  return { offset, comment: false, frames, target, statementStart };
}

/** Whether the identifier-like run at `i` is a string prefix immediately followed by a quote. */
function isStringStart(text: string, i: number): boolean {
  if (i > 0 && IDENT.test(text[i - 1])) return false;
  let j = i;
  while (j < text.length && j - i < 3 && /[rRbBuUfF]/.test(text[j])) j++;
  return (text[j] === '"' || text[j] === "'") && PREFIX.test(text.slice(i, j));
}

/**
 * Where the string's content ends and scanning resumes, or undefined if the string is still open at `limit` (the
 * cursor is in it). A one-quote string without its closing quote ends at the line break, as Python reports it.
 */
export function findStringEnd(text: string, from: number, quote: string, limit: number): { contentEnd: number; next: number } | undefined {
  let k = from;
  while (k < text.length) {
    const ch = text[k];
    if (ch === '\\') {
      k += 2;
      continue;
    }
    if (quote.length === 1 && ch === '\n') return k >= limit ? undefined : { contentEnd: k, next: k };
    if (text.startsWith(quote, k)) return k >= limit ? undefined : { contentEnd: k, next: k + quote.length };
    k++;
  }
  return undefined;
}

/** The dotted name right before offset `at` (`dict`, `mlc.ConfigDict`), skipping blanks. */
function calleeBefore(text: string, at: number): string {
  const m = /([A-Za-z_][\w]*(?:\s*\.\s*[A-Za-z_]\w*)*)\s*$/.exec(text.slice(Math.max(0, at - 200), at));
  return m ? m[1].replace(/\s+/g, '') : '';
}

/**
 * Splits an assignment target or attribute chain into its root name and key path:
 * `config.evals['val/x'].type` → {root: 'config', path: ['evals', 'val/x', 'type']}; undefined if it is not one.
 */
export function parseChain(chain: string): { root: string; path: string[] } | undefined {
  const m = /^\s*([A-Za-z_]\w*)/.exec(chain);
  if (!m) return undefined;
  const path: string[] = [];
  let rest = chain.slice(m[0].length);
  const seg = /^\s*(?:\.\s*([A-Za-z_]\w*)|\[\s*(?:'([^'\\]*)'|"([^"\\]*)")\s*\])/;
  for (;;) {
    const s = seg.exec(rest);
    if (!s) break;
    path.push(s[1] ?? s[2] ?? s[3]);
    rest = rest.slice(s[0].length);
  }
  return rest.trim() === '' ? { root: m[1], path } : undefined;
}

/** The string literal holding `offset` (also right before its closing quote), with its whole raw content. */
export function stringAt(text: string, offset: number): (OpenString & { contentEnd: number; raw: string }) | undefined {
  const ctx = scanContext(text, offset);
  const s = ctx.string;
  if (!s) return undefined;
  const close = findStringEnd(text, s.contentStart, s.quote, Number.POSITIVE_INFINITY);
  const contentEnd = close?.contentEnd ?? text.length;
  return { ...s, contentEnd, raw: text.slice(s.contentStart, contentEnd) };
}
