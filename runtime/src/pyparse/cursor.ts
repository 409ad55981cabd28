/**
 * What the cursor is in, for completion, hover and go-to-definition: a string literal (which one, where in its
 * value and where each value character lies in the source, under which config key or at least which key or
 * variable name, beside which other keys), an attribute chain after `config.` / `c.input.`, or the key position
 * of a dict that becomes a config node (`config.input = dict(|` or `{'|`). Read from tokens (see tokens.ts)
 * because the tree is broken while the user types; the tree, when given, supplies the exact literal (implicit
 * concatenation, escapes) and the keys written after the cursor.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { configRoots, isDictCall, plainString, type KeySegment } from './keyPath';
import { decodeStringContent, DecodeSink } from '../pysyntax/stringLiteral';
import { literalAt, type SourceMapped, type StringLiteral } from './strings';
import { CursorScanner } from './cursorScan';

/**
 * A string the cursor is in. As `SourceMapped`, value character i comes from source [starts[i], ends[i]) (through
 * escapes and the parts of an implicit concatenation), also for an unterminated string: see `sourceRange`.
 */
export interface StringContext extends SourceMapped {
  /** The decoded value (an unterminated string runs to the end of its line) and the cursor's offset in it. */
  value: string;
  valueOffset: number;
  /** Source offsets between the quotes of the part the cursor is in, and that part's quote. */
  contentStart: number;
  contentEnd: number;
  quote: string;
  /** The parsed literal (all parts of an implicit concatenation), when the tree has it. */
  literal?: StringLiteral;
  /** The config key the string is the value of (`['input', 'pp']`), when the syntax shows it. */
  keyPath?: KeySegment[];
  /** The key, keyword or variable it is stored under (`pp_eval = '…'`, a helper's `dict(type='…')`), if any. */
  name?: string;
  /** Keys of the dict it is a value in (`name` beside `split`), and those whose value is a plain string. */
  siblings: string[];
  siblingValues: Record<string, string>;
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
    const starts = sink.starts.subarray(0, sink.length);
    let valueOffset = starts.findIndex((s) => s >= offset);
    if (valueOffset < 0) valueOffset = sink.length;
    const { keys, values } = scan.siblings();
    const string: StringContext = {
      value: sink.value(), valueOffset, starts, ends: sink.ends.subarray(0, sink.length), contentStart: cur.contentStart,
      contentEnd: cur.contentEnd, quote: cur.quote ?? "'", siblings: keys, siblingValues: values,
    };
    const parsed = tree && cur.terminated ? literalAt(tree.rootNode, text, offset) : undefined;
    if (parsed && parsed.literal.start <= cur.start && parsed.literal.end >= cur.end) {
      Object.assign(string, { literal: parsed.literal, value: parsed.literal.value, valueOffset: parsed.valueOffset, starts: parsed.literal.starts, ends: parsed.literal.ends });
      addTreeSiblings(parsed.literal.node, string);
    }
    if (scan.atKeyPosition() === 'string') {
      const value = string.value.slice(0, string.valueOffset);
      out.dictKey = { form: 'string', keyPath: scan.pathOfDict(), prefix: value, start: cur.contentStart, end: cur.contentEnd, present: scan.present() };
    } else {
      const keyPath = scan.valuePath();
      if (keyPath) string.keyPath = keyPath;
      const name = scan.valueName();
      if (name !== undefined) string.name = name;
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

/**
 * Adds the keys written after the cursor (which the forward scan does not reach) when the tree shows the dict a
 * literal is a value in: `dict(split='tr|', name='mnist')`.
 */
function addTreeSiblings(literal: Node, ctx: StringContext): void {
  const entry = literal.parent;
  let entries: (Node | null)[] = [];
  if (entry?.type === 'keyword_argument' && isDictCall(entry.parent?.parent ?? null)) entries = entry.parent?.namedChildren ?? [];
  else if (entry?.type === 'pair' && entry.parent?.type === 'dictionary') entries = entry.parent.namedChildren;
  for (const e of entries) {
    const keyNode = e?.type === 'keyword_argument' ? e.childForFieldName('name') : e?.type === 'pair' ? e.childForFieldName('key') : null;
    const key = keyNode?.type === 'identifier' ? keyNode.text : plainString(keyNode);
    if (!e || key === undefined) continue;
    if (!ctx.siblings.includes(key)) ctx.siblings.push(key);
    const value = plainString(e.childForFieldName('value'));
    if (value !== undefined && e.id !== entry?.id) ctx.siblingValues[key] ??= value;
  }
}
