/**
 * Python source and its tree-sitter tree, kept in step through edits: each edit (an LSP content change) tells
 * the tree what changed, and the next read of `tree` re-parses incrementally, so a burst of keystrokes costs one
 * parse of a fraction of a millisecond rather than a full parse per keystroke.
 */
import type { Point, Tree } from 'web-tree-sitter';
import { Edit } from 'web-tree-sitter';
import { LineIndex, type Position } from './lineIndex';
import { parsePython } from './parser';

/** One change: a range replaced by text, or (no range) the whole text replaced. */
export interface TextChange {
  range?: { start: Position; end: Position };
  text: string;
}

/** The point just after `text` when it starts at `start` (rows and UTF-16 columns, as web-tree-sitter counts). */
function pointAfter(start: Point, text: string): Point {
  const breaks = text.match(/\r\n|\r|\n/g);
  if (!breaks) return { row: start.row, column: start.column + text.length };
  const last = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
  return { row: start.row + breaks.length, column: text.length - last - 1 };
}

export class ParsedText {
  private current?: Tree;
  private stale = true;
  private lineIndex?: LineIndex;

  constructor(private source: string) {}

  get text(): string {
    return this.source;
  }

  /** Line starts of the current text (built on first use after a change). */
  get lines(): LineIndex {
    this.lineIndex ??= new LineIndex(this.source);
    return this.lineIndex;
  }

  /** The tree of the current text, re-parsed (incrementally after edits) on the first read after a change. */
  get tree(): Tree {
    if (this.stale || !this.current) {
      const old = this.current;
      this.current = parsePython(this.source, old);
      old?.delete();
      this.stale = false;
    }
    return this.current;
  }

  /**
   * Replaces source [start, oldEnd) with `text`. Callers that already know the positions of both offsets (in the
   * text before the change, as LSP sends them) pass them; otherwise they are computed.
   */
  edit(start: number, oldEnd: number, text: string, positions?: { start: Position; oldEnd: Position }): void {
    if (this.current) {
      const s = positions?.start ?? this.lines.positionAt(start);
      const e = positions?.oldEnd ?? this.lines.positionAt(oldEnd);
      const startPosition = { row: s.line, column: s.character };
      this.current.edit(new Edit({
        startIndex: start,
        oldEndIndex: oldEnd,
        newEndIndex: start + text.length,
        startPosition,
        oldEndPosition: { row: e.line, column: e.character },
        newEndPosition: pointAfter(startPosition, text),
      }));
    }
    this.source = this.source.slice(0, start) + text + this.source.slice(oldEnd);
    this.lineIndex = undefined;
    this.stale = true;
  }

  /** Replaces the whole text (the next read parses from scratch). */
  replace(text: string): void {
    this.source = text;
    this.lineIndex = undefined;
    this.current?.delete();
    this.current = undefined;
    this.stale = true;
  }

  /** Applies changes in order, each relative to the text the previous one produced. */
  change(changes: readonly TextChange[]): void {
    for (const change of changes) {
      if (!change.range) {
        this.replace(change.text);
        continue;
      }
      this.edit(this.lines.offsetAt(change.range.start), this.lines.offsetAt(change.range.end), change.text);
    }
  }

  /** Frees the tree. */
  dispose(): void {
    this.current?.delete();
    this.current = undefined;
    this.stale = true;
  }
}
