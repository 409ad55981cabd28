/**
 * The config-level meaning of a cursor position: after `config.a.b.` (attribute completion), at a keyword of a
 * `dict(...)` or a key of a `{...}` that a config key is assigned from, or inside a string value (with the config
 * path or at least the key name it is the value of). Built on `scanContext`, so it works on half-typed code.
 */
import type { Tree } from 'web-tree-sitter';
import { parseChain, scanContext, stringAt, type Frame, type ScanContext } from './scanContext';
import { decodeString, valueIndexAt, type DecodedString } from './stringLiteral';

/** Calls that build a config dict from keywords. */
const DICT_CALLEES = new Set(['dict', 'ConfigDict', 'mlc.ConfigDict', 'ml_collections.ConfigDict', 'config_dict.ConfigDict']);

/** Where an identifier being typed starts and ends (document offsets). */
export interface WordRange {
  start: number;
  end: number;
}

export type CursorContext =
  | { kind: 'attribute'; path: string[]; partial: string; word: WordRange }
  | { kind: 'keyword'; path: string[]; partial: string; written: string[]; word: WordRange }
  | { kind: 'dictKey'; path: string[]; partial: string; written: string[]; word: WordRange }
  | {
      kind: 'string';
      /** Config path of the value when it is known (`['input', 'pp']`). */
      path?: string[];
      /** The key, keyword or variable name the string is the value of (`pp_eval`, `name`). */
      name?: string;
      /** The whole literal, decoded, with document offsets. */
      literal: DecodedString & { contentStart: number; contentEnd: number; prefix: string; quote: string };
      /** Cursor index into `literal.value`. */
      index: number;
      /** Sibling keywords/keys of the innermost dict, e.g. `name` beside `split`. */
      siblings: string[];
      /** Their values where they are plain string literals (`{name: 'mnist'}`). */
      siblingValues: Record<string, string>;
    }
  | { kind: 'none' };

/** Names that hold the config in `get_config` (what it returns, plus the conventional `config`). */
export function configRoots(tree: Tree | undefined): Set<string> {
  const roots = new Set(['config']);
  if (!tree) return roots;
  for (const fn of tree.rootNode.namedChildren) {
    const def = fn?.type === 'decorated_definition' ? fn.childForFieldName('definition') : fn;
    if (def?.type !== 'function_definition' || def.childForFieldName('name')?.text !== 'get_config') continue;
    const stack = [def.childForFieldName('body')];
    while (stack.length) {
      const node = stack.pop();
      if (!node) continue;
      if (node.type === 'function_definition' || node.type === 'lambda' || node.type === 'class_definition') continue;
      if (node.type === 'return_statement') {
        const value = node.namedChildren[0];
        if (value?.type === 'identifier') roots.add(value.text);
        continue;
      }
      stack.push(...node.namedChildren);
    }
  }
  return roots;
}

function isDictFrame(f: Frame): boolean {
  return f.open === '{' || (f.open === '(' && DICT_CALLEES.has(f.callee));
}

/** A grouping parenthesis (no callee): transparent for key paths. */
function isGrouping(f: Frame): boolean {
  return f.open === '(' && f.callee === '';
}

/**
 * Config path and key name of the value being written at the innermost frame (or of the keyword/key being
 * typed when `keyPosition`, then the path excludes it).
 */
function valuePath(ctx: ScanContext, roots: Set<string>, keyPosition: boolean): { path?: string[]; name?: string } {
  const chain = ctx.target ? parseChain(ctx.target) : undefined;
  let path: string[] | undefined = chain && roots.has(chain.root) ? [...chain.path] : undefined;
  let name: string | undefined = chain ? (chain.path[chain.path.length - 1] ?? chain.root) : undefined;
  const frames = ctx.frames;
  for (let k = 0; k < frames.length; k++) {
    const f = frames[k];
    const innermost = k === frames.length - 1;
    if (isGrouping(f)) continue;
    if (!isDictFrame(f)) {
      path = undefined;
      name = undefined;
      continue;
    }
    if (innermost && keyPosition) break;
    if (f.key === undefined) {
      path = undefined;
      name = undefined;
      continue;
    }
    path = path ? [...path, f.key] : undefined;
    name = f.key;
  }
  return { path, name };
}

/** The innermost frame that is not a grouping parenthesis. */
function innermost(ctx: ScanContext): Frame | undefined {
  for (let k = ctx.frames.length - 1; k >= 0; k--) if (!isGrouping(ctx.frames[k])) return ctx.frames[k];
  return undefined;
}

const ATTRIBUTE = /([A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*|\s*\[\s*(?:'[^'\\]*'|"[^"\\]*")\s*\])*)\s*\.\s*([A-Za-z_]\w*)?$/;

/** The meaning of `offset` in `text`; `roots` are the config's variable names (see `configRoots`). */
export function cursorContext(text: string, offset: number, roots: Set<string>): CursorContext {
  const ctx = scanContext(text, offset);
  if (ctx.comment) return { kind: 'none' };
  if (ctx.string) {
    const s = stringAt(text, offset);
    if (!s) return { kind: 'none' };
    const decoded = decodeString(s.raw, s.prefix, s.contentStart);
    const literal = { ...decoded, contentStart: s.contentStart, contentEnd: s.contentEnd, prefix: s.prefix, quote: s.quote };
    const inner = innermost(ctx);
    if (s.keyPosition && inner?.open === '{') {
      const { path } = valuePath(ctx, roots, true);
      const word = { start: s.contentStart, end: s.contentEnd };
      return path ? { kind: 'dictKey', path, partial: decoded.value.slice(0, valueIndexAt(decoded, offset)), written: inner.keys, word } : { kind: 'none' };
    }
    const { path, name } = valuePath(ctx, roots, false);
    return { kind: 'string', path, name, literal, index: valueIndexAt(decoded, offset), siblings: inner && isDictFrame(inner) ? inner.keys : [], siblingValues: inner && isDictFrame(inner) ? inner.values : {} };
  }
  // The identifier around the cursor (completion replaces all of it).
  let start = offset;
  while (start > 0 && /\w/.test(text[start - 1])) start--;
  let end = offset;
  while (end < text.length && /\w/.test(text[end])) end++;
  const word = { start, end };
  const partial = text.slice(start, offset);
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const m = ATTRIBUTE.exec(text.slice(Math.max(lineStart, ctx.statementStart), offset));
  if (m) {
    const chain = parseChain(m[1]);
    if (chain && roots.has(chain.root)) return { kind: 'attribute', path: chain.path, partial: m[2] ?? '', word };
    return { kind: 'none' };
  }
  const inner = innermost(ctx);
  if (inner?.open === '(' && isDictFrame(inner) && inner.keyPosition) {
    const { path } = valuePath(ctx, roots, true);
    if (path) return { kind: 'keyword', path, partial, written: inner.keys, word };
  }
  return { kind: 'none' };
}
