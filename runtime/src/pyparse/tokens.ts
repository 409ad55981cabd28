/**
 * A small forward Python tokenizer for completion contexts. While the user types, tree-sitter's tree around the
 * cursor is usually broken (`config.input = dict(da` is an ERROR node), so the cursor context is read from
 * tokens instead: a pass from the start of the file to the cursor (~0.2 ms for a 300-line config) that keeps
 * the open brackets, the keyword or dict key being written at each level, and the current statement.
 */
import { scanString } from '../pysyntax/stringLiteral';

export type TokenKind = 'name' | 'string' | 'number' | 'op';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  text: string;
  /** Strings: offsets between the quotes (the end of the line or file when unterminated), prefix, quote. */
  contentStart?: number;
  contentEnd?: number;
  prefix?: string;
  quote?: string;
  terminated?: boolean;
}

const NAME = /[A-Za-z_\u00c0-\uffff][\w\u00c0-\uffff]*/y;
const NUMBER = /(?:0[xXoObB][\da-fA-F_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?)/y;
const OPS = ['**=', '//=', '>>=', '<<=', '...', '->', ':=', '==', '!=', '<=', '>=', '**', '//', '<<', '>>',
  '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@='];
/** The string starting at `i` (prefix included), lexed by the one string-literal lexer; undefined when none. */
function readString(src: string, i: number): Token | undefined {
  const lit = scanString(src, i);
  if (!lit) return undefined;
  const { prefix, quote, contentStart, contentEnd, end, terminated } = lit;
  return { kind: 'string', start: i, end, text: src.slice(i, end), contentStart, contentEnd, prefix, quote, terminated };
}

/**
 * Calls `onToken` for each token of `src` that starts before `stop`, and `onNewline` at each logical line end.
 * Returns true when `stop` lies inside a comment.
 */
export function tokenize(
  src: string,
  stop: number,
  onToken: (t: Token) => void,
  onNewline: (at: number, indentOfNext: number) => void,
  depth: () => number,
): boolean {
  let i = 0;
  while (i < stop && i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\f') {
      i++;
    } else if (c === '#') {
      while (i < src.length && src[i] !== '\n' && src[i] !== '\r') i++;
      if (i >= stop) return true;
    } else if (c === '\\' && (src[i + 1] === '\n' || src[i + 1] === '\r')) {
      i += src[i + 1] === '\r' && src[i + 2] === '\n' ? 3 : 2;
    } else if (c === '\n' || c === '\r') {
      i += c === '\r' && src[i + 1] === '\n' ? 2 : 1;
      if (depth() === 0) {
        let j = i;
        while (src[j] === ' ' || src[j] === '\t') j++;
        // Blank and comment-only lines do not start a statement.
        if (src[j] !== '\n' && src[j] !== '\r' && src[j] !== '#' && j < src.length) onNewline(i, j - i);
      }
    } else {
      const s = readString(src, i);
      if (s && (s.prefix === '' || /[A-Za-z]/.test(c))) {
        onToken(s);
        i = s.end;
        continue;
      }
      NAME.lastIndex = i;
      const name = NAME.exec(src);
      if (name) {
        onToken({ kind: 'name', start: i, end: i + name[0].length, text: name[0] });
        i += name[0].length;
        continue;
      }
      NUMBER.lastIndex = i;
      const num = /[\d.]/.test(c) ? NUMBER.exec(src) : null;
      if (num && num[0] !== '.' && num[0].length) {
        onToken({ kind: 'number', start: i, end: i + num[0].length, text: num[0] });
        i += num[0].length;
        continue;
      }
      const op = OPS.find((o) => src.startsWith(o, i)) ?? c;
      onToken({ kind: 'op', start: i, end: i + op.length, text: op });
      i += op.length;
    }
  }
  return false;
}
