/**
 * A small LSP client for tests and benchmarks: spawns the language server as a real process and talks JSON-RPC
 * to it over stdio. Waiting is event-driven (a published diagnostic, a notification), never a sleep.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection, type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver/node';

export const REPO = path.resolve(__dirname, '..', '..');

export interface LspClientOptions {
  /** Run the built bundle (dist/server/server.js) instead of the TypeScript sources. */
  bundle?: boolean;
  /** The `bigVision` settings, sent as initializationOptions and answered to `workspace/configuration`. */
  settings?: Record<string, unknown>;
  /** Extra environment for the server process. */
  env?: Record<string, string>;
  /** Run this server bundle (e.g. a copy of dist/ outside the repository), from its folder. */
  server?: string;
}

type Waiter = { uri: string; test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void };

export function fileUri(file: string): string {
  return pathToFileURL(file).href;
}

export class LspClient {
  readonly connection: MessageConnection;
  /** Latest diagnostics per document. */
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** Versions of every diagnostics publication per document, in order. */
  readonly publishedVersions = new Map<string, number[]>();
  /** Every `bigVision/status` notification, in order. */
  readonly statuses: Record<string, unknown>[] = [];
  private statusWaiters: { test: (p: Record<string, unknown>) => boolean; resolve: (p: Record<string, unknown>) => void }[] = [];
  /** Everything the server wrote to stderr or logged. */
  log = '';
  /** Every `window/logMessage`, in order (`type`: 1 error, 2 warning, 3 info, 4 log, 5 debug). */
  readonly logMessages: { type: number; message: string }[] = [];
  private logWaiters: { test: (m: { type: number; message: string }) => boolean; resolve: (m: { type: number; message: string }) => void }[] = [];
  private waiters: Waiter[] = [];
  private exited: Promise<number | null>;
  private versions = new Map<string, number>();

  private constructor(readonly process: ChildProcess, public settings: Record<string, unknown>) {
    this.connection = createMessageConnection(new StreamMessageReader(process.stdout!), new StreamMessageWriter(process.stdin!));
    process.stderr!.on('data', (d: Buffer) => (this.log += d.toString()));
    this.exited = new Promise((resolve) => process.on('exit', (code) => resolve(code)));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p);
      this.publishedVersions.set(p.uri, [...(this.publishedVersions.get(p.uri) ?? []), p.version ?? 0]);
      const ready = this.waiters.filter((w) => w.uri === p.uri && w.test(p));
      this.waiters = this.waiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(p);
    });
    this.connection.onNotification('bigVision/status', (p: Record<string, unknown>) => {
      this.statuses.push(p);
      const ready = this.statusWaiters.filter((w) => w.test(p));
      this.statusWaiters = this.statusWaiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(p);
    });
    this.connection.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      this.log += `${p.message}\n`;
      this.logMessages.push(p);
      const ready = this.logWaiters.filter((w) => w.test(p));
      this.logWaiters = this.logWaiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(p);
    });
    this.connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map(() => this.settings));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.listen();
  }

  /** Spawns the server and completes the `initialize` handshake. */
  static async start(options: LspClientOptions = {}): Promise<LspClient> {
    const args = options.server
      ? [options.server, '--stdio']
      : options.bundle
        ? [path.join(REPO, 'dist', 'server', 'server.js'), '--stdio']
        : ['--import', 'tsx', path.join(REPO, 'server', 'src', 'server.ts'), '--stdio'];
    const cwd = options.server ? path.dirname(options.server) : REPO;
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new LspClient(child, options.settings ?? {});
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: fileUri(REPO),
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: {
          synchronization: { didSave: false },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } },
          hover: { contentFormat: ['markdown'] },
          publishDiagnostics: { versionSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
          inlayHint: {},
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        },
      },
      initializationOptions: { bigVision: options.settings ?? {} },
    });
    await client.connection.sendNotification('initialized', {});
    return client;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /** Opens a document (version 1) and resolves once its first diagnostics arrive (`wait: false` to skip). */
  async open(uri: string, text: string, wait = true): Promise<PublishDiagnosticsParams | undefined> {
    this.versions.set(uri, 1);
    const published = wait ? this.waitForDiagnostics(uri, 1) : undefined;
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    return published;
  }

  /** Sends one didChange (next version) and returns that version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Resolves with the first diagnostics for `uri` at `version` or later (already received ones count). */
  waitForDiagnostics(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    const test = (p: PublishDiagnosticsParams) => (p.version ?? 0) >= version;
    const have = this.diagnostics.get(uri);
    if (have && test(have)) return Promise.resolve(have);
    return new Promise((resolve) => this.waiters.push({ uri, test, resolve }));
  }

  /** Resolves with the next diagnostics published for `uri` (none received so far count). */
  waitForNextDiagnostics(uri: string): Promise<PublishDiagnosticsParams> {
    const seen = this.publishedVersions.get(uri)?.length ?? 0;
    return new Promise((resolve) => this.waiters.push({ uri, test: () => (this.publishedVersions.get(uri)?.length ?? 0) > seen, resolve }));
  }

  /** Resolves with the first `bigVision/status` (already received ones count) that passes `test`. */
  waitForStatus(test: (p: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    const have = this.statuses.find(test);
    if (have) return Promise.resolve(have);
    return new Promise((resolve) => this.statusWaiters.push({ test, resolve }));
  }

  /** Resolves with the first `window/logMessage` (already received ones count) that passes `test`. */
  waitForLog(test: (m: { type: number; message: string }) => boolean): Promise<{ type: number; message: string }> {
    const have = this.logMessages.find(test);
    if (have) return Promise.resolve(have);
    return new Promise((resolve) => this.logWaiters.push({ test, resolve }));
  }

  /** Asks the server to shut down and exit; resolves with its exit code. */
  async stop(): Promise<number | null> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      this.process.kill();
    }
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }

  /** Whether the server process is still running. */
  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }
}

/** A position (0-based line and UTF-16 character) in `text`. */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Removes the cursor marker `§` from `marked`; returns the text and the cursor's position. */
export function withCursor(marked: string): { text: string; position: { line: number; character: number } } {
  const at = marked.indexOf('§');
  if (at < 0) throw new Error(`no cursor marker § in ${JSON.stringify(marked)}`);
  return { text: marked.slice(0, at) + marked.slice(at + 1), position: positionAt(marked, at) };
}

/** The LSP range of the `nth` occurrence of `needle` in `text` (throws when there is none, naming it). */
export function rangeOf(text: string, needle: string, nth = 0): { start: { line: number; character: number }; end: { line: number; character: number } } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' occurs fewer than ${nth + 1} times in the test document`);
  }
  return { start: positionAt(text, at), end: positionAt(text, at + needle.length) };
}

/** Writes a fake TFDS data dir: `{mnist: {train: 60000, test: 10000}}` → `<root>/mnist/3.0.1/dataset_info.json`. */
export function makeTfdsDir(root: string, datasets: Record<string, Record<string, number>>): string {
  for (const [name, splits] of Object.entries(datasets)) {
    const dir = path.join(root, ...name.split('/'), '3.0.1');
    fs.mkdirSync(dir, { recursive: true });
    const info = { name, version: '3.0.1', splits: Object.entries(splits).map(([s, n]) => ({ name: s, shardLengths: [String(n)] })) };
    fs.writeFileSync(path.join(dir, 'dataset_info.json'), JSON.stringify(info));
  }
  return root;
}
