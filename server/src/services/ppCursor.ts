/**
 * Where a cursor sits inside a pp string (`decode|resize(224, method='bi|')`): on an op name, or in an op's
 * argument list (which keyword is being written or valued, which are already given). Indices are into the
 * decoded string value; callers map them to document offsets. Tolerates unfinished text.
 */

export interface PpPiece {
  /** Start and end (exclusive) of the piece between `|` separators. */
  start: number;
  end: number;
  /** The op name's span (may be empty while typing). */
  nameStart: number;
  nameEnd: number;
  name: string;
  /** Index of `(`, or -1. */
  open: number;
}

export type PpCursor =
  | { where: 'name'; piece: PpPiece }
  | {
      where: 'args';
      piece: PpPiece;
      /** Keywords already written (before and after the cursor). */
      used: string[];
      /** Positional arguments before the cursor's argument. */
      positional: number;
      /** The keyword whose value the cursor is in, if any. */
      keyword?: string;
      /** Start of the argument text holding the cursor, and that text up to the cursor. */
      argStart: number;
      argBefore: string;
    };

/** The piece of `value` holding index `at`. */
export function pieceAt(value: string, at: number): PpPiece {
  const start = value.lastIndexOf('|', at - 1) + 1;
  const bar = value.indexOf('|', at);
  const end = bar < 0 ? value.length : bar;
  let nameStart = start;
  while (nameStart < end && /\s/.test(value[nameStart])) nameStart++;
  let nameEnd = nameStart;
  while (nameEnd < end && /[\w.]/.test(value[nameEnd])) nameEnd++;
  const open = value.indexOf('(', nameEnd);
  return { start, end, nameStart, nameEnd, name: value.slice(nameStart, nameEnd), open: open >= 0 && open < end ? open : -1 };
}

/** Splits argument text at top-level commas (outside quotes and brackets); returns each part's start. */
function argumentStarts(text: string, from: number, to: number): number[] {
  const starts = [from];
  let depth = 0;
  let quote = '';
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) starts.push(i + 1);
  }
  return starts;
}

const KEYWORD = /^\s*([A-Za-z_]\w*)\s*=(?!=)/;

/** Describes index `at` of pp string `value`. */
export function ppCursor(value: string, at: number): PpCursor {
  const piece = pieceAt(value, at);
  if (piece.open < 0 || at <= piece.open) return { where: 'name', piece };
  const close = value.lastIndexOf(')', piece.end - 1);
  const argsEnd = close > piece.open ? close : piece.end;
  const starts = argumentStarts(value, piece.open + 1, argsEnd);
  let k = starts.length - 1;
  while (k > 0 && starts[k] > at) k--;
  const used: string[] = [];
  let positional = 0;
  starts.forEach((s, i) => {
    const e = i + 1 < starts.length ? starts[i + 1] - 1 : argsEnd;
    const m = KEYWORD.exec(value.slice(s, e));
    if (m) used.push(m[1]);
    else if (i < k && value.slice(s, e).trim() !== '') positional++;
  });
  const argStart = starts[k];
  const argBefore = value.slice(argStart, at);
  const kw = KEYWORD.exec(argBefore);
  return { where: 'args', piece, used, positional, argStart, argBefore, ...(kw ? { keyword: kw[1] } : {}) };
}
