/**
 * The state of a config file's tokens at the cursor: open brackets (which call or dict each belongs to, which
 * keyword or key is being written in it, the plain string values of the keys before it), the current statement's
 * target, the enclosing function. Feeds `cursorContext`.
 */
import type { KeySegment } from './keyPath';
import { tokenize, type Token } from './tokens';

type FrameKind = 'dict-call' | 'string-call' | 'call' | 'paren' | 'list' | 'subscript' | 'brace';

interface Frame {
  kind: FrameKind;
  /** Just after the opener or a comma: the next token starts an argument / entry. */
  argStart: boolean;
  /** Commas seen (the index of the current element). */
  index: number;
  /** Calls: the name at the start of the current argument, and the keyword once `=` follows it. */
  pending?: string;
  keyword?: string;
  /** Dicts: the current entry's key and whether its value is being written. */
  key?: KeySegment;
  afterColon: boolean;
  present: string[];
  /** Right after `key=` / `'key':`: the next token starts the value. */
  valueStart: boolean;
  /** A plain string that is, so far, the whole value of the current entry (kept when the entry ends). */
  candidate?: string;
  /** Keys of this dict whose whole value is a plain string literal (`name='mnist'`), before the cursor. */
  values: Record<string, string>;
}

const DICT_CALLS = /^(?:(?:[A-Za-z_]\w*\.)*ConfigDict|dict)$/;
const STRING_CALLS = new Set(['join', 'format', 'replace', 'strip', 'lower', 'upper']);
const CALLABLE_END = new Set([')', ']']);
const ASSIGN = new Set(['=', '+=', '-=', '*=', '/=', '//=', '%=', '|=']);

/** A plain string token's value (no escapes or interpolations), else `*`. */
function keyOf(t: Token): string {
  const body = t.text.slice((t.contentStart ?? 0) - t.start, (t.contentEnd ?? 0) - t.start);
  return t.terminated && !t.prefix?.includes('f') && !body.includes('\\') ? body : '*';
}

/** Parses a whole token run as `name(.name | [key])*`. */
function chainOf(tokens: Token[]): KeySegment[] | undefined {
  if (!tokens.length || tokens[0].kind !== 'name') return undefined;
  const out: KeySegment[] = [tokens[0].text];
  let i = 1;
  while (i < tokens.length) {
    const t = tokens[i];
    if (t.text === '.' && tokens[i + 1]?.kind === 'name') {
      out.push(tokens[i + 1].text);
      i += 2;
    } else if (t.text === '[' && tokens[i + 2]?.text === ']') {
      const k = tokens[i + 1];
      out.push(k.kind === 'string' ? keyOf(k) : k.kind === 'number' ? Number(k.text) : '*');
      i += 3;
    } else if (t.text === '[') {
      let depth = 0;
      let j = i;
      for (; j < tokens.length; j++) {
        if (tokens[j].text === '[') depth++;
        if (tokens[j].text === ']' && --depth === 0) break;
      }
      out.push('*');
      i = j + 1;
    } else {
      return undefined;
    }
  }
  return out;
}

export class CursorScanner {
  readonly stack: Frame[] = [];
  stmt: Token[] = [];
  target?: KeySegment[] | 'return';
  /** The token the cursor is in or just after (a partial name), not fed to the state. */
  cursorToken?: Token;
  inComment: boolean;
  private defs: { name: string; indent: number }[] = [];
  private indent = 0;

  constructor(text: string, offset: number, private readonly roots: Set<string>) {
    this.inComment = tokenize(text, offset, (t) => this.feed(t, offset), (_at, indent) => this.newline(indent), () => this.stack.length);
  }

  private newline(indent: number): void {
    this.stmt = [];
    this.target = undefined;
    this.stack.length = 0;
    this.indent = indent;
    while (this.defs.length && this.defs[this.defs.length - 1].indent >= indent) this.defs.pop();
  }

  private feed(t: Token, offset: number): void {
    const inside = t.kind === 'string' ? offset > t.start && (offset < t.end || !t.terminated) : t.kind === 'name' && offset > t.start && offset <= t.end;
    if (inside) {
      this.cursorToken = t;
      return;
    }
    const top = this.stack[this.stack.length - 1];
    const prev = this.stmt[this.stmt.length - 1];
    this.stmt.push(t);
    if (t.kind === 'name' && this.stmt.length === 2 && prev.text === 'def') this.defs.push({ name: t.text, indent: this.indent });
    if (t.kind === 'name' && this.stmt.length === 1 && t.text === 'return') this.target = 'return';
    if (t.kind === 'op' && (t.text === '(' || t.text === '[' || t.text === '{')) {
      if (top) Object.assign(top, { argStart: false, valueStart: false, candidate: undefined });
      this.stack.push({ kind: this.openKind(t.text, prev), argStart: true, index: 0, afterColon: false, present: [], valueStart: false, values: {} });
      return;
    }
    if (t.kind === 'op' && (t.text === ')' || t.text === ']' || t.text === '}')) {
      this.stack.pop();
      return;
    }
    if (!top) {
      if (t.kind === 'op' && ASSIGN.has(t.text)) this.target = chainOf(this.stmt.slice(0, -1));
      return;
    }
    if (t.text === ',' && t.kind === 'op') {
      const key = top.kind === 'brace' ? top.key : top.keyword;
      if (top.candidate !== undefined && typeof key === 'string') top.values[key] = top.candidate;
      Object.assign(top, { argStart: true, keyword: undefined, pending: undefined, key: undefined, afterColon: false, valueStart: false, candidate: undefined });
      top.index++;
      return;
    }
    // A value is a plain string only when the string is its one token (`'a' + b`, `'a'.join` are not).
    const plain = top.valueStart && t.kind === 'string' && t.terminated && !t.prefix?.includes('b') ? keyOf(t) : '*';
    top.candidate = plain !== '*' ? plain : undefined;
    top.valueStart = false;
    if (t.kind === 'op' && t.text === '=' && top.pending !== undefined && prev?.text === top.pending) {
      top.keyword = top.pending;
      top.present.push(top.pending);
      top.valueStart = true;
    } else if (t.kind === 'op' && t.text === ':' && top.kind === 'brace' && !top.afterColon) {
      top.afterColon = true;
      top.valueStart = true;
    } else if (top.argStart && t.kind === 'name') {
      top.pending = t.text;
    } else if (top.argStart && t.kind === 'string' && top.kind === 'brace') {
      top.key = keyOf(t);
      if (typeof top.key === 'string') top.present.push(top.key);
    }
    top.argStart = false;
  }

  private openKind(open: string, prev: Token | undefined): FrameKind {
    const callable = prev && (prev.kind === 'name' || prev.kind === 'string' || CALLABLE_END.has(prev.text));
    if (open === '{') return 'brace';
    if (open === '[') return callable ? 'subscript' : 'list';
    if (!callable || prev.kind === 'string') return 'paren';
    const callee = this.calleeText();
    if (DICT_CALLS.test(callee)) return 'dict-call';
    return STRING_CALLS.has(callee.slice(callee.lastIndexOf('.') + 1)) ? 'string-call' : 'call';
  }

  /** The dotted name just before the `(` being opened (the last statement token). */
  private calleeText(): string {
    const parts: string[] = [];
    for (let i = this.stmt.length - 2; i >= 0; i--) {
      const t = this.stmt[i];
      const wantName = parts.length % 2 === 0;
      if (wantName ? t.kind !== 'name' : t.text !== '.') break;
      parts.unshift(t.text);
    }
    return parts.join('');
  }

  /** Where the statement's value goes, or undefined when it does not go into the config. */
  private basePath(): KeySegment[] | undefined {
    if (this.target === 'return') return this.defs[this.defs.length - 1]?.name === 'get_config' ? [] : undefined;
    const root = this.target?.[0];
    return this.target && typeof root === 'string' && this.roots.has(root) ? this.target.slice(1) : undefined;
  }

  /** The key path through the frames `[0, upto)`, each frame's current entry included. */
  private pathThrough(upto: number): KeySegment[] | undefined {
    const path = this.basePath();
    if (!path) return undefined;
    let stringMode = false;
    for (const f of this.stack.slice(0, upto)) {
      if (f.kind === 'dict-call') {
        if (f.keyword !== undefined) path.push(f.keyword);
        else if (f.index !== 0 || f.pending === undefined) return undefined;
      } else if (f.kind === 'brace') {
        if (!f.afterColon || f.key === undefined) return undefined;
        path.push(f.key);
      } else if (f.kind === 'list' || (f.kind === 'paren' && f.index > 0)) {
        if (!stringMode) path.push(f.index);
      } else if (f.kind === 'string-call') {
        stringMode = true;
      } else if (f.kind !== 'paren') {
        return undefined;
      }
    }
    return path;
  }

  /**
   * The key, keyword or variable the value at the cursor is stored under (`pp_eval` in `pp_eval = '…'`, `type` in
   * a helper's `dict(type='…')`), also where the key path is unknown; undefined inside lists, calls, subscripts.
   */
  valueName(): string | undefined {
    const last = Array.isArray(this.target) ? this.target[this.target.length - 1] : undefined;
    let name = typeof last === 'string' && last !== '*' ? last : undefined;
    let stringMode = false;
    for (const f of this.stack) {
      if (f.kind === 'dict-call') {
        // `ConfigDict(dict(...))`: a first positional argument is the dict itself.
        name = f.keyword ?? (f.index === 0 && f.pending === undefined ? name : undefined);
      } else if (f.kind === 'brace') {
        name = f.afterColon && typeof f.key === 'string' && f.key !== '*' ? f.key : undefined;
      } else if (f.kind === 'string-call') {
        stringMode = true;
      } else if (!stringMode && (f.kind !== 'paren' || f.index > 0)) {
        // A list or tuple element, a call's argument, a subscript: no name of its own.
        name = undefined;
      }
    }
    return name;
  }

  /** The innermost dict (`dict(...)` or `{...}`) around the cursor, past grouping parentheses. */
  private innermostDict(): Frame | undefined {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const f = this.stack[i];
      if (f.kind === 'dict-call' || f.kind === 'brace') return f;
      if (f.kind !== 'paren' || f.index > 0) return undefined;
    }
    return undefined;
  }

  /** Keys written before the cursor in the innermost dict, and those whose value is a plain string. */
  siblings(): { keys: string[]; values: Record<string, string> } {
    const f = this.innermostDict();
    return { keys: f ? [...f.present] : [], values: f ? { ...f.values } : {} };
  }

  /** The path of the value at the cursor. */
  valuePath(): KeySegment[] | undefined {
    return this.pathThrough(this.stack.length);
  }

  /** The path of the innermost dict (whose key is being written). */
  pathOfDict(): KeySegment[] | undefined {
    return this.pathThrough(this.stack.length - 1);
  }

  /** Keys already written in the innermost dict. */
  present(): string[] {
    return [...(this.stack[this.stack.length - 1]?.present ?? [])];
  }

  /** Whether the cursor is where a dict key goes: a keyword of dict(...) or a string key of {...}. */
  atKeyPosition(): 'keyword' | 'string' | undefined {
    const top = this.stack[this.stack.length - 1];
    if (!top || !top.argStart) return undefined;
    if (top.kind === 'dict-call' && this.cursorToken?.kind !== 'string') return 'keyword';
    if (top.kind === 'brace' && this.cursorToken?.kind === 'string') return 'string';
    return undefined;
  }

  /** `config.input.` + partial: the chain before the dot, or undefined when no dot precedes the cursor. */
  chainBeforeDot(): KeySegment[] | undefined {
    const last = this.stmt[this.stmt.length - 1];
    if (last?.text !== '.') return undefined;
    let depth = 0;
    let start = -1;
    for (let i = this.stmt.length - 2; i >= 0; i--) {
      const t = this.stmt[i];
      if (t.text === ']') {
        depth++;
      } else if (t.text === '[') {
        if (--depth < 0) break;
      } else if (depth > 0 || t.text === '.') {
        continue;
      } else if (t.kind === 'name') {
        start = i;
        if (this.stmt[i - 1]?.text !== '.') break;
      } else {
        break;
      }
    }
    return start < 0 ? undefined : chainOf(this.stmt.slice(start, -1));
  }
}
