/**
 * The extension's context (after rust-analyzer's `ctx.ts`): owns the language client, the output channel that
 * holds the server's log, and the status item. It starts the bundled server (`dist/server/server.js`, the
 * module `bv lsp --stdio` loads) over stdio for Python documents; the server itself decides which of them are
 * big_vision configs, so other Python servers keep working beside it.
 */
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { BigVisionMethod, type CheckRunParams, type CheckRunResult, type StatusParams } from '../../server/src/protocol';
import { SETTINGS_SECTION, type BigVisionSettings } from '../../server/src/settings';
import type { CommandCtx } from './commands';
import type { TreeBridge } from './runs/lazyTree';
import { RunsFeature } from './runs/runsFeature';
import type { RunsNode } from './runs/runsView';
import { StatusModel, StatusView, statusFromNotification, type Status } from './status';

/** The client id: VS Code reads `bigVision.trace.server` for it. */
const CLIENT_ID = 'bigVision';
const CLIENT_NAME = 'Big Vision Language Server';

/** The settings the server reads, sent at start (`initializationOptions`) for servers that do not ask for them. */
function settingsSnapshot(): Record<keyof BigVisionSettings, unknown> {
  const cfg = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  return {
    configGlobs: cfg.get('configGlobs'),
    tfdsDataDir: cfg.get('tfdsDataDir'),
    checkout: cfg.get('checkout'),
    evaluationTimeoutMs: cfg.get('evaluationTimeoutMs'),
    trace: { server: cfg.get('trace.server') },
  };
}

export class Ctx implements CommandCtx {
  readonly output: vscode.LogOutputChannel;
  readonly status: StatusView;
  /** Runs: the Runs view, the launcher and the run commands. */
  readonly runs: RunsFeature;
  private readonly model = new StatusModel();
  private client?: LanguageClient;
  /** Set while we stop the client ourselves, so that the stop is not shown as a failure. */
  private stopping = false;

  constructor(private readonly extension: vscode.ExtensionContext, tree: vscode.TreeView<RunsNode>, bridge: TreeBridge<RunsNode>) {
    this.output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
    const item = vscode.window.createStatusBarItem('bigVision.status', vscode.StatusBarAlignment.Right, 100);
    this.status = new StatusView(item, (id) => new vscode.ThemeColor(id));
    extension.subscriptions.push(
      this.output,
      this.status,
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        this.model.setActive(editor?.document.uri.toString());
        this.status.setStatus(this.model.current());
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.model.forget(doc.uri.toString())),
    );
    this.model.setActive(vscode.window.activeTextEditor?.document.uri.toString());
    this.runs = new RunsFeature(extension, tree, bridge, (p) => this.checkRun(p));
    extension.subscriptions.push(this.runs);
  }

  /** The pre-run check through the server; undefined when the server is not running. */
  async checkRun(params: CheckRunParams): Promise<CheckRunResult | undefined> {
    const client = this.client;
    if (!client || client.state !== State.Running) return undefined;
    return client.sendRequest<CheckRunResult>(BigVisionMethod.checkRun, params);
  }

  checkConfig(arg?: unknown): Promise<void> {
    return this.runs.checkConfig(arg);
  }

  /** Records a status of the server itself and shows what the item should show now. */
  private setServerStatus(status: Status): void {
    this.model.setServer(status);
    this.status.setStatus(this.model.current());
  }

  get running(): boolean {
    return this.client?.state === State.Running;
  }

  /** Starts a fresh client and server; rejects (status `error`) when the server does not come up. */
  async start(): Promise<void> {
    const client = this.createClient();
    this.client = client;
    this.setServerStatus({ health: 'starting', message: 'Starting the language server' });
    try {
      await client.start();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.setServerStatus({ health: 'error', message: `The server did not start: ${message}` });
      throw new Error(`Big Vision language server (${this.serverModule()}) did not start: ${message}`, { cause: err });
    }
  }

  /** Stops the server; the status item says so. */
  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    this.stopping = true;
    try {
      // dispose() stops a running server and releases the client's listeners; a client that never started
      // rejects here, which is no reason to keep the old one around.
      await client.dispose().catch((err: unknown) => this.output.warn(`stopping the server: ${String(err)}`));
    } finally {
      this.stopping = false;
    }
    this.setServerStatus({ health: 'stopped', message: 'The language server is stopped' });
  }

  async restartServer(): Promise<void> {
    this.output.info('restarting the language server');
    await this.stop();
    await this.start();
  }

  showOutput(): void {
    this.output.show(true);
  }

  showError(message: string): void {
    void vscode.window.showErrorMessage(message, 'Show Log').then((choice) => {
      if (choice) this.showOutput();
    });
  }

  private serverModule(): string {
    return this.extension.asAbsolutePath('dist/server/server.js');
  }

  private createClient(): LanguageClient {
    const module = this.serverModule();
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.stdio },
      // `--inspect` lets a developer attach a debugger to the server started by an Extension Development Host.
      debug: { module, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'python' },
        { scheme: 'untitled', language: 'python' },
      ],
      outputChannel: this.output,
      initializationOptions: settingsSnapshot(),
      synchronize: { configurationSection: SETTINGS_SECTION },
    };
    const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
    client.onNotification(BigVisionMethod.status, (params: StatusParams) => {
      if (this.client !== client) return;
      if (params.uri === undefined) this.model.setServer(statusFromNotification(params));
      else this.model.setDocument(params.uri, statusFromNotification(params));
      this.status.setStatus(this.model.current());
    });
    client.onDidChangeState(({ newState }) => {
      if (this.client !== client) return;
      if (newState === State.Starting) this.setServerStatus({ health: 'starting', message: 'Starting the language server' });
      // Running comes with the initialize result, before the server's own notifications (it says `starting`
      // again while Python loads, then `ok`), which then take over.
      else if (newState === State.Running) this.setServerStatus({ health: 'ready' });
      else if (newState === State.Stopped && !this.stopping) {
        this.setServerStatus({ health: 'error', message: 'The language server stopped; see its log' });
      }
    });
    return client;
  }
}
