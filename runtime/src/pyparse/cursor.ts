/**
 * What the cursor is in, for completion: a string literal (which one, where in its value, under which config
 * key), an attribute chain after `config.` / `c.input.`, or the key position of a dict that becomes a config
 * node (`config.input = dict(|` or `{'|`). Read from tokens (see tokens.ts) because the tree is broken while
 * the user types; the tree, when given, supplies the exact literal (implicit concatenation, escapes).
 */
import type { Tree } from 'web-tree-sitter';
import { configRoots, type KeySegment } from './keyPath';
import { decodeStringContent, DecodeSink } from './stringDecode';
import { literalAt, type StringLiteral } from './strings';
import { CursorScanner } from './cursorScan';

export interface StringContext {
  /** The decoded value (an unterminated string runs to the end of its line) and the cursor's offset in it. */
  value: string;
  valueOffset: number;
  /** Source offsets between the quotes of the part the cursor is in. */
  contentStart: number;
  contentEnd: number;
  /** The parsed literal (all parts of an implicit concatenation), when the tree has it. */
  literal?: StringLiteral;
  /** The config key the string is the value of (`['input', 'pp']`), when the syntax shows it. */
  keyPath?: KeySegment[];
}

export interface AttributeContext {
  /** The names before the last dot, as written: `config.input.` → ['config', 'input']. */
  chain: KeySegment[];
  /** The config key path the chain denotes (root variable removed), when the root holds the config. */
  keyPath?: KeySegment[];
  /** The partial name typed after the dot and its source range (to replace). */
  prefix: string;
  start: number;
  end: number;
}

export interface DictKeyContext {
  /** `keyword` in `dict(...)`, `string` in `{'...': ...}`. */
  form: 'keyword' | 'string';
  /** The config key path of the dict being written, when the syntax shows it. */
  keyPath?: KeySegment[];
  /** The partial key typed so far and its source range. */
  prefix: string;
  start: number;
  end: number;
  /** Keys already written in this dict. */
  present: string[];
}

export interface CursorContext {
  string?: StringContext;
  attribute?: AttributeContext;
  dictKey?: DictKeyContext;
  /** The cursor is in a comment: nothing to complete. */
  comment?: boolean;
}

/** The cursor context at `offset` of `doc` (a parsed document, or just its text). */
export function cursorContext(doc: { text: string; tree?: Tree }, offset: number): CursorContext {
  const { text, tree } = doc;
  const roots = tree ? configRoots(tree.rootNode) : new Set(['config', 'c', 'cfg']);
  const scan = new CursorScanner(text, offset, roots);
  if (scan.inComment) return { comment: true };
  const cur = scan.cursorToken;
  const out: CursorContext = {};
  if (cur?.kind === 'string' && cur.contentStart !== undefined && cur.contentEnd !== undefined &&
      offset >= cur.contentStart && offset <= cur.contentEnd) {
    const sink = new DecodeSink(cur.contentEnd - cur.contentStart);
    const prefix = cur.prefix ?? '';
    decodeStringContent(text, cur.contentStart, cur.contentEnd, { raw: prefix.includes('r'), bytes: prefix.includes('b'), fstring: prefix.includes('f') }, sink);
    let valueOffset = sink.starts.subarray(0, sink.length).findIndex((s) => s >= offset);
    if (valueOffset < 0) valueOffset = sink.length;
    const string: StringContext = { value: sink.value(), valueOffset, contentStart: cur.contentStart, contentEnd: cur.contentEnd };
    const parsed = tree && cur.terminated ? literalAt(tree.rootNode, text, offset) : undefined;
    if (parsed && parsed.literal.start <= cur.start && parsed.literal.end >= cur.end) {
      string.literal = parsed.literal;
      string.value = parsed.literal.value;
      string.valueOffset = parsed.valueOffset;
    }
    if (scan.atKeyPosition() === 'string') {
      const value = string.value.slice(0, string.valueOffset);
      out.dictKey = { form: 'string', keyPath: scan.pathOfDict(), prefix: value, start: cur.contentStart, end: cur.contentEnd, present: scan.present() };
    } else {
      const keyPath = scan.valuePath();
      if (keyPath) string.keyPath = keyPath;
    }
    out.string = string;
    return out;
  }
  const partial = cur?.kind === 'name' ? cur : undefined;
  const prefix = partial ? text.slice(partial.start, offset) : '';
  const start = partial ? partial.start : offset;
  const end = partial ? partial.end : offset;
  const chain = scan.chainBeforeDot();
  if (chain) {
    const root = chain[0];
    const attribute: AttributeContext = { chain, prefix, start, end };
    if (typeof root === 'string' && roots.has(root)) attribute.keyPath = chain.slice(1);
    out.attribute = attribute;
    return out;
  }
  if (scan.atKeyPosition() === 'keyword') {
    out.dictKey = { form: 'keyword', keyPath: scan.pathOfDict(), prefix, start, end, present: scan.present() };
  }
  return out;
}
