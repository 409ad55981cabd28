/**
 * Quick fixes: each big-vision diagnostic with a fix (a "did you mean" suggestion, a rename of a duration key...)
 * becomes a `quickfix` code action. The fix rides in the diagnostic's `data`; when a client drops `data`, the fix
 * is looked up in the last analysis by code and range.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type Range } from 'vscode-languageserver';
import type { ConfigDocument } from '../documents';
import type { Analysis } from './analysis';
import { DIAGNOSTIC_SOURCE, type DiagnosticData, ValidationService } from './validation';

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

export class CodeActionService {
  private readonly validation = new ValidationService();

  doCodeActions(doc: ConfigDocument, params: CodeActionParams, latest: Analysis | undefined): CodeAction[] {
    try {
      if (params.context.only && !params.context.only.some((k) => CodeActionKind.QuickFix.startsWith(k))) return [];
      const actions: CodeAction[] = [];
      for (const diagnostic of params.context.diagnostics) {
        if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
        const fix = (diagnostic.data as DiagnosticData | undefined)?.fix ?? this.fixFromAnalysis(doc, diagnostic, latest);
        if (!fix) continue;
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: true,
          edit: { changes: { [doc.uri]: fix.edits.map((e) => ({ range: e.range, newText: e.newText })) } },
        });
      }
      return actions;
    } catch (err) {
      console.error(`code actions for ${doc.file} failed: ${(err as Error).stack ?? String(err)}`);
      return [];
    }
  }

  /** Finds the fix of a diagnostic whose `data` the client did not send back (only for the analysed version). */
  private fixFromAnalysis(doc: ConfigDocument, diagnostic: Diagnostic, latest: Analysis | undefined): DiagnosticData['fix'] {
    if (!latest || latest.version !== doc.version) return undefined;
    const match = this.validation
      .toDiagnostics(doc.file, latest.problems).own
      .find((d) => d.code === diagnostic.code && sameRange(d.range, diagnostic.range));
    return (match?.data as DiagnosticData | undefined)?.fix;
  }
}

