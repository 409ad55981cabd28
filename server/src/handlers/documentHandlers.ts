/**
 * Text document sync: opened, edited and closed documents go to the store, and each event to validation
 * (analyse, place or withdraw diagnostics). Helper modules matter too: opening one shows the problems configs
 * found in it; closing it sends them back to the configs' calls of it.
 */
import type { Connection } from 'vscode-languageserver';
import type { LanguageService } from '../languageService';
import type { AnalysisService } from '../services/analysis';
import type { DiagnosticsBoard } from '../services/diagnosticsBoard';
import type { ServerState } from '../serverState';
import { checkoutOf } from '../serverLog';
import type { ValidationHandler } from './validationHandlers';

export class DocumentHandlers {
  constructor(
    private readonly connection: Connection,
    private readonly state: ServerState,
    private readonly analysis: AnalysisService,
    private readonly languageService: LanguageService,
    private readonly validation: ValidationHandler,
    private readonly board: DiagnosticsBoard,
  ) {}

  register(): void {
    const c = this.connection;
    c.onDidOpenTextDocument((p) => {
      const d = p.textDocument;
      const store = this.state.store();
      const doc = store.open(d.uri, d.languageId, d.version, d.text);
      if (store.isServed(doc)) {
        c.console.info(checkoutOf(doc.file, this.state.settings.checkout));
        this.analysis.schedule(doc, true);
      }
      // Configs whose problems lie in this file (a helper module) now show them here rather than at their calls.
      this.validation.placeAgain(doc.file);
    });
    c.onDidChangeTextDocument((p) => {
      const doc = this.state.store().get(p.textDocument.uri);
      if (!doc) return;
      doc.apply(p.contentChanges, p.textDocument.version);
      this.validation.onEdited(doc);
    });
    c.onDidCloseTextDocument((p) => {
      const uri = p.textDocument.uri;
      const sources = this.board.sourcesOf(uri);
      this.state.store().close(uri);
      this.analysis.forget(uri);
      this.languageService.forget(uri);
      this.board.close(uri);
      // What configs placed in the closed file goes back to their calls of it.
      for (const source of sources) {
        const a = this.analysis.latest(source);
        if (a) this.validation.placeDiagnostics(a);
      }
    });
  }
}
