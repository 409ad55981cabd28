/**
 * LSP request handlers: each fetches the served document, returns empty when there is none (a Python file that
 * is not a config, or one another server owns), and delegates to the language service.
 */
import type { Connection } from 'vscode-languageserver';
import type { DocumentStore } from '../documents';
import type { LanguageService } from '../languageService';
import { BigVisionMethod, type AnalysisStatsParams } from '../protocol';
import type { AnalysisService } from '../services/analysis';
import type { SweepLensData } from '../services/codeLens';

export class LanguageHandlers {
  constructor(
    private readonly connection: Connection,
    private readonly documents: DocumentStore,
    private readonly languageService: LanguageService,
    private readonly analysis: AnalysisService,
  ) {}

  register(): void {
    const c = this.connection;
    c.onCompletion((p) => {
      const doc = this.documents.served(p.textDocument.uri);
      return doc ? this.languageService.doComplete(doc, p.position) : null;
    });
    c.onHover((p) => {
      const doc = this.documents.served(p.textDocument.uri);
      return doc ? this.languageService.doHover(doc, p.position) : null;
    });
    c.onDefinition((p) => {
      const doc = this.documents.served(p.textDocument.uri);
      return doc ? this.languageService.doDefinition(doc, p.position) : null;
    });
    c.onDocumentSymbol((p, token) => {
      const doc = this.documents.served(p.textDocument.uri);
      return doc ? this.languageService.doDocumentSymbols(doc, token) : [];
    });
    c.onCodeAction((p) => {
      const doc = this.documents.served(p.textDocument.uri);
      return doc ? this.languageService.doCodeActions(doc, p) : [];
    });
    c.onCodeLens((p) => {
      const doc = this.documents.served(p.textDocument.uri);
      return doc ? this.languageService.doCodeLens(doc) : [];
    });
    c.onCodeLensResolve((lens, token) => {
      const data = lens.data as SweepLensData | undefined;
      return this.languageService.resolveCodeLens(data ? this.documents.served(data.uri) : undefined, lens, token);
    });
    c.languages.inlayHint.on((p) => {
      const doc = this.documents.served(p.textDocument.uri);
      return doc ? this.languageService.doInlayHints(doc, p.range) : [];
    });
    c.onRequest(BigVisionMethod.analysisStats, (p: AnalysisStatsParams) => this.analysis.stats(p.uri) ?? null);
  }
}
