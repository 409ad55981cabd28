/**
 * The metrics panel in VS Code: a webview showing the live charts of one or more runs (the UI is the
 * bundle dist/webview/metrics.js, the logic `metrics/metricsHost.ts`). Opening the same set of runs again
 * reveals the open panel. After a window reload the serializer reopens panels from the state the UI saved
 * (runs, options, zoom), so the panel needs no `retainContextWhenHidden`: a hidden panel's page is dropped and
 * rebuilt from the host when shown again.
 *
 * Importing this module does nothing by itself (the extension requires it on first use).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FromWebview, PanelRun } from './contract';
import { makeNonce, panelHtml } from './html';
import { MetricsHost } from './metrics/metricsHost';
import { readPersistedState } from './metrics/persisted';

export type { PanelRun } from './contract';

/** The webview type (what the serializer is registered for). */
export const METRICS_VIEW_TYPE = 'bigVision.metrics';
/** Workspace-state key of the colour each run got. */
const COLORS_KEY = 'bigVision.metrics.colors';

/** The built UI's folder: the only one the webview may load from. */
function uiRoot(extension: vscode.ExtensionContext): vscode.Uri {
  return vscode.Uri.joinPath(extension.extensionUri, 'dist', 'webview');
}

/** The built UI's script and stylesheet, read once (the page inlines them: see html.ts). */
let uiText: { script: string; style: string } | undefined;
function uiFiles(extension: vscode.ExtensionContext): { script: string; style: string } {
  const root = uiRoot(extension);
  uiText ??= {
    script: fs.readFileSync(vscode.Uri.joinPath(root, 'metrics.js').fsPath, 'utf8'),
    style: fs.readFileSync(vscode.Uri.joinPath(root, 'metrics.css').fsPath, 'utf8'),
  };
  return uiText;
}

function webviewOptions(extension: vscode.ExtensionContext): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [uiRoot(extension)] };
}

function panelKey(runs: readonly PanelRun[]): string {
  return [...new Set(runs.map((r) => path.resolve(r.workdir)))].sort().join('\n');
}

function panelTitle(runs: readonly PanelRun[]): string {
  return runs.length === 1 ? `Metrics: ${runs[0].label}` : `Metrics: ${runs.length} runs`;
}

export class MetricsPanel {
  private static readonly open = new Map<string, MetricsPanel>();
  private readonly host: MetricsHost;

  private constructor(
    extension: vscode.ExtensionContext,
    readonly panel: vscode.WebviewPanel,
    runs: readonly PanelRun[],
    private readonly key: string,
  ) {
    MetricsPanel.open.set(key, this);
    const webview = panel.webview;
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      ...uiFiles(extension),
      nonce: makeNonce(),
      title: panelTitle(runs),
    });
    this.host = new MetricsHost(runs, {
      post: (msg) => void webview.postMessage(msg),
      askSavePath: async (name) => {
        const uri = await vscode.window.showSaveDialog({
          defaultUri: vscode.Uri.file(path.join(runs[0].workdir, name)),
          filters: { CSV: ['csv'] },
          title: 'Export the charted metrics as CSV',
        });
        return uri?.fsPath;
      },
      notify: (kind, message) => void (kind === 'error' ? vscode.window.showErrorMessage(message) : vscode.window.showInformationMessage(message)),
      colors: {
        load: () => extension.workspaceState.get<Record<string, number>>(COLORS_KEY, {}),
        save: (colors) => void extension.workspaceState.update(COLORS_KEY, colors),
      },
    });
    panel.onDidDispose(() => {
      this.host.dispose();
      if (MetricsPanel.open.get(this.key) === this) MetricsPanel.open.delete(this.key);
    });
    webview.onDidReceiveMessage((msg: FromWebview) => this.host.receive(msg));
    // A hidden panel's page is gone: post nothing until the page comes back and says `ready`.
    panel.onDidChangeViewState(() => {
      if (!panel.visible) this.host.detach();
    });
  }

  /** Shows the charts of `runs`: reveals the panel already showing exactly these runs, else opens one. */
  static show(extension: vscode.ExtensionContext, runs: PanelRun[]): MetricsPanel {
    if (!runs.length) throw new Error('MetricsPanel.show needs at least one run');
    const key = panelKey(runs);
    const existing = MetricsPanel.open.get(key);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(METRICS_VIEW_TYPE, panelTitle(runs), vscode.ViewColumn.Active, webviewOptions(extension));
    return new MetricsPanel(extension, panel, runs, key);
  }

  /** Reopens the panels that were open before a window reload, from the state their UI saved. */
  static registerSerializer(extension: vscode.ExtensionContext): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(METRICS_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
        const { runs } = readPersistedState(state);
        if (!runs.length) {
          // Nothing says what it showed (saved by another version, or never mounted): nothing to restore.
          panel.dispose();
          return;
        }
        panel.webview.options = webviewOptions(extension);
        const key = panelKey(runs);
        const twin = MetricsPanel.open.get(key);
        if (twin) {
          panel.dispose();
          twin.panel.reveal();
          return;
        }
        new MetricsPanel(extension, panel, runs, key);
      },
    });
  }
}
