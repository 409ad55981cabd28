/**
 * Python string literals as values: every literal of a file (implicit concatenations `'a' 'b'` as one), decoded
 * as Python would (escapes, raw strings, triple quotes, f-strings' literal parts), with a map from each
 * character of the value back to the source characters it came from. Diagnostics inside pp strings use it to
 * underline exactly the bad op or argument, and completion to know where in a value the cursor is.
 */
import type { Node } from 'web-tree-sitter';
import { decodeStringContent, DecodeSink } from '../pysyntax/stringLiteral';

/** Stands for one `{...}` interpolation of an f-string in `StringLiteral.value`. */
export const INTERPOLATION = '\uFFFC';

/** One quoted part of a literal (`'a'` in `'a' 'b'`). Offsets are source offsets, end exclusive. */
export interface StringPart {
  readonly start: number;
  readonly end: number;
  /** Between the quotes. */
  readonly contentStart: number;
  readonly contentEnd: number;
  /** Lower-cased prefix letters, e.g. `rb`, `f`, ``. */
  readonly prefix: string;
  /** `'`, `"`, `'''` or `"""`. */
  readonly quote: string;
}

/** A decoded string value that knows where each of its characters came from in the source. */
export interface SourceMapped {
  readonly value: string;
  /** Value character i comes from source characters [starts[i], ends[i]). */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Where the content starts (the position of an empty value). */
  readonly contentStart: number;
}

export interface StringLiteral extends SourceMapped {
  /** Source span of the whole literal (every part of an implicit concatenation). */
  readonly start: number;
  readonly end: number;
  /** The decoded value; each f-string interpolation is one `INTERPOLATION` character. */
  readonly value: string;
  readonly parts: readonly StringPart[];
  /** Some part is an f-string. */
  readonly fstring: boolean;
  /** A bytes literal (`b'...'`). */
  readonly bytes: boolean;
  /** The `string` or `concatenated_string` node. */
  readonly node: Node;
}

/** Prefix, quote and content range of one `string` node, read from the source (cheaper than its children). */
function partOf(node: Node, source: string): StringPart {
  const start = node.startIndex;
  const end = node.endIndex;
  const m = /^([A-Za-z]*)('''|"""|'|")/.exec(source.slice(start, Math.min(end, start + 6)));
  const prefix = (m?.[1] ?? '').toLowerCase();
  const quote = m?.[2] ?? '';
  const contentStart = start + (m?.[0].length ?? 0);
  const closed = quote !== '' && end - quote.length >= contentStart && source.startsWith(quote, end - quote.length);
  return { start, end, contentStart, contentEnd: closed ? end - quote.length : end, prefix, quote };
}

/** Decodes a `string` or `concatenated_string` node of a tree parsed from `source`. */
export function readLiteral(node: Node, source: string): StringLiteral {
  const strings = node.type === 'concatenated_string' ? node.namedChildren.filter((c): c is Node => c?.type === 'string') : [node];
  // The decoded value is never longer than the literal's source.
  const sink = new DecodeSink(node.endIndex - node.startIndex);
  const parts: StringPart[] = [];
  let fstring = false;
  let bytes = false;
  for (const s of strings) {
    const part = partOf(s, source);
    parts.push(part);
    const { prefix, contentStart, contentEnd } = part;
    const flags = { raw: prefix.includes('r'), bytes: prefix.includes('b'), fstring: prefix.includes('f') };
    fstring ||= flags.fstring;
    bytes ||= flags.bytes;
    let at = contentStart;
    // Only f-strings have interpolations: other parts need no look at their children.
    const holes = flags.fstring ? s.children.filter((c): c is Node => c?.type === 'interpolation') : [];
    for (const hole of holes) {
      if (hole.startIndex < contentStart || hole.endIndex > contentEnd) continue;
      decodeStringContent(source, at, hole.startIndex, flags, sink);
      sink.push(INTERPOLATION, hole.startIndex, hole.endIndex);
      at = hole.endIndex;
    }
    decodeStringContent(source, at, contentEnd, flags, sink);
  }
  return {
    start: node.startIndex,
    end: node.endIndex,
    value: sink.value(),
    parts,
    fstring,
    bytes,
    starts: sink.starts.subarray(0, sink.length),
    ends: sink.ends.subarray(0, sink.length),
    contentStart: parts.length ? parts[0].contentStart : node.startIndex,
    node,
  };
}

/** Every string literal under `root` (of a tree parsed from `source`), in source order, literals inside f-string
 * interpolations included. */
export function stringLiterals(root: Node, source: string): StringLiteral[] {
  const out: StringLiteral[] = [];
  // Open concatenations, innermost last, with their parts so far: a string inside a part is a literal of its own
  // (it sits in an interpolation); one that is not is the next part.
  const open: { end: number; parts: { start: number; end: number }[] }[] = [];
  for (const node of root.descendantsOfType(['string', 'concatenated_string'])) {
    if (!node) continue;
    while (open.length && node.startIndex >= open[open.length - 1].end) open.pop();
    if (node.type === 'concatenated_string') {
      out.push(readLiteral(node, source));
      open.push({ end: node.endIndex, parts: [] });
      continue;
    }
    const top = open[open.length - 1];
    if (top && !top.parts.some((p) => node.startIndex >= p.start && node.endIndex <= p.end)) {
      top.parts.push({ start: node.startIndex, end: node.endIndex });
      continue;
    }
    out.push(readLiteral(node, source));
  }
  return out;
}

/** The innermost literal whose content (between its quotes) contains source `offset` (its end included). */
export function literalAt(root: Node, source: string, offset: number): { literal: StringLiteral; valueOffset: number } | undefined {
  let node: Node | null = root.descendantForIndex(offset, offset);
  // Just after the closing quote or at the opening one, tree-sitter may pick a neighbour: look at both sides.
  while (node && node.type !== 'string' && node.type !== 'concatenated_string') node = node.parent;
  if (!node && offset > 0) {
    node = root.descendantForIndex(offset - 1, offset - 1);
    while (node && node.type !== 'string') node = node.parent;
  }
  if (!node) return undefined;
  const top = node.parent?.type === 'concatenated_string' ? node.parent : node;
  const literal = readLiteral(top, source);
  const valueOffset = valueOffsetAt(literal, offset);
  return valueOffset === undefined ? undefined : { literal, valueOffset };
}

/**
 * The value offset at source `offset` (a cursor position: the index of the value character that starts at or
 * after it), or undefined when `offset` lies outside every part's content or inside an escape or interpolation.
 */
export function valueOffsetAt(lit: StringLiteral, offset: number): number | undefined {
  if (!lit.parts.some((p) => offset >= p.contentStart && offset <= p.contentEnd)) return undefined;
  for (let i = 0; i < lit.value.length; i++) {
    if (lit.starts[i] === offset) return i;
    if (lit.starts[i] > offset) return i > 0 && lit.ends[i - 1] > offset ? undefined : i;
  }
  const n = lit.value.length;
  return n === 0 || lit.ends[n - 1] <= offset ? n : undefined;
}

/** Source range of value characters [from, to) (an empty range maps to the position before `from`). */
export function sourceRange(s: SourceMapped, from: number, to: number): { start: number; end: number } {
  const n = s.value.length;
  const a = Math.max(0, Math.min(from, n));
  const b = Math.max(a, Math.min(to, n));
  const start = a < n ? s.starts[a] : n ? s.ends[n - 1] : s.contentStart;
  const end = b > a ? s.ends[b - 1] : start;
  return { start, end };
}
