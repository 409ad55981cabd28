/**
 * Wires the server, as yaml-language-server does: capabilities and the engine's start at `initialize`, then one
 * handler per concern (handlers/: settings, documents, validation, language features) over the shared state
 * (serverState.ts), with the features behind the language service. `server.ts` only makes the transport; tests
 * construct a ServerInit on any connection.
 */
import { CodeActionKind, TextDocumentSyncKind, type Connection, type InitializeParams, type InitializeResult } from 'vscode-languageserver';
import { initPyparse } from '../../runtime/src/pyparse';
import { DocumentStore } from './documents';
import { DocumentHandlers } from './handlers/documentHandlers';
import { LanguageHandlers } from './handlers/languageHandlers';
import { SettingsHandler } from './handlers/settingsHandlers';
import { ValidationHandler } from './handlers/validationHandlers';
import { LanguageService } from './languageService';
import { BigVisionMethod, type CheckRunParams } from './protocol';
import { AnalysisService, DEFAULT_DEBOUNCE_MS, SLOW_MS } from './services/analysis';
import { COMPLETION_TRIGGERS } from './services/completion';
import { DiagnosticsBoard } from './services/diagnosticsBoard';
import { checkRun } from './services/runCheck';
import { engineReady, routeConsole, serverStarted, SERVER_INFO } from './serverLog';
import { ServerState } from './serverState';
import { parseSettings, SETTINGS_SECTION } from './settings';

export interface ServerOptions {
  /** Debounce of analyses after an edit (ms). */
  debounceMs?: number;
}

export class ServerInit {
  private readonly state = new ServerState();
  private readonly analysis: AnalysisService;
  private readonly languageService: LanguageService;
  private readonly validation: ValidationHandler;
  private readonly settings: SettingsHandler;
  private readonly documentHandlers: DocumentHandlers;

  constructor(private readonly connection: Connection, options: ServerOptions = {}) {
    const board = new DiagnosticsBoard((p) => void this.connection.sendDiagnostics(p));
    const engine = () => this.state.getEngine();
    this.analysis = new AnalysisService(engine, {
      published: (a, stats) => this.validation.published(a, stats),
      failed: (uri, err) => {
        console.error(`analysis of ${uri} failed: ${(err as Error).stack ?? String(err)}`);
        this.validation.status({ health: 'error', message: `analysis failed: ${(err as Error).message}`, uri });
      },
      slow: (uri) => {
        const name = uri.split('/').pop();
        this.validation.status({ health: 'busy', message: `${name}: evaluating for over ${SLOW_MS} ms (an endless loop?); stops after ${this.state.settings.evaluationTimeoutMs} ms`, uri });
      },
    }, options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
    this.languageService = new LanguageService(this.analysis, engine);
    this.validation = new ValidationHandler(connection, this.state, () => this.analysis, this.languageService, board);
    this.settings = new SettingsHandler(connection, this.state, (settings) => {
      this.state.documents?.setGlobs(settings.configGlobs);
      this.languageService.configure(settings);
      // Settings change what a config means (checkout, data dir): analyse the open configs again.
      for (const doc of this.state.documents?.all() ?? []) this.validation.onEdited(doc);
    });
    this.documentHandlers = new DocumentHandlers(connection, this.state, this.analysis, this.languageService, this.validation, board);
  }

  /** Registers every handler and starts listening. */
  start(): void {
    const c = this.connection;
    routeConsole(c.console); // services log their own failures with console.error
    c.onInitialize((p) => this.initialize(p));
    c.onInitialized(() => void this.initialized());
    this.settings.register();
    this.documentHandlers.register();
    c.onRequest(BigVisionMethod.checkRun, (p: CheckRunParams) =>
      checkRun(p, { engine: () => this.state.getEngine(), text: (uri) => this.state.documents?.get(uri)?.text, tfdsDataDir: () => this.state.settings.tfdsDataDir }),
    );
    c.onShutdown(() => this.state.disposeEngine());
    c.listen();
  }

  private async initialize(params: InitializeParams): Promise<InitializeResult> {
    this.state.pullConfiguration = params.capabilities.workspace?.configuration === true;
    this.state.refreshInlayHints = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
    const fromOptions = (params.initializationOptions as Record<string, unknown> | undefined)?.[SETTINGS_SECTION] ?? params.initializationOptions;
    this.state.settings = parseSettings(fromOptions);
    this.connection.console.info(serverStarted());
    // Start pyodide now: it loads while the client opens its first document.
    const engine = this.state.getEngine();
    void engine.start().then(
      (ms) => {
        this.state.engineReady = true;
        this.connection.console.info(engineReady(engine.versions, ms));
        this.validation.status({ health: 'ok', message: `ready (Python loaded in ${Math.round(ms)} ms)` });
      },
      (err: unknown) => {
        this.connection.console.error(`the config engine failed to start: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
        this.validation.status({ health: 'error', message: `the config engine failed to start: ${String(err)}` });
      },
    );
    await initPyparse();
    this.state.documents = new DocumentStore();
    this.settings.apply(this.state.settings, true);
    new LanguageHandlers(this.connection, this.state.documents, this.languageService, this.analysis).register();
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
    if (!this.state.engineReady) this.validation.status({ health: 'starting', message: 'loading Python (pyodide)' });
    await this.settings.registerForPull();
  }
}
