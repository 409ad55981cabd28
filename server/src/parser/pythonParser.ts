/**
 * Tree-sitter for the server's documents, through the runtime's pyparse module: one tree-sitter runtime per
 * process (the checker's trees and ours must come from the same one), loaded once at start-up. Edits re-parse
 * incrementally (~0.1 ms).
 */
import { Edit, type Point, type Tree } from 'web-tree-sitter';
import { initPyparse, parsePython } from '../../../runtime/src/pyparse';

/** One text change as LSP sends it, in the coordinates of the text before the change. */
export interface TextEdit {
  startIndex: number;
  oldEndIndex: number;
  newText: string;
  start: Point;
  oldEnd: Point;
}

/** The point after `text` inserted at `start` (rows and UTF-16 columns, as web-tree-sitter counts). */
function endPoint(start: Point, text: string): Point {
  const lastBreak = text.lastIndexOf('\n');
  if (lastBreak < 0) return { row: start.row, column: start.column + text.length };
  let rows = 0;
  for (let i = 0; i <= lastBreak; i++) if (text.charCodeAt(i) === 10) rows++;
  return { row: start.row + rows, column: text.length - lastBreak - 1 };
}

/** A parser for Python source. */
export class PythonParser {
  private constructor() {}

  /** Loads the grammar (once per process). */
  static async create(): Promise<PythonParser> {
    await initPyparse();
    return new PythonParser();
  }

  /** Parses `text`; with `old` (already edited through `edit`) only the changed region is re-parsed. */
  parse(text: string, old?: Tree): Tree {
    return parsePython(text, old);
  }

  /** Tells `tree` about one text change, so that the next `parse(text, tree)` is incremental. */
  static edit(tree: Tree, e: TextEdit): void {
    tree.edit(new Edit({
      startIndex: e.startIndex,
      oldEndIndex: e.oldEndIndex,
      newEndIndex: e.startIndex + e.newText.length,
      startPosition: e.start,
      oldEndPosition: e.oldEnd,
      newEndPosition: endPoint(e.start, e.newText),
    }));
  }
}
