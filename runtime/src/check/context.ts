/**
 * What every validator sees: the evaluated config (or the evaluation error), the source with its tree-sitter
 * tree and string literals, and helpers that turn a config key path or a piece of an evaluated string into the
 * exact source range to underline.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { ConfigError, EvaluateResult, Span } from '../config/protocol';
import { spanIndex, type SpanIndex } from '../config/spanIndex';
import { LineIndex } from '../pyparse/lineIndex';
import { plainString, targetChain } from '../pyparse/keyPath';
import { parsePython } from '../pyparse/parser';
import { sourceRange, stringLiterals, type StringLiteral } from '../pyparse/strings';
import type { Finding, Fix, Problem, ProblemCode, ProblemRange, Severity } from './problem';
import { detectTrainer, isObject, type JsonObject, type KeyPath, type TrainerProfile } from '../registry';


export interface CheckInput {
  /** Absolute path of the config file. */
  file: string;
  source: string;
  result: EvaluateResult;
  /** TFDS data dir, for dataset sizes (epoch durations). */
  tfdsDataDir?: string;
  /** The source's tree (the language server passes its incrementally parsed one); parsed when absent. */
  tree?: Tree;
  /** Reads another file (helper modules the config imports); the file system when absent. */
  readFile?: (file: string) => string | undefined;
}

// Key of the location cache; segments never hold U+001F.
const pathKey = (path: KeyPath): string => path.join('\u001f');

/** A located key: the range to underline and, when known, the range of the key's name (what a fix replaces). */
export interface KeyLocation {
  range: ProblemRange;
  name?: ProblemRange;
}

/** `span` itself when it lies in `file`, else the call site in `file` it was set through (`via`), if any. */
export function spanIn(span: Span | undefined, file: string): Span | undefined {
  let s = span;
  while (s && s.file !== file) s = s.via;
  return s;
}

export class CheckContext {
  readonly file: string;
  readonly source: string;
  readonly lines: LineIndex;
  readonly tree: Tree;
  readonly config?: JsonObject;
  readonly error?: ConfigError;
  readonly tfdsDataDir?: string;
  readonly trainer: TrainerProfile;
  readonly readFile?: (file: string) => string | undefined;
  /** Every file whose spans the evaluation touched (helper modules), besides the config itself. */
  readonly helperFiles: string[];
  private readonly spans?: SpanIndex;
  private literalCache?: StringLiteral[];
  private callSites?: Map<string, Span>;
  private readonly locations = new Map<string, KeyLocation>();
  /** findKeyNode results by span and key: evals built by one helper share spans. */
  private readonly narrowed = new Map<string, KeyLocation | undefined>();
  private readonly ownTree: boolean;

  constructor(input: CheckInput) {
    this.file = input.file;
    this.source = input.source;
    this.lines = new LineIndex(input.source);
    this.ownTree = !input.tree;
    this.tree = input.tree ?? parsePython(input.source);
    this.tfdsDataDir = input.tfdsDataDir;
    this.readFile = input.readFile;
    const helpers = new Set<string>();
    if (input.result.ok) {
      this.config = isObject(input.result.config) ? input.result.config : {};
      this.spans = spanIndex(input.result.spans);
      for (const span of this.spans.spans()) if (span.file !== this.file) helpers.add(span.file);
    } else {
      this.error = input.result.error;
    }
    this.helperFiles = [...helpers];
    this.trainer = detectTrainer(this.config, this.source);
  }

  /** Frees the tree when this context parsed it. */
  dispose(): void {
    if (this.ownTree) this.tree.delete();
  }

  /** The span of `path` in this file: its own, or the call site (`via`) in this file when set by a helper. */
  spanInFile(path: KeyPath): Span | undefined {
    return spanIn(this.spans?.span(path), this.file);
  }

  /** Where this file reaches helper module `file`: the earliest statement here through which a key was set there. */
  callSite(file: string): ProblemRange | undefined {
    if (!this.callSites) {
      this.callSites = new Map();
      for (const span of this.spans?.spans() ?? []) {
        const site = spanIn(span, this.file);
        const best = this.callSites.get(span.file);
        if (site && span.file !== this.file && (!best || site.line < best.line || (site.line === best.line && site.col < best.col))) this.callSites.set(span.file, site);
      }
    }
    const site = this.callSites.get(file);
    return site && this.spanRange(site);
  }

  /** The range of offsets [start, end) as a problem range in this file. */
  rangeOf(start: number, end: number): ProblemRange {
    const s = this.lines.positionAt(start);
    const e = this.lines.positionAt(end);
    return { file: this.file, line: s.line + 1, col: s.character, endLine: e.line + 1, endCol: e.character };
  }

  spanRange(span: Span): ProblemRange {
    return { file: span.file, line: span.line, col: span.col, endLine: span.endLine, endCol: span.endCol };
  }

  /** Offsets of a span of this file. */
  spanOffsets(span: Span): { start: number; end: number } {
    return {
      start: this.lines.offsetAt({ line: span.line - 1, character: span.col }),
      end: this.lines.offsetAt({ line: span.endLine - 1, character: span.endCol }),
    };
  }

  /** The name of `get_config` (where problems about missing keys go), else the file's start. */
  getConfigRange(): ProblemRange {
    for (const child of this.tree.rootNode.namedChildren) {
      const def = child?.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
      const name = def?.type === 'function_definition' ? def.childForFieldName('name') : null;
      if (name?.text === 'get_config') return this.rangeOf(name.startIndex, name.endIndex);
    }
    return this.rangeOf(0, 0);
  }

  /**
   * Where the key `path` is written: for `config.x = ...` the attribute `x`, for a dict entry the entry, for a
   * key without a span of its own (inside a list) the entry of that name inside the nearest ancestor's span.
   */
  keyLocation(path: KeyPath): KeyLocation {
    const key = pathKey(path);
    let loc = this.locations.get(key);
    if (!loc) {
      loc = this.locateKey(path);
      this.locations.set(key, loc);
    }
    return loc;
  }

  private locateKey(path: KeyPath): KeyLocation {
    const last = path[path.length - 1];
    for (let i = path.length; i > 0; i--) {
      const span = this.spanInFile(path.slice(0, i));
      if (!span) continue;
      const { start, end } = this.spanOffsets(span);
      let found: KeyLocation | undefined;
      if (typeof last === 'string') {
        const key = `${start}:${end}:${last}:${i === path.length}`;
        if (!this.narrowed.has(key)) this.narrowed.set(key, this.findKeyNode(start, end, last, i === path.length));
        found = this.narrowed.get(key);
      }
      return found ?? { range: this.spanRange(span) };
    }
    return { range: this.getConfigRange() };
  }

  /** Narrows a span to the assignment target's name or the entry named `key`. */
  private findKeyNode(start: number, end: number, key: string, exact: boolean): KeyLocation | undefined {
    const node = this.tree.rootNode.descendantForIndex(start, Math.max(start, end - 1));
    let top: Node | null = node;
    while (top?.parent && top.parent.startIndex >= start && top.parent.endIndex <= end) top = top.parent;
    if (!top) return undefined;
    const assignment = top.type === 'expression_statement' ? top.namedChildren[0] : top;
    if (exact && (assignment?.type === 'assignment' || assignment?.type === 'augmented_assignment')) {
      const left = assignment.childForFieldName('left');
      const chain = left && targetChain(left);
      if (left && chain && chain[chain.length - 1] === key) {
        const name = left.type === 'attribute' ? left.childForFieldName('attribute') : left.childForFieldName('subscript');
        if (name) return { range: this.rangeOf(name.startIndex, name.endIndex), name: this.nameRange(name) };
      }
    }
    const entries = [top, ...top.descendantsOfType(['keyword_argument', 'pair'])];
    for (const e of entries) {
      if (!e) continue;
      if (e.type === 'keyword_argument' && e.childForFieldName('name')?.text === key) {
        const name = e.childForFieldName('name') as Node;
        return { range: this.rangeOf(e.startIndex, e.endIndex), name: this.rangeOf(name.startIndex, name.endIndex) };
      }
      if (e.type === 'pair' && plainString(e.childForFieldName('key')) === key) {
        return { range: this.rangeOf(e.startIndex, e.endIndex), name: this.nameRange(e.childForFieldName('key') as Node) };
      }
    }
    return undefined;
  }

  /** An identifier's range, or a plain string's content range (what renaming the key replaces). */
  private nameRange(node: Node): ProblemRange | undefined {
    if (node.type === 'identifier') return this.rangeOf(node.startIndex, node.endIndex);
    if (plainString(node) === undefined) return undefined;
    const open = node.children.find((c) => c?.type === 'string_start');
    const close = node.children.find((c) => c?.type === 'string_end');
    return open && close ? this.rangeOf(open.endIndex, close.startIndex) : undefined;
  }

  /** Every string literal of the file. */
  literals(): StringLiteral[] {
    this.literalCache ??= stringLiterals(this.tree.rootNode, this.source);
    return this.literalCache;
  }

  /**
   * Finds `needle` in the file's string literals, preferring literals inside the spans of `near` and its
   * ancestors (then the nearest one; with `within`, only those inside).
   */
  findInLiterals(
    needle: string,
    near: KeyPath,
    within = false,
    accept: (value: string, index: number) => boolean = () => true,
  ): { literal: StringLiteral; index: number } | undefined {
    if (!needle) return undefined;
    const anchors: { start: number; end: number }[] = [];
    for (let i = near.length; i > 0; i--) {
      const span = this.spanInFile(near.slice(0, i));
      if (span) anchors.push(this.spanOffsets(span));
    }
    let best: { literal: StringLiteral; index: number; score: number } | undefined;
    for (const literal of this.literals()) {
      if (literal.bytes) continue;
      let index = literal.value.indexOf(needle);
      while (index >= 0 && !accept(literal.value, index)) index = literal.value.indexOf(needle, index + 1);
      if (index < 0) continue;
      const inside = anchors.findIndex((a) => literal.start >= a.start && literal.end <= a.end);
      if (within && inside < 0) continue;
      const distance = anchors.length ? Math.min(...anchors.map((a) => Math.abs(literal.start - a.start))) : literal.start;
      const score = inside >= 0 ? inside : anchors.length + distance / 1e7;
      if (!best || score < best.score) best = { literal, index, score };
    }
    return best;
  }

  /** Source range of value characters [from, to) of a literal. */
  literalRange(literal: StringLiteral, from: number, to: number): ProblemRange {
    const r = sourceRange(literal, from, to);
    return this.rangeOf(r.start, r.end);
  }

  /**
   * Where the string value of `path` is written: the characters [from, to) of it inside a literal of the key's
   * statement (with `whole`, the literal's content, when it is exactly the value, so a fix may replace it), else
   * the key.
   */
  valueLocation(path: KeyPath, value: string, from = 0, to = value.length): { range: ProblemRange; whole?: ProblemRange } {
    const hit = this.findInLiterals(value, path, true);
    if (!hit) return { range: this.keyLocation(path).range };
    const range = this.literalRange(hit.literal, hit.index + from, hit.index + to);
    return hit.literal.value === value && !hit.literal.fstring ? { range, whole: this.literalRange(hit.literal, 0, value.length) } : { range };
  }

  /** A problem of this check (validators phrase their own messages). */
  problem(code: ProblemCode, severity: Severity, message: string, range: ProblemRange, fix?: Fix): Problem {
    return fix ? { code, severity, message, range, fix } : { code, severity, message, range };
  }

  /**
   * A problem about `subject` (e.g. `evals.val`) whose message `render` phrases for a list of subjects, so that
   * evals sharing one source range get one problem naming them all.
   */
  about(code: ProblemCode, severity: Severity, range: ProblemRange, subject: string, render: (subjects: string) => string, fix?: Fix): Finding {
    const finding: Finding = { code, severity, message: render(`'${subject}'`), range, about: { subject, render } };
    if (fix) finding.fix = fix;
    return finding;
  }

  /** A fix replacing `range` with `text`. */
  replaceFix(title: string, range: ProblemRange | undefined, text: string): Fix | undefined {
    return range ? { title, edits: [{ range, newText: text }] } : undefined;
  }
}
