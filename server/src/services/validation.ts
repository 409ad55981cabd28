/**
 * Diagnostics: the checker's Problems as LSP diagnostics of source `big-vision` (so they sit beside other
 * Python servers' diagnostics without clashing), each with its code, severity and exact range. A problem's quick
 * fix travels in the diagnostic's `data`, so code actions need no server-side state.
 */
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Problem, ProblemRange, Severity } from './validation/checker';

/** The `source` of every diagnostic this server publishes. */
export const DIAGNOSTIC_SOURCE = 'big-vision';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a diagnostic carries in `data`. */
export interface DiagnosticData {
  fix?: { title: string; edits: { range: Range; newText: string }[] };
}

/** A 1-based-line range as an LSP range. */
export function toRange(r: Pick<ProblemRange, 'line' | 'col' | 'endLine' | 'endCol'>): Range {
  return { start: { line: Math.max(0, r.line - 1), character: Math.max(0, r.col) }, end: { line: Math.max(0, r.endLine - 1), character: Math.max(0, r.endCol) } };
}

export class ValidationService {
  /**
   * Diagnostics for the problems that lie in `file` (problems in imported helpers are reported at their call).
   * With the analysed `text`, ranges are clamped to it: Python places some errors one past the end of a line.
   */
  toDiagnostics(file: string, problems: readonly Problem[], text?: TextDocument): Diagnostic[] {
    const out: Diagnostic[] = [];
    const clamp = (r: Range): Range => (text ? { start: text.positionAt(text.offsetAt(r.start)), end: text.positionAt(text.offsetAt(r.end)) } : r);
    for (const p of problems) {
      if (p.range.file && p.range.file !== file) continue;
      const diagnostic: Diagnostic = {
        range: clamp(toRange(p.range)),
        severity: SEVERITY[p.severity] ?? DiagnosticSeverity.Error,
        code: p.code,
        source: DIAGNOSTIC_SOURCE,
        message: p.message,
      };
      if (p.fix) {
        const edits = p.fix.edits.filter((e) => !e.range.file || e.range.file === file).map((e) => ({ range: clamp(toRange(e.range)), newText: e.newText }));
        if (edits.length) diagnostic.data = { fix: { title: p.fix.title, edits } } satisfies DiagnosticData;
      }
      out.push(diagnostic);
    }
    return out;
  }

  /** Problem counts by severity, for the status item. */
  counts(problems: readonly Problem[]): Record<Severity, number> {
    const c: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
    for (const p of problems) c[p.severity]++;
    return c;
  }
}
