/**
 * Validation: schedules analyses of edited configs, places each analysis's problems (in the config, or in the
 * open helper modules they lie in) and publishes them, withdraws them from files that stopped being configs,
 * and sends the `bigVision/status` notification (only when health or counts change).
 */
import type { Connection } from 'vscode-languageserver';
import type { ConfigDocument } from '../documents';
import type { LanguageService } from '../languageService';
import { BigVisionMethod, type AnalysisStats, type StatusParams } from '../protocol';
import type { Analysis, AnalysisService } from '../services/analysis';
import type { DiagnosticsBoard } from '../services/diagnosticsBoard';
import type { ServerState } from '../serverState';
import { analysisTimed } from '../serverLog';

export class ValidationHandler {
  private lastStatus = '';

  constructor(
    private readonly connection: Connection,
    private readonly state: ServerState,
    private readonly analysis: () => AnalysisService,
    private readonly languageService: LanguageService,
    private readonly board: DiagnosticsBoard,
  ) {}

  /** A document's text changed (or what it means did): analyse it again, or withdraw what it no longer earns. */
  onEdited(doc: ConfigDocument): void {
    const analysis = this.analysis();
    if (this.state.store().isServed(doc)) analysis.schedule(doc);
    else if (analysis.latest(doc.uri) || analysis.stats(doc.uri)) {
      // It stopped being a config (get_config removed): withdraw our diagnostics.
      analysis.forget(doc.uri);
      this.board.withdraw(doc.uri);
    }
  }

  /** Sends the diagnostics of an analysis of the current version: its own, and those in open helper modules. */
  placeDiagnostics(a: Analysis): boolean {
    const documents = this.state.documents;
    const doc = documents?.get(a.uri);
    if (!doc || doc.version !== a.version) return false;
    const openUri = (file: string): string | undefined => documents?.byFile(file)?.uri;
    const placed = this.languageService.doValidation(doc, a.problems, openUri);
    this.board.publish(a.uri, a.version, placed.own, placed.others);
    return true;
  }

  /** Places again the last analyses that have problems in `file` (it was opened or closed). */
  placeAgain(file: string): void {
    for (const doc of this.state.documents?.all() ?? []) {
      const a = this.analysis().latest(doc.uri);
      if (a && a.file !== file && a.problems.some((p) => p.range.file === file)) this.placeDiagnostics(a);
    }
  }

  /** A finished analysis: its diagnostics, its status, and fresh inlay hints. */
  published(a: Analysis, stats: AnalysisStats): void {
    if (!this.placeDiagnostics(a)) return;
    const counts = this.languageService.problemCounts(a.problems);
    this.connection.console.debug(analysisTimed(a, stats, counts));
    const name = a.file.split(/[\\/]/).pop();
    const health = !a.result.ok ? 'error' : counts.error ? 'error' : counts.warning ? 'warning' : 'ok';
    const message = a.result.ok
      ? `${name}: ${counts.error} errors, ${counts.warning} warnings (${Math.round(stats.computeMs)} ms)`
      : `${name}: ${a.result.error.type}`;
    this.status({ health, message, uri: a.uri, counts });
    // Hints show evaluated values: ask the client to fetch them again now that a new evaluation is in.
    if (this.state.refreshInlayHints && a.result.ok) void this.connection.languages.inlayHint.refresh().catch(() => undefined);
  }

  status(params: StatusParams): void {
    // The message carries a timing that changes on every keystroke; only health/count changes are news.
    const key = JSON.stringify([params.health, params.uri, params.counts, params.uri ? '' : params.message]);
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    void this.connection.sendNotification(BigVisionMethod.status, params);
  }
}
