/**
 * The open documents, kept in sync incrementally: each LSP content change updates the text and tells the
 * document's syntax tree about the edit (pyparse's ParsedText), so the tree is re-parsed incrementally, lazily on
 * the next read. Also records edits so that positions from an older analysis can be mapped onto the current text.
 */
import { fileURLToPath } from 'node:url';
import type { Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Tree } from 'web-tree-sitter';
import { definesGetConfig } from '../../runtime/src/config';
import { ParsedText } from '../../runtime/src/pyparse';
import { matchesGlobs } from './settings';


/** One replaced range, in the coordinates of the text before the change. */
export interface EditRecord {
  start: Position;
  oldEnd: Position;
  newEnd: Position;
}

/** The file system path of a document (a stable pseudo path for unsaved `untitled:` buffers). */
export function uriToFile(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      // fall through: a malformed file URI is still a usable name
    }
  }
  return `/${uri.replace(/^[a-z-]+:\/*/i, '').replace(/[^\w./-]/g, '_')}`;
}

/** An open document. */
export class ConfigDocument {
  private readonly parsed: ParsedText;
  /** Every edit since the document was opened, with the document version it produced. */
  private readonly edits: { version: number; edit: EditRecord }[] = [];

  constructor(
    readonly uri: string,
    readonly file: string,
    public doc: TextDocument,
  ) {
    this.parsed = new ParsedText(doc.getText());
  }

  get version(): number {
    return this.doc.version;
  }

  get text(): string {
    return this.doc.getText();
  }

  /** The syntax tree of the current text (parsed incrementally on demand). */
  get tree(): Tree {
    return this.parsed.tree;
  }

  /** Applies LSP content changes in order (each is relative to the text the previous one produced). */
  apply(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if (!('range' in change) || !change.range) {
        this.doc = TextDocument.create(this.uri, this.doc.languageId, version, change.text);
        this.parsed.replace(change.text);
        const end = this.doc.positionAt(change.text.length);
        this.record(version, { start: { line: 0, character: 0 }, oldEnd: { line: 1e9, character: 0 }, newEnd: end });
        continue;
      }
      const start = this.doc.offsetAt(change.range.start);
      const oldEnd = this.doc.offsetAt(change.range.end);
      // Clamp to what the text holds, as TextDocument does, so the tree edit and the text agree.
      const s = this.doc.positionAt(start);
      const e = this.doc.positionAt(oldEnd);
      this.parsed.edit(start, oldEnd, change.text, { start: s, oldEnd: e });
      TextDocument.update(this.doc, [{ range: { start: s, end: e }, text: change.text }], version);
      this.record(version, { start: s, oldEnd: e, newEnd: this.doc.positionAt(start + change.text.length) });
    }
  }

  private record(version: number, edit: EditRecord): void {
    this.edits.push({ version, edit });
    // Analyses are at most a few versions behind; keep a bounded log.
    if (this.edits.length > 2000) this.edits.splice(0, 1000);
  }

  /**
   * Maps a position in the text of `fromVersion` onto the current text; undefined when that version is too old
   * to map (the log was trimmed) or the position lay in text that was replaced.
   */
  mapPosition(p: Position, fromVersion: number): Position | undefined {
    if (fromVersion === this.version) return p;
    if (this.edits.length && this.edits[0].version > fromVersion + 1) return undefined;
    let pos = p;
    for (const { version, edit } of this.edits) {
      if (version <= fromVersion) continue;
      const mapped = shift(pos, edit);
      if (!mapped) return undefined;
      pos = mapped;
    }
    return pos;
  }

  /** `mapPosition` for both ends of a range. */
  mapRange(r: Range, fromVersion: number): Range | undefined {
    const start = this.mapPosition(r.start, fromVersion);
    const end = start && this.mapPosition(r.end, fromVersion);
    return start && end ? { start, end } : undefined;
  }

  dispose(): void {
    this.parsed.dispose();
  }
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function shift(p: Position, e: EditRecord): Position | undefined {
  if (before(p, e.start) || (p.line === e.start.line && p.character === e.start.character)) return p;
  if (before(p, e.oldEnd)) return undefined;
  if (p.line === e.oldEnd.line) return { line: e.newEnd.line, character: e.newEnd.character + (p.character - e.oldEnd.character) };
  return { line: p.line + (e.newEnd.line - e.oldEnd.line), character: p.character };
}

/** The open documents of one server. */
export class DocumentStore {
  private readonly docs = new Map<string, ConfigDocument>();
  private globs: readonly string[] = [];

  /** Glob patterns of files served even without `get_config` (`bigVision.configGlobs`). */
  setGlobs(globs: readonly string[]): void {
    this.globs = globs;
  }

  open(uri: string, languageId: string, version: number, text: string): ConfigDocument {
    this.docs.get(uri)?.dispose();
    const doc = new ConfigDocument(uri, uriToFile(uri), TextDocument.create(uri, languageId, version, text));
    this.docs.set(uri, doc);
    return doc;
  }

  get(uri: string): ConfigDocument | undefined {
    return this.docs.get(uri);
  }

  /** The open document of a file path, if any. */
  byFile(file: string): ConfigDocument | undefined {
    for (const doc of this.docs.values()) if (doc.file === file) return doc;
    return undefined;
  }

  close(uri: string): void {
    this.docs.get(uri)?.dispose();
    this.docs.delete(uri);
  }

  all(): ConfigDocument[] {
    return [...this.docs.values()];
  }

  /** Whether the server analyses this document: Python that defines `get_config`, or a file the globs name. */
  isServed(doc: ConfigDocument): boolean {
    if (doc.doc.languageId !== 'python' && !doc.file.endsWith('.py')) return false;
    return definesGetConfig(doc.text) || (this.globs.length > 0 && matchesGlobs(doc.file, this.globs));
  }

  /** The document if it is open and served, else undefined (what every handler starts with). */
  served(uri: string): ConfigDocument | undefined {
    const doc = this.docs.get(uri);
    return doc && this.isServed(doc) ? doc : undefined;
  }
}
