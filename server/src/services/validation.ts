/**
 * Diagnostics: the checker's Problems as LSP diagnostics of source `big-vision` (so they sit beside other
 * Python servers' diagnostics without clashing), each with its code, severity and exact range. A problem's quick
 * fix travels in the diagnostic's `data`, so code actions need no server-side state. A problem in a helper module
 * the config imports goes to that module's document when it is open, else to the config's call of the helper.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import type { Problem, ProblemRange, Severity } from '../../../runtime/src/check';

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

/** An analysis's diagnostics: the analysed document's own, and those for other open documents by URI. */
export interface PlacedDiagnostics {
  own: Diagnostic[];
  others: Map<string, Diagnostic[]>;
}

export class ValidationService {
  /**
   * Diagnostics for the problems of an analysis of `file`. A problem in another file goes to that file's open
   * document (`openUri` gives its URI), else to its call site in `file` with the message naming where it lies;
   * one with neither is left out rather than put on the wrong document.
   */
  toDiagnostics(file: string, problems: readonly Problem[], openUri: (file: string) => string | undefined = () => undefined): PlacedDiagnostics {
    const placed: PlacedDiagnostics = { own: [], others: new Map() };
    for (const p of problems) {
      const where = p.range.file === file ? undefined : openUri(p.range.file);
      if (p.range.file === file || where) {
        const list = where ? placed.others.get(where) ?? [] : placed.own;
        list.push(this.diagnostic(p, p.range.file));
        if (where) placed.others.set(where, list);
      } else if (p.callSite?.file === file) {
        const d = this.diagnostic({ ...p, range: p.callSite, message: `${path.basename(p.range.file)}:${p.range.line}: ${p.message}` }, file);
        d.relatedInformation = [{ location: { uri: pathToFileURL(p.range.file).href, range: toRange(p.range) }, message: p.message }];
        placed.own.push(d);
      }
    }
    return placed;
  }

  /** One problem as a diagnostic on `file`, with the fix edits that lie in it. */
  private diagnostic(p: Problem, file: string): Diagnostic {
    const diagnostic: Diagnostic = {
      range: toRange(p.range),
      severity: SEVERITY[p.severity] ?? DiagnosticSeverity.Error,
      code: p.code,
      source: DIAGNOSTIC_SOURCE,
      message: p.message,
    };
    const edits = (p.fix?.edits ?? []).filter((e) => e.range.file === file).map((e) => ({ range: toRange(e.range), newText: e.newText }));
    if (p.fix && edits.length) diagnostic.data = { fix: { title: p.fix.title, edits } } satisfies DiagnosticData;
    return diagnostic;
  }

  /** Problem counts by severity, for the status item. */
  counts(problems: readonly Problem[]): Record<Severity, number> {
    const c: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
    for (const p of problems) c[p.severity]++;
    return c;
  }
}
