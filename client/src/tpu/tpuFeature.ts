/**
 * Run on TPU in the editor: the questions (tpuFlow.ts) asked with quick picks and input boxes, the confirmation
 * with chips, hosts and the estimated $/hour, then `bv tpu run` started through the run interface (`TpuRunner`),
 * so the run shows in the Runs view with its live log and metrics panel like a local one. Also the node actions of
 * the TPU Nodes view: delete (confirmed), a shell on worker 0 in a terminal, stop our runs on a node.
 *
 * Everything that talks to Cloud TPU goes through the bundled `bv tpu` (TpuCli), which inherits the editor's
 * environment (`BV_TPU_API_ENDPOINT`, `BV_TPU_ACCESS_TOKEN` for private endpoints and tests). The SSH key pair and
 * pinned host keys live in the extension's global storage.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { defaultRecordDir } from '../../../runtime/src/launch/gcs/gcsUrl';
import { TpuCli, type ListedNode, type TpuSettings } from '../../../runtime/src/launch/tpuCli';
import { TpuRunner } from '../../../runtime/src/launch/tpuRunner';
import { readRecord } from '../../../runtime/src/runs/record';
import { newRunName } from '../runs/runInputs';
import type { RunLauncher } from '../runs/runLauncher';
import type { RunsModel } from '../runs/runsModel';
import { runTpuFlow, toRemember, type FlowItem, type FlowUi, type RememberedChoices } from './tpuFlow';
import { TpuNodesView } from './tpuNodesView';
import { confirmation, targetFlags } from './tpuPresentation';

const CHOICES_KEY = 'bigVision.tpu.choices';

/** The flow's questions as VS Code input boxes and quick picks (kept open when focus moves, as Run's are). */
const vscodeUi: FlowUi = {
  input: (q) => Promise.resolve(vscode.window.showInputBox({ title: q.title, value: q.value, ignoreFocusOut: true, ...(q.prompt ? { prompt: q.prompt } : {}), ...(q.placeHolder ? { placeHolder: q.placeHolder } : {}), ...(q.validate ? { validateInput: q.validate } : {}) })),
  pick: async <T>(title: string, items: FlowItem<T>[], placeHolder?: string) => {
    const picked = await vscode.window.showQuickPick(items, { title, ignoreFocusOut: true, matchOnDescription: true, ...(placeHolder ? { placeHolder } : {}) });
    return picked?.value;
  },
};

export class TpuFeature implements vscode.Disposable {
  private readonly cli = new TpuCli();
  readonly view: TpuNodesView;
  private readonly offModel: () => void;
  private tpuRunsKey = '';

  constructor(private readonly extension: vscode.ExtensionContext, private readonly model: RunsModel, private readonly launcher: RunLauncher, private readonly runsDir: () => string) {
    this.view = new TpuNodesView({ cli: this.cli, settings: () => this.settings(), busyNodes: () => this.busyNodes(), idleMinutes: () => this.config().get<number>('idleMinutes', 15), deleteNode: (n) => this.deleteNode(n) });
    // A TPU run starting, changing phase or ending changes what its node does: list the nodes again. Checked at
    // most once a second (a running run changes the model with every metrics line).
    let pending: NodeJS.Timeout | undefined;
    const off = model.onDidChange(() => {
      pending ??= setTimeout(() => {
        pending = undefined;
        const key = this.tpuRuns().map((r) => `${r.workdir}:${r.status}:${r.remote.node}:${r.remote.phase}`).join('|');
        if (key === this.tpuRunsKey) return;
        this.tpuRunsKey = key;
        void this.view.refresh();
      }, 1000);
    });
    this.offModel = () => (off(), clearTimeout(pending));
  }

  private config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration('bigVision.tpu');
  }

  private remembered(): RememberedChoices {
    return this.extension.workspaceState.get<RememberedChoices>(CHOICES_KEY, {});
  }

  /** SSH user and port from the settings, the state folder in the extension's storage. */
  private access(): Omit<TpuSettings, 'project' | 'zone'> {
    const user = this.config().get<string>('sshUser', '').trim();
    const port = this.config().get<number>('sshPort', 22);
    return { stateDir: path.join(this.extension.globalStorageUri.fsPath, 'tpu'), ...(user ? { sshUser: user } : {}), ...(port !== 22 ? { sshPort: port } : {}) };
  }

  /** The project and zone of the last Run on TPU, else of the settings. */
  settings(): TpuSettings | undefined {
    const r = this.remembered();
    const project = r.project ?? (this.config().get<string>('project', '').trim() || undefined);
    const zone = r.zone ?? (this.config().get<string>('zone', '').trim() || undefined);
    return project && zone ? { project, zone, ...this.access() } : undefined;
  }

  /** The runs of the Runs view that run on TPU, with their records' remote part. */
  private tpuRuns() {
    return this.model.runs().flatMap((r) => {
      if (r.engine === null) return [];
      try {
        const remote = readRecord(r.workdir)?.remote;
        return remote ? [{ ...r, remote }] : [];
      } catch {
        return [];
      }
    });
  }

  private busyNodes(): Set<string> {
    const s = this.settings();
    return new Set(this.tpuRuns().filter((r) => r.status === 'running' && (!s || (r.remote.project === s.project && r.remote.zone === s.zone))).map((r) => r.remote.node));
  }

  /** Run on TPU: the run's inputs as for Run, the TPU questions, the check, the confirmation, then the run. */
  async runOnTpu(arg?: unknown): Promise<void> {
    const inputs = await this.launcher.askRunInputs(arg, 'Run on TPU');
    if (!inputs) return;
    const { file, runArg, overrides, hint } = inputs;
    const name = newRunName(file, runArg);
    const node = `bv-${path.basename(file, '.py').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'node'}`;
    const access = this.access();
    const choices = await runTpuFlow(
      vscodeUi,
      {
        acceleratorTypes: (project, zone) => this.listing(`accelerator types of ${zone}`, () => this.cli.acceleratorTypes({ project, zone, ...access })),
        runtimeVersions: (project, zone, type) => this.listing(`runtime versions of ${zone}`, () => this.cli.runtimeVersions({ project, zone, ...access }, type)),
      },
      this.remembered(),
      { project: this.config().get<string>('project', '').trim() || undefined, zone: this.config().get<string>('zone', '').trim() || undefined, node: /^bv-[a-z]/.test(node) ? node : 'bv-node', workdir: path.join(this.runsDir(), name), engine: hint?.engine ?? 'tfjs' },
    );
    if (!choices) return;
    await this.extension.workspaceState.update(CHOICES_KEY, toRemember(choices));
    if (!(await this.launcher.passesCheck(file, runArg, overrides, choices.engine))) return;
    await this.view.refresh();
    const existing = this.view.nodes().find((n) => n.name === choices.node && n.location.project === choices.project && n.location.zone === choices.zone);
    const ask = confirmation(choices, `${path.basename(file)}${runArg !== undefined ? `:${runArg}` : ''}`, existing);
    const go = await vscode.window.showInformationMessage(ask.message, { modal: true, detail: ask.detail }, ask.action);
    if (go !== ask.action) return;
    const s = vscode.workspace.getConfiguration('bigVision');
    const dataDir = s.get<string>('tfdsDataDir', '').trim();
    const checkout = s.get<string>('checkout', '').trim();
    const trainer = choices.engine === 'big_vision' ? hint?.trainer : undefined;
    // A gs:// workdir is the trainers'; the record and the tailed metrics go where the Runs view looks.
    const recordDir = choices.workdir.startsWith('gs://') ? defaultRecordDir(choices.workdir, this.runsDir()) : undefined;
    const runner = new TpuRunner({ node: choices.node, flags: targetFlags(choices, access), ...(recordDir ? { recordDir } : {}) });
    await this.launcher.start(
      { engine: choices.engine, config: file, ...(runArg !== undefined ? { arg: runArg } : {}), overrides, workdir: choices.workdir, ...(dataDir ? { tfdsDataDir: dataDir } : {}), ...(checkout ? { checkout } : {}), ...(trainer ? { trainer } : {}) },
      runner,
    );
    void this.view.refresh();
  }

  /** Runs a `bv tpu` listing with a progress note in the status bar. */
  private listing<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Big Vision: listing ${what}` }, fn));
  }

  /** The node a command is about: its argument (a clicked row), else the view's selection. */
  private nodeOf(arg: unknown): ListedNode | undefined {
    const n = (arg && typeof arg === 'object' && 'acceleratorType' in arg ? arg : this.view.tree.selection[0]) as ListedNode | undefined;
    if (!n) void vscode.window.showInformationMessage('Big Vision: select a node in the TPU Nodes view first.');
    return n;
  }

  private at(n: ListedNode): TpuSettings {
    return { project: n.location.project, zone: n.location.zone, ...this.access() };
  }

  async deleteNode(arg?: unknown): Promise<void> {
    const n = this.nodeOf(arg);
    if (!n) return;
    const busy = this.busyNodes().has(n.name);
    const ok = await vscode.window.showWarningMessage(
      `Delete TPU node ${n.name}?`,
      { modal: true, detail: `${n.acceleratorType} in ${n.location.project} / ${n.location.zone}, ${n.state}.${busy ? ' A run of yours is on it: it stops, and resumes from its last checkpoint only when started again.' : ''} Its disks are lost; runs keep what was mirrored into their local workdirs.` },
      'Delete',
    );
    if (ok !== 'Delete') return;
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Big Vision: deleting TPU node ${n.name}` }, () => this.cli.deleteNode(this.at(n), n.name));
    await this.view.refresh();
  }

  sshNode(arg?: unknown): void {
    const n = this.nodeOf(arg);
    if (!n) return;
    const cmd = this.cli.shellCommand(this.at(n), n.name, 0);
    const terminal = vscode.window.createTerminal({ name: `TPU ${n.name} (worker 0)`, shellPath: cmd.file, shellArgs: cmd.args, env: { ELECTRON_RUN_AS_NODE: '1' } });
    terminal.show();
  }

  async stopRuns(arg?: unknown): Promise<void> {
    const n = this.nodeOf(arg);
    if (!n) return;
    const out = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Big Vision: stopping our runs on ${n.name} (each checkpoints first)` }, () => this.cli.stopRuns(this.at(n), n.name));
    void vscode.window.showInformationMessage(`Big Vision: ${out.trim().split('\n').join('; ') || `stopped the runs on ${n.name}`}`);
    this.model.refresh();
    await this.view.refresh();
  }

  dispose(): void {
    this.offModel();
    this.view.dispose();
  }
}
