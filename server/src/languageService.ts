/**
 * The language features behind one facade (like yaml-language-server's `getLanguageService`): each feature is a
 * service with `configure()` and `doX()`; the facade hands them the document, the last good evaluation and the
 * settings. Services never see the connection.
 */
import type {
  CancellationToken, CodeAction, CodeActionParams, CodeLens, CompletionList, Disposable, DocumentSymbol, Hover, InlayHint,
  Location, Position, Range,
} from 'vscode-languageserver';
import type { ConfigEngine } from '../../runtime/src/config';
import type { ConfigDocument } from './documents';
import type { AnalysisService } from './services/analysis';
import { CodeActionService } from './services/codeActions';
import { CodeLensService } from './services/codeLens';
import { CompletionService } from './services/completion';
import { DatasetCatalog } from './services/datasets';
import { DefinitionService } from './services/definition';
import { HoverService } from './services/hover';
import { InlayHintService } from './services/inlayHints';
import { SymbolService } from './services/symbols';
import type { Problem } from '../../runtime/src/check';
import { ValidationService, type PlacedDiagnostics } from './services/validation';
import { defaultSettings, type BigVisionSettings } from './settings';

export class LanguageService {
  private settings: BigVisionSettings = defaultSettings();
  private readonly datasets = new DatasetCatalog(this.settings.tfdsDataDir);
  private readonly completion = new CompletionService(this.datasets);
  private readonly hover = new HoverService(this.datasets);
  private readonly inlayHints = new InlayHintService();
  private readonly symbols = new SymbolService();
  private readonly definition = new DefinitionService();
  private readonly codeActions = new CodeActionService();
  private readonly validation = new ValidationService();
  private readonly codeLens: CodeLensService;

  constructor(private readonly analysis: AnalysisService, engine: () => ConfigEngine) {
    this.codeLens = new CodeLensService(engine);
  }

  configure(settings: BigVisionSettings): void {
    this.settings = settings;
    this.datasets.configure(settings.tfdsDataDir);
    this.definition.configure(settings.checkout);
    this.analysis.configure(settings);
    this.codeLens.configure(settings.evaluationTimeoutMs);
  }

  /** The last good evaluation: completion and hover never wait for the one in flight. */
  private evaluated(doc: ConfigDocument) {
    return this.analysis.lastGood(doc.uri)?.result;
  }

  doComplete(doc: ConfigDocument, position: Position): CompletionList {
    return this.completion.doComplete(doc, position, this.evaluated(doc));
  }

  doHover(doc: ConfigDocument, position: Position): Hover | null {
    return this.hover.doHover(doc, position, this.evaluated(doc));
  }

  doInlayHints(doc: ConfigDocument, range: Range): InlayHint[] {
    return this.inlayHints.doInlayHints(doc, range, this.analysis.lastGood(doc.uri), this.settings.tfdsDataDir);
  }

  /**
   * Symbols of the version being evaluated: unlike completion and hover, the outline asks once when a file opens
   * (and again only after an edit), so an answer before the first evaluation would stay empty. Waits at most for
   * the engine's time limit, or until the request is cancelled.
   */
  async doDocumentSymbols(doc: ConfigDocument, token?: CancellationToken): Promise<DocumentSymbol[]> {
    let cancelled: Disposable | undefined;
    await Promise.race([this.analysis.whenIdle(doc.uri), new Promise<void>((resolve) => (cancelled = token?.onCancellationRequested(() => resolve())))]);
    cancelled?.dispose();
    if (token?.isCancellationRequested) return [];
    return this.symbols.doDocumentSymbols(doc, this.analysis.lastGood(doc.uri));
  }

  doDefinition(doc: ConfigDocument, position: Position): Location | null {
    return this.definition.doDefinition(doc, position, this.evaluated(doc)?.config);
  }

  doCodeActions(doc: ConfigDocument, params: CodeActionParams): CodeAction[] {
    return this.codeActions.doCodeActions(doc, params, this.analysis.latest(doc.uri));
  }

  doCodeLens(doc: ConfigDocument): CodeLens[] {
    return this.codeLens.doCodeLens(doc);
  }

  /** `doc`: the served document the lens belongs to, undefined when it closed or stopped being a config. */
  resolveCodeLens(doc: ConfigDocument | undefined, lens: CodeLens, token?: CancellationToken): Promise<CodeLens> {
    return this.codeLens.resolveCodeLens(doc, lens, token);
  }

  /** Drops what the services keep for a closed document. */
  forget(uri: string): void {
    this.codeLens.forget(uri);
  }

  /**
   * Diagnostics of an analysis of `doc`'s current version: its own, and those for other open documents (helper
   * modules, by URI; `openUri` finds the open document of a file).
   */
  doValidation(doc: ConfigDocument, problems: readonly Problem[], openUri?: (file: string) => string | undefined): PlacedDiagnostics {
    return this.validation.toDiagnostics(doc.file, problems, openUri);
  }

  problemCounts(problems: readonly Problem[]) {
    return this.validation.counts(problems);
  }
}
