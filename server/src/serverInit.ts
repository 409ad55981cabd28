/**
 * Wires the server: capabilities, settings, the document store, analysis scheduling with the config engine,
 * diagnostics publishing, the status notification and the language handlers. `server.ts` only makes the
 * transport; tests construct a ServerInit on any connection.
 */
import {
  CodeActionKind, DidChangeConfigurationNotification, TextDocumentSyncKind, type Connection, type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { ConfigEngine } from '../../runtime/src/config';
import { initPyparse } from '../../runtime/src/pyparse';
import { DocumentStore, type ConfigDocument } from './documents';
import { LanguageHandlers } from './handlers/languageHandlers';
import { LanguageService } from './languageService';
import { BigVisionMethod, type AnalysisStats, type CheckRunParams, type StatusParams } from './protocol';
import { checkRun } from './services/runCheck';
import { AnalysisService, DEFAULT_DEBOUNCE_MS, SLOW_MS, type Analysis } from './services/analysis';
import { COMPLETION_TRIGGERS } from './services/completion';
import { DiagnosticsBoard } from './services/diagnosticsBoard';
import { defaultSettings, parseSettings, SETTINGS_SECTION, type BigVisionSettings } from './settings';
import { analysisTimed, checkoutOf, checkoutSetting, dataDirFacts, engineReady, routeConsole, serverStarted, SERVER_INFO } from './serverLog';

export interface ServerOptions {
  /** Debounce of analyses after an edit (ms). */
  debounceMs?: number;
}

export class ServerInit {
  private settings: BigVisionSettings = defaultSettings();
  private engine?: ConfigEngine;
  private documents?: DocumentStore;
  private readonly analysis: AnalysisService;
  private readonly languageService: LanguageService;
  private pullConfiguration = false;
  private lastStatus = '';
  private engineReady = false;
  private refreshInlayHints = false;
  private readonly board: DiagnosticsBoard;

  constructor(private readonly connection: Connection, options: ServerOptions = {}) {
    this.board = new DiagnosticsBoard((p) => void this.connection.sendDiagnostics(p));
    this.analysis = new AnalysisService(() => this.getEngine(), {
      published: (a, stats) => this.publish(a, stats),
      failed: (uri, err) => {
        console.error(`analysis of ${uri} failed: ${(err as Error).stack ?? String(err)}`);
        this.status({ health: 'error', message: `analysis failed: ${(err as Error).message}`, uri });
      },
      slow: (uri) => {
        const name = uri.split('/').pop();
        this.status({ health: 'busy', message: `${name}: evaluating for over ${SLOW_MS} ms (an endless loop?); stops after ${this.settings.evaluationTimeoutMs} ms`, uri });
      },
    }, options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
    this.languageService = new LanguageService(this.analysis, () => this.getEngine());
  }

  /** Registers every handler and starts listening. */
  start(): void {
    const c = this.connection;
    routeConsole(c.console); // services log their own failures with console.error
    c.onInitialize((p) => this.initialize(p));
    c.onInitialized(() => void this.initialized());
    c.onDidChangeConfiguration((p) => {
      if (this.pullConfiguration) void this.pullSettings();
      else this.applySettings(parseSettings((p.settings as Record<string, unknown> | undefined)?.[SETTINGS_SECTION]));
    });
    c.onDidOpenTextDocument((p) => {
      const d = p.textDocument;
      const doc = this.store().open(d.uri, d.languageId, d.version, d.text);
      if (this.store().isServed(doc)) {
        c.console.info(checkoutOf(doc.file, this.settings.checkout));
        this.analysis.schedule(doc, true);
      }
      // Configs whose problems lie in this file (a helper module) now show them here rather than at their calls.
      this.placeAgain(doc.file);
    });
    c.onDidChangeTextDocument((p) => {
      const doc = this.store().get(p.textDocument.uri);
      if (!doc) return;
      doc.apply(p.contentChanges, p.textDocument.version);
      this.onEdited(doc);
    });
    c.onDidCloseTextDocument((p) => {
      const uri = p.textDocument.uri;
      const sources = this.board.sourcesOf(uri);
      this.store().close(uri);
      this.analysis.forget(uri);
      this.languageService.forget(uri);
      this.board.close(uri);
      // What configs placed in the closed file goes back to their calls of it.
      for (const source of sources) {
        const a = this.analysis.latest(source);
        if (a) this.placeDiagnostics(a);
      }
    });
    c.onRequest(BigVisionMethod.checkRun, (p: CheckRunParams) =>
      checkRun(p, { engine: () => this.getEngine(), text: (uri) => this.documents?.get(uri)?.text, tfdsDataDir: () => this.settings.tfdsDataDir }),
    );
    c.onShutdown(async () => {
      await this.engine?.dispose();
      this.engine = undefined;
    });
    c.listen();
  }

  private store(): DocumentStore {
    if (!this.documents) throw new Error('the client sent a document before `initialize` finished');
    return this.documents;
  }

  private async initialize(params: InitializeParams): Promise<InitializeResult> {
    this.pullConfiguration = params.capabilities.workspace?.configuration === true;
    this.refreshInlayHints = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
    const fromOptions = (params.initializationOptions as Record<string, unknown> | undefined)?.[SETTINGS_SECTION] ?? params.initializationOptions;
    this.settings = parseSettings(fromOptions);
    this.connection.console.info(serverStarted());
    // Start pyodide now: it loads while the client opens its first document.
    const engine = this.getEngine();
    void engine.start().then(
      (ms) => {
        this.engineReady = true;
        this.connection.console.info(engineReady(engine.versions, ms));
        this.status({ health: 'ok', message: `ready (Python loaded in ${Math.round(ms)} ms)` });
      },
      (err: unknown) => {
        this.connection.console.error(`the config engine failed to start: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
        this.status({ health: 'error', message: `the config engine failed to start: ${String(err)}` });
      },
    );
    await initPyparse();
    this.documents = new DocumentStore();
    this.applySettings(this.settings, true);
    new LanguageHandlers(this.connection, this.documents, this.languageService, this.analysis).register();
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: COMPLETION_TRIGGERS, resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        documentSymbolProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        inlayHintProvider: true,
        codeLensProvider: { resolveProvider: true },
      },
      serverInfo: SERVER_INFO,
    };
  }

  private async initialized(): Promise<void> {
    if (!this.engineReady) this.status({ health: 'starting', message: 'loading Python (pyodide)' });
    if (!this.pullConfiguration) return;
    await this.connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch(() => undefined);
    await this.pullSettings();
  }

  private async pullSettings(): Promise<void> {
    try {
      this.applySettings(parseSettings(await this.connection.workspace.getConfiguration({ section: SETTINGS_SECTION })));
    } catch (err) {
      console.error(`reading the ${SETTINGS_SECTION} settings failed: ${String(err)}`);
    }
  }

  private applySettings(settings: BigVisionSettings, initial = false): void {
    if (!initial && JSON.stringify(settings) === JSON.stringify(this.settings)) return;
    const engineChanged = settings.checkout !== this.settings.checkout;
    if (initial || settings.tfdsDataDir !== this.settings.tfdsDataDir) this.connection.console.info(dataDirFacts(settings.tfdsDataDir));
    if (initial || engineChanged) this.connection.console.info(checkoutSetting(settings.checkout));
    this.settings = settings;
    if (engineChanged && this.engine) {
      void this.engine.dispose();
      this.engine = undefined;
    }
    this.documents?.setGlobs(settings.configGlobs);
    this.languageService.configure(settings);
    // Settings change what a config means (checkout, data dir): analyse the open configs again.
    for (const doc of this.documents?.all() ?? []) this.onEdited(doc);
  }

  private getEngine(): ConfigEngine {
    this.engine ??= new ConfigEngine({ timeoutMs: this.settings.evaluationTimeoutMs, checkout: this.settings.checkout || undefined });
    return this.engine;
  }

  private onEdited(doc: ConfigDocument): void {
    if (this.store().isServed(doc)) this.analysis.schedule(doc);
    else if (this.analysis.latest(doc.uri) || this.analysis.stats(doc.uri)) {
      // It stopped being a config (get_config removed): withdraw our diagnostics.
      this.analysis.forget(doc.uri);
      this.board.withdraw(doc.uri);
    }
  }

  /** Sends the diagnostics of an analysis of the current version: its own, and those in open helper modules. */
  private placeDiagnostics(a: Analysis): boolean {
    const doc = this.documents?.get(a.uri);
    if (!doc || doc.version !== a.version) return false;
    const openUri = (file: string): string | undefined => this.documents?.byFile(file)?.uri;
    const placed = this.languageService.doValidation(doc, a.problems, openUri);
    this.board.publish(a.uri, a.version, placed.own, placed.others);
    return true;
  }

  /** Places again the last analyses that have problems in `file` (it was opened or closed). */
  private placeAgain(file: string): void {
    for (const doc of this.documents?.all() ?? []) {
      const a = this.analysis.latest(doc.uri);
      if (a && a.file !== file && a.problems.some((p) => p.range.file === file)) this.placeDiagnostics(a);
    }
  }

  private publish(a: Analysis, stats: AnalysisStats): void {
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
    if (this.refreshInlayHints && a.result.ok) void this.connection.languages.inlayHint.refresh().catch(() => undefined);
  }

  private status(params: StatusParams): void {
    // The message carries a timing that changes on every keystroke; only health/count changes are news.
    const key = JSON.stringify([params.health, params.uri, params.counts, params.uri ? '' : params.message]);
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    void this.connection.sendNotification(BigVisionMethod.status, params);
  }
}
