/**
 * Document symbols: the evaluated config as a tree (`input` → `data` → `name`), each key placed where the
 * config sets it (a key set inside a helper is placed at the helper's call), in source order.
 */
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver';
import { spanIndex, type JsonValue, type Span } from '../../../runtime/src/config';
import { LineIndex } from '../../../runtime/src/pyparse';
import type { ConfigDocument } from '../documents';
import type { GoodAnalysis } from './analysis';
import { kindAt, shortValue } from './pyValue';
import { mapSpan, spanInFile, spanText } from './spanMapping';

function kindOf(v: JsonValue): SymbolKind {
  if (v === null) return SymbolKind.Null;
  if (Array.isArray(v)) return SymbolKind.Array;
  switch (typeof v) {
    case 'object': return SymbolKind.Object;
    case 'number': return SymbolKind.Number;
    case 'string': return SymbolKind.String;
    case 'boolean': return SymbolKind.Boolean;
    default: return SymbolKind.Field;
  }
}

function before(a: Range, b: Range): number {
  return a.start.line - b.start.line || a.start.character - b.start.character;
}

export class SymbolService {
  doDocumentSymbols(doc: ConfigDocument, analysis: GoodAnalysis | undefined): DocumentSymbol[] {
    if (!analysis) return [];
    try {
      const spans = spanIndex(analysis.result.spans);
      const lines = new LineIndex(analysis.text);
      const build = (value: JsonValue, path: string[]): DocumentSymbol[] => {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
        const out: DocumentSymbol[] = [];
        for (const [key, child] of Object.entries(value)) {
          const childPath = [...path, key];
          const raw = spans.span(childPath);
          const placed = raw && spanInFile(raw, doc.file);
          const range = placed && mapSpan(doc, analysis, placed.span);
          if (!placed || !range) continue;
          out.push({
            // VS Code rejects symbols with empty names.
            name: key || "''",
            detail: child !== null && typeof child === 'object' && !Array.isArray(child) ? '' : shortValue(child, kindAt(analysis.result, childPath)),
            kind: kindOf(child),
            range,
            selectionRange: this.nameRange(doc, analysis, placed.span, placed.own, key, lines) ?? range,
            children: build(child, childPath),
          });
        }
        return out.sort((a, b) => before(a.range, b.range));
      };
      return build(analysis.result.config, []);
    } catch (err) {
      console.error(`symbols of ${doc.file} failed: ${(err as Error).stack ?? String(err)}`);
      return [];
    }
  }

  /** The key's name inside its own span (`x` of `config.x = 1`, `a` of `a=1`, `'a'` of `'a': 1`). */
  private nameRange(doc: ConfigDocument, analysis: GoodAnalysis, span: Span, own: boolean, key: string, lines: LineIndex): Range | undefined {
    if (!own) return undefined;
    const text = spanText(lines, span);
    const eq = text.search(/(?<![=!<>])=(?!=)|:/);
    const head = eq >= 0 ? text.slice(0, eq) : text;
    const at = head.lastIndexOf(key);
    if (at < 0 || text.slice(0, at).includes('\n')) return undefined;
    const r = mapSpan(doc, analysis, { ...span, endLine: span.line, col: span.col + at, endCol: span.col + at + key.length });
    return r;
  }
}
