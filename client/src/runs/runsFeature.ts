/**
 * Everything about runs in the editor, put together: the runs model over the runs folder (`bigVision.runsDir`,
 * default `<workspace>/runs`) and the workdirs the user added, the Runs view, the launcher, and the run actions
 * the commands call (open metrics, compare, show log, open config, reveal, stop, resume, delete, add a workdir).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CONFIG_FILE } from '../../../runtime/src/metrics/contract';
import type { RunSummary } from '../../../runtime/src/runs/summary';
import type { CheckRunParams, CheckRunResult, RunSweepArgs } from '../../../server/src/protocol';
import type { RunsCommands } from '../commands';
import { TpuFeature } from '../tpu/tpuFeature';
import { MetricsPanel } from '../webview/metricsPanel';
import { RunLauncher } from './runLauncher';
import { RunsModel } from './runsModel';
import type { TreeBridge } from './lazyTree';
import { RunsTreeProvider, type RunsNode } from './runsView';

const ADDED_KEY = 'bigVision.runs.added';

/** The runs a command is about: the clicked node, the selection when several are selected, or (a command from
 * the view's title bar or the palette, which VS Code calls without arguments) the view's selection. */
function runsOf(node: unknown, nodes: unknown, selection: readonly RunsNode[] = []): RunSummary[] {
  const list = (Array.isArray(nodes) && nodes.length ? nodes : node ? [node] : selection) as (RunsNode | undefined)[];
  return list.flatMap((n) => (n?.kind === 'run' ? [n.run] : n?.kind === 'group' ? n.runs : []));
}

export class RunsFeature implements RunsCommands, vscode.Disposable {
  readonly model: RunsModel;
  private readonly launcher: RunLauncher;
  /** Run on TPU, and the TPU Nodes view. */
  private readonly tpu: TpuFeature;
  private readonly disposables: vscode.Disposable[] = [];
  constructor(
    private readonly extension: vscode.ExtensionContext,
    private readonly tree: vscode.TreeView<RunsNode>,
    bridge: TreeBridge<RunsNode>,
    checkRun: (params: CheckRunParams) => Promise<CheckRunResult | undefined>,
  ) {
    this.model = new RunsModel({ tfdsDataDir: this.setting('tfdsDataDir') || undefined });
    this.launcher = new RunLauncher({ extension, model: this.model, checkRun, runsDir: () => this.runsDir() });
    const provider = new RunsTreeProvider(this.model, 'bigVision.runs.openMetrics');
    this.tpu = new TpuFeature(extension, this.model, this.launcher, () => this.runsDir());
    this.disposables.push(
      provider,
      this.tpu,
      bridge.attach(provider),
      this.launcher,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('bigVision.runsDir')) this.updateRoots();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.updateRoots()),
    );
    this.updateRoots();
  }

  private setting(key: string): string {
    return vscode.workspace.getConfiguration('bigVision').get<string>(key, '').trim();
  }

  /** The runs folder: the setting (relative to the first workspace folder), else `<workspace>/runs`. */
  runsDir(): string {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const configured = this.setting('runsDir').replace(/^~(?=$|\/)/, os.homedir());
    if (configured) return path.resolve(folder ?? os.homedir(), configured);
    return folder ? path.join(folder, 'runs') : path.join(os.homedir(), 'big_vision_studio', 'runs');
  }

  private updateRoots(): void {
    this.model.setRoots([this.runsDir(), ...this.extension.workspaceState.get<string[]>(ADDED_KEY, [])]);
  }

  runConfig(arg?: unknown): Promise<void> {
    return this.launcher.runConfig(arg);
  }

  checkConfig(arg?: unknown): Promise<void> {
    return this.launcher.checkConfig(arg);
  }

  runSweep(arg?: unknown): Promise<void> {
    return this.launcher.runSweep(arg as RunSweepArgs | undefined);
  }

  runOnTpu(arg?: unknown): Promise<void> {
    return this.tpu.runOnTpu(arg);
  }

  deleteTpuNode(node?: unknown): Promise<void> {
    return this.tpu.deleteNode(node);
  }

  sshTpuNode(node?: unknown): void {
    this.tpu.sshNode(node);
  }

  stopTpuRuns(node?: unknown): Promise<void> {
    return this.tpu.stopRuns(node);
  }

  refreshTpuNodes(): Promise<void> {
    return this.tpu.view.refresh();
  }

  async openMetrics(node?: unknown, nodes?: unknown): Promise<void> {
    const runs = runsOf(node, nodes, this.tree.selection);
    if (!runs.length) {
      void vscode.window.showInformationMessage('Big Vision: select a run in the Runs view to see its metrics.');
      return;
    }
    MetricsPanel.show(
      this.extension,
      runs.map((r) => ({ workdir: r.workdir, label: r.name, ...(r.started ? { startedMs: Date.parse(r.started) } : {}) })),
    );
  }

  async compare(node?: unknown, nodes?: unknown): Promise<void> {
    const runs = runsOf(node, nodes, this.tree.selection);
    if (runs.length < 2) {
      void vscode.window.showInformationMessage('Big Vision: select two or more runs (Ctrl/Cmd+click) to compare them.');
      return;
    }
    await this.openMetrics(node, nodes);
  }

  showLog(node?: unknown): void {
    for (const run of runsOf(node, undefined, this.tree.selection)) this.launcher.showLog(run);
  }

  async openConfig(node?: unknown): Promise<void> {
    for (const run of runsOf(node, undefined, this.tree.selection)) {
      const file = run.config && fs.existsSync(run.config) ? run.config : path.join(run.workdir, CONFIG_FILE);
      if (!fs.existsSync(file)) {
        void vscode.window.showErrorMessage(`Big Vision: ${run.name} names no config file that exists (${run.config ?? 'none recorded'}), and its workdir has no config.json.`);
        continue;
      }
      await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
    }
  }

  async revealWorkdir(node?: unknown): Promise<void> {
    const run = runsOf(node, undefined, this.tree.selection)[0];
    if (!run) return;
    const uri = vscode.Uri.file(run.workdir);
    const inWorkspace = vscode.workspace.getWorkspaceFolder(uri) !== undefined;
    await vscode.commands.executeCommand(inWorkspace ? 'revealInExplorer' : 'revealFileInOS', uri);
  }

  async stop(node?: unknown, nodes?: unknown): Promise<void> {
    await Promise.all(runsOf(node, nodes, this.tree.selection).filter((r) => r.status === 'running').map((r) => this.launcher.stop(r)));
  }

  async resume(node?: unknown): Promise<void> {
    for (const run of runsOf(node, undefined, this.tree.selection)) await this.launcher.resume(run);
  }

  async delete(node?: unknown, nodes?: unknown): Promise<void> {
    const runs = runsOf(node, nodes, this.tree.selection);
    const running = runs.filter((r) => r.status === 'running');
    if (running.length) {
      void vscode.window.showErrorMessage(`Big Vision: ${running.map((r) => r.name).join(', ')} is running; stop it before deleting.`);
      return;
    }
    if (!runs.length) return;
    const what = runs.length === 1 ? `the run ${runs[0].name}` : `${runs.length} runs`;
    const ok = await vscode.window.showWarningMessage(
      `Delete ${what}? Its workdir (checkpoints, metrics, config.json) is removed from disk.`,
      { modal: true, detail: runs.map((r) => r.workdir).join('\n') },
      'Delete',
    );
    if (ok !== 'Delete') return;
    for (const r of runs) {
      try {
        fs.rmSync(r.workdir, { recursive: true, force: true });
      } catch (err) {
        void vscode.window.showErrorMessage(`Big Vision: cannot delete ${r.workdir}: ${(err as Error).message}`);
      }
    }
    this.model.refresh();
  }

  async addWorkdir(): Promise<void> {
    const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: true, title: 'Add workdirs or folders of runs to the Runs view' });
    if (!picked?.length) return;
    const added = new Set(this.extension.workspaceState.get<string[]>(ADDED_KEY, []));
    for (const uri of picked) added.add(uri.fsPath);
    await this.extension.workspaceState.update(ADDED_KEY, [...added]);
    this.updateRoots();
  }

  refresh(): void {
    this.model.refresh();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.model.dispose();
  }
}
