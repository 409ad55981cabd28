/**
 * The TPU Nodes view (activity bar → Big Vision → TPU Nodes): the nodes of the project and zone the editor uses
 * (the last Run on TPU's, else the `bigVision.tpu.*` settings), each with its state, accelerator type, hosts and
 * estimated $/hour; the context menu deletes one (confirmed), opens a shell on worker 0, or stops our runs on it.
 * Beside it, the status-bar item with the nodes that cost money now, and the idle guard: a READY node that runs
 * nothing of ours for `bigVision.tpu.idleMinutes` gets one warning, offering to delete it.
 *
 * Nodes are listed through `bv tpu list` when the view opens, every minute while nodes exist, after each TPU
 * action, and when a TPU run of the Runs view starts or ends.
 */
import * as vscode from 'vscode';
import type { ListedNode, TpuCli, TpuSettings } from '../../../runtime/src/launch/tpuCli';
import { IdleGuard, idleWarning, nodeDescription, nodeTooltip, statusText } from './tpuPresentation';

export const TPU_VIEW_ID = 'bigVision.tpuNodes';
const POLL_MS = 60_000;

const STATE_ICONS: Record<string, { icon: string; color?: string }> = {
  READY: { icon: 'vm-active', color: 'charts.green' },
  CREATING: { icon: 'loading~spin' },
  DELETING: { icon: 'loading~spin' },
  PREEMPTED: { icon: 'warning', color: 'charts.yellow' },
  TERMINATED: { icon: 'warning', color: 'charts.yellow' },
};

export interface NodesHost {
  cli: TpuCli;
  /** Where to list nodes; undefined when neither a run nor the settings name a project and zone. */
  settings(): TpuSettings | undefined;
  /** Names of the nodes our running runs are on (in the settings' project and zone). */
  busyNodes(): Set<string>;
  idleMinutes(): number;
  /** Asks about and deletes a node (the view's Delete). */
  deleteNode(node: ListedNode): Promise<void>;
}

export class TpuNodesView implements vscode.TreeDataProvider<ListedNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ListedNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly tree: vscode.TreeView<ListedNode>;
  private readonly statusItem: vscode.StatusBarItem;
  private readonly guard = new IdleGuard();
  private nodeList: ListedNode[] = [];
  private listing?: Promise<void>;
  private again = false;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly host: NodesHost) {
    this.tree = vscode.window.createTreeView(TPU_VIEW_ID, { treeDataProvider: this });
    this.statusItem = vscode.window.createStatusBarItem('bigVision.tpuNodes', vscode.StatusBarAlignment.Left, 49);
    this.statusItem.name = 'Big Vision: TPU nodes';
    this.statusItem.command = `${TPU_VIEW_ID}.focus`;
    this.tree.onDidChangeVisibility((e) => e.visible && void this.refresh());
    this.timer = setInterval(() => {
      if (this.nodeList.length || this.tree.visible) void this.refresh();
    }, POLL_MS);
    this.timer.unref();
    void this.refresh();
  }

  /** The nodes as last listed. */
  nodes(): readonly ListedNode[] {
    return this.nodeList;
  }

  /** Lists the nodes again (a call while one lists runs once more after it). */
  refresh(): Promise<void> {
    if (this.listing) {
      this.again = true;
      return this.listing;
    }
    this.listing = this.list().finally(() => {
      this.listing = undefined;
      if (this.again) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.listing;
  }

  private async list(): Promise<void> {
    const settings = this.host.settings();
    if (!settings) {
      this.nodeList = [];
      this.tree.message = 'Run a config on TPU, or set bigVision.tpu.project and bigVision.tpu.zone, to list nodes here.';
    } else {
      try {
        this.nodeList = await this.host.cli.listNodes(settings);
        this.tree.message = this.nodeList.length ? undefined : `No TPU nodes in ${settings.project} / ${settings.zone}.`;
      } catch (err) {
        this.tree.message = `Cannot list TPU nodes of ${settings.project} / ${settings.zone}: ${(err as Error).message}`;
      }
    }
    this.changed.fire(undefined);
    this.updateStatus();
    this.checkIdle();
  }

  private updateStatus(): void {
    const s = statusText(this.nodeList);
    if (!s) {
      this.statusItem.hide();
      return;
    }
    this.statusItem.text = s.text;
    this.statusItem.tooltip = s.tooltip;
    this.statusItem.show();
  }

  private checkIdle(): void {
    const minutes = this.host.idleMinutes();
    for (const n of this.guard.update(this.nodeList, this.host.busyNodes(), minutes * 60_000)) {
      void vscode.window.showWarningMessage(idleWarning(n, minutes), 'Delete Node', 'Keep').then((choice) => {
        if (choice === 'Delete Node') void this.host.deleteNode(n);
      });
    }
  }

  getChildren(node?: ListedNode): ListedNode[] {
    return node ? [] : this.nodeList;
  }

  getTreeItem(n: ListedNode): vscode.TreeItem {
    const item = new vscode.TreeItem(n.name, vscode.TreeItemCollapsibleState.None);
    item.id = `${n.location.project}/${n.location.zone}/${n.name}/${n.id}`;
    item.description = nodeDescription(n);
    item.tooltip = nodeTooltip(n, this.host.busyNodes().has(n.name));
    const icon = STATE_ICONS[n.state] ?? { icon: 'vm' };
    item.iconPath = new vscode.ThemeIcon(icon.icon, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
    item.contextValue = `bigVision.tpuNode.${n.state}`;
    return item;
  }

  dispose(): void {
    clearInterval(this.timer);
    this.statusItem.dispose();
    this.tree.dispose();
    this.changed.dispose();
  }
}
