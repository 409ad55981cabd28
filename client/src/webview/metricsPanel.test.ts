// The panel's VS Code glue with a fake of the few `vscode` APIs it uses: the webview's options and page, one
// panel per set of runs, messages both ways, and the serializer's restore after a reload.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { DEFAULT_OPTIONS, type FromWebview, type ToWebview } from './contract';
import type * as PanelModule from './metricsPanel';

interface FakeUri {
  fsPath: string;
  path: string;
  toString(): string;
}
const uri = (p: string): FakeUri => ({ fsPath: p, path: p, toString: () => `file://${p}` });

class FakePanel {
  revealed = 0;
  disposed = false;
  visible = true;
  posted: ToWebview[] = [];
  private receivers: ((msg: FromWebview) => void)[] = [];
  private disposers: (() => void)[] = [];
  readonly webview = {
    html: '',
    options: {} as vscode.WebviewOptions,
    cspSource: 'https://webview.test',
    asWebviewUri: (u: FakeUri) => ({ toString: () => `https://webview.test${u.path}` }),
    postMessage: async (msg: ToWebview) => {
      this.posted.push(msg);
      this.onPost?.(msg);
      return true;
    },
    onDidReceiveMessage: (cb: (msg: FromWebview) => void) => this.receivers.push(cb),
  };
  onPost?: (msg: ToWebview) => void;

  constructor(
    readonly viewType: string,
    public title: string,
    options: vscode.WebviewOptions,
  ) {
    this.webview.options = options;
  }
  reveal(): void {
    this.revealed++;
  }
  onDidDispose(cb: () => void): void {
    this.disposers.push(cb);
  }
  onDidChangeViewState(): void {}
  dispose(): void {
    this.disposed = true;
    for (const cb of this.disposers) cb();
  }
  /** The UI says something. */
  send(msg: FromWebview): void {
    for (const cb of this.receivers) cb(msg);
  }
}

const panels: FakePanel[] = [];
let serializer: { deserializeWebviewPanel(panel: FakePanel, state: unknown): Promise<void> } | undefined;
const fakeVscode = {
  Uri: { file: uri, joinPath: (base: FakeUri, ...parts: string[]) => uri(path.posix.join(base.path, ...parts)) },
  ViewColumn: { Active: -1 },
  window: {
    createWebviewPanel: (viewType: string, title: string, _column: number, options: vscode.WebviewOptions) => {
      const panel = new FakePanel(viewType, title, options);
      panels.push(panel);
      return panel;
    },
    registerWebviewPanelSerializer: (_viewType: string, s: typeof serializer) => {
      serializer = s;
      return { dispose: () => (serializer = undefined) };
    },
    showSaveDialog: async () => undefined,
    showInformationMessage: async () => undefined,
    showErrorMessage: async () => undefined,
  },
};

const memento = new Map<string, unknown>();
/** The extension's folder, with a built UI whose text the page must inline. */
const extensionDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-panel-ext-'));
fs.mkdirSync(path.join(extensionDir, 'dist', 'webview'), { recursive: true });
fs.writeFileSync(path.join(extensionDir, 'dist', 'webview', 'metrics.js'), 'window.builtUi = "</script>";');
fs.writeFileSync(path.join(extensionDir, 'dist', 'webview', 'metrics.css'), '.built-ui { color: red }');
const extension = {
  extensionUri: uri(extensionDir),
  workspaceState: { get: <T>(key: string, fallback: T) => (memento.get(key) as T | undefined) ?? fallback, update: async (key: string, value: unknown) => void memento.set(key, value) },
} as unknown as vscode.ExtensionContext;

function runDir(name: string): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bv-panel-')), name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'big_vision_metrics.txt'), '{"step": 1, "training_loss": 2.5}\n{"step": 2, "training_loss": 2.25}\n');
  return dir;
}

/** Posts the UI's `ready` and resolves with the host's first answer. */
function ready(panel: FakePanel): Promise<ToWebview> {
  const answer = new Promise<ToWebview>((resolve) => (panel.onPost = resolve));
  panel.send({ type: 'ready', options: DEFAULT_OPTIONS, window: null, width: 400 });
  return answer;
}

describe('metrics panel: VS Code glue', () => {
  let MetricsPanel: typeof PanelModule.MetricsPanel;
  const mod = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
  const resolve = mod._resolveFilename;

  before(() => {
    // `vscode` exists only inside VS Code: resolve it to the fake for the module under test.
    mod._resolveFilename = function (request: string, ...rest: unknown[]) {
      return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
    };
    require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: fakeVscode } as unknown as NodeJS.Module;
    // Required, not imported: imports are hoisted above the fake's installation.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ({ MetricsPanel } = require('./metricsPanel') as typeof PanelModule);
  });
  after(() => {
    mod._resolveFilename = resolve;
    delete require.cache.vscode;
    // Bound to the fake: a later require must load the module afresh.
    delete require.cache[require.resolve('./metricsPanel')];
    for (const p of panels) if (!p.disposed) p.dispose();
  });

  it('opens a locked-down webview, and reveals it when the same runs are shown again', async () => {
    const a = runDir('a');
    const b = runDir('b');
    MetricsPanel.show(extension, [{ workdir: a, label: 'a' }, { workdir: b, label: 'b' }]);
    assert.equal(panels.length, 1);
    const panel = panels[0];
    assert.equal(panel.title, 'Metrics: 2 runs');
    assert.equal(panel.webview.options.enableScripts, true);
    assert.deepEqual(panel.webview.options.localResourceRoots?.map((u) => u.path), [`${extensionDir}/dist/webview`]);
    assert.match(panel.webview.html, /script-src 'nonce-[^']+'/);
    assert.ok(panel.webview.html.includes('window.builtUi = "<\\/script>";'), 'the built UI inlined, unable to end its element');
    assert.ok(panel.webview.html.includes('.built-ui { color: red }'), 'its stylesheet inlined');
    assert.equal(panel.posted.length, 0, 'nothing before the UI is ready');

    const first = await ready(panel);
    assert.equal(first.type, 'setData');
    assert.deepEqual(first.type === 'setData' && first.data.charts?.training_loss.series.map((s) => s.points), [2, 2]);
    assert.deepEqual(Object.keys(memento.get('bigVision.metrics.colors') as object).sort(), [a, b].sort(), 'colours remembered per run');

    MetricsPanel.show(extension, [{ workdir: b, label: 'b' }, { workdir: a, label: 'a' }]);
    assert.equal(panels.length, 1, 'the same set, in any order: the same panel');
    assert.equal(panel.revealed, 1);
    panel.dispose();
    MetricsPanel.show(extension, [{ workdir: a, label: 'a' }, { workdir: b, label: 'b' }]);
    assert.equal(panels.length, 2, 'a closed panel is opened anew');
  });

  it('restores a panel after a reload from the state its UI saved, and drops one with nothing to show', async () => {
    const registration = MetricsPanel.registerSerializer(extension);
    const c = runDir('c');
    const restored = new FakePanel('bigVision.metrics', 'Metrics: c', {});
    await serializer?.deserializeWebviewPanel(restored, { runs: [{ workdir: c, label: 'c' }], options: { ...DEFAULT_OPTIONS, smoothing: 0 }, window: null, collapsed: [] });
    assert.deepEqual(restored.webview.options.localResourceRoots?.map((u) => u.path), [`${extensionDir}/dist/webview`]);
    const first = await ready(restored);
    assert.deepEqual(first.type === 'setData' && first.data.runs?.map((r) => r.label), ['c']);

    const empty = new FakePanel('bigVision.metrics', 'Metrics', {});
    await serializer?.deserializeWebviewPanel(empty, { junk: true });
    assert.equal(empty.disposed, true);
    restored.dispose();
    registration.dispose();
    assert.equal(serializer, undefined);
  });
});
