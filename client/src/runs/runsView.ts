/**
 * The Runs view (activity bar → Big Vision → Runs): every run of the runs model, sweeps grouped under their
 * folder, each with its status icon, progress, headline metrics and duration; folders that cannot be read show as
 * warning rows naming them. Clicking a run opens its metrics; the context menu holds the run actions (their
 * `when` clauses read the `bigVision.run.<status>` context value).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunSummary } from '../../../runtime/src/runs/summary';
import { runDescription, runGroup, runTooltip, STATUS_ICONS } from './runPresentation';
import type { RunsModel } from './runsModel';

export const RUNS_VIEW_ID = 'bigVision.runs';
const REDRAW_MS = 1000;

export type RunsNode =
  | { kind: 'run'; run: RunSummary }
  | { kind: 'group'; dir: string; runs: RunSummary[] }
  | { kind: 'problem'; path: string; message: string };

export class RunsTreeProvider implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly off: () => void;
  /** A tick that keeps running runs' durations fresh even between metrics lines. */
  private readonly clock: NodeJS.Timeout;

  constructor(private readonly model: RunsModel, private readonly openCommand: string) {
    this.off = model.onDidChange(() => this.redraw());
    this.clock = setInterval(() => {
      if (model.runs().some((r) => r.status === 'running')) this.redraw();
    }, 10_000);
    this.clock.unref();
  }

  private lastDraw = 0;
  private pending?: NodeJS.Timeout;

  /**
   * Redraws the view at most once a second: a run logs several lines a second, and every redraw rebuilds the rows'
   * buttons, where a click that lands mid-rebuild is lost.
   */
  private redraw(): void {
    if (this.pending) return;
    const wait = Math.max(0, this.lastDraw + REDRAW_MS - Date.now());
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.lastDraw = Date.now();
      this.changed.fire(undefined);
    }, wait);
  }

  getChildren(node?: RunsNode): RunsNode[] {
    if (node?.kind === 'group') return node.runs.map((run) => ({ kind: 'run', run }));
    if (node) return [];
    const roots = this.model.getRoots();
    const out: RunsNode[] = this.model.discoveryProblems().map((p) => ({ kind: 'problem', path: p.path, message: p.message }));
    const groups = new Map<string, RunSummary[]>();
    for (const run of this.model.runs()) {
      for (const p of run.problems.filter((x) => /cannot read|permission/.test(x)).slice(0, 1)) out.push({ kind: 'problem', path: run.workdir, message: p });
      const group = runGroup(run.workdir, roots);
      if (!group) out.push({ kind: 'run', run });
      else if (groups.has(group)) groups.get(group)?.push(run);
      else {
        const list = [run];
        groups.set(group, list);
        out.push({ kind: 'group', dir: group, runs: list });
      }
    }
    return out;
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    if (node.kind === 'problem') {
      const item = new vscode.TreeItem(path.basename(node.path), vscode.TreeItemCollapsibleState.None);
      item.description = node.message;
      item.tooltip = node.message;
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
      item.contextValue = 'bigVision.problem';
      return item;
    }
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(path.basename(node.dir), vscode.TreeItemCollapsibleState.Expanded);
      item.id = `group:${node.dir}`;
      const running = node.runs.filter((r) => r.status === 'running').length;
      item.description = `${node.runs.length} runs${running ? ` · ${running} running` : ''}`;
      item.tooltip = node.dir;
      item.iconPath = new vscode.ThemeIcon('folder-library');
      item.contextValue = 'bigVision.group';
      return item;
    }
    const run = node.run;
    const item = new vscode.TreeItem(run.name, vscode.TreeItemCollapsibleState.None);
    item.id = run.workdir;
    item.description = runDescription(run);
    const tooltip = new vscode.MarkdownString(runTooltip(run));
    tooltip.supportThemeIcons = true;
    item.tooltip = tooltip;
    const icon = STATUS_ICONS[run.status];
    item.iconPath = new vscode.ThemeIcon(icon.icon, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
    item.contextValue = `bigVision.run.${run.status}`;
    item.command = { command: this.openCommand, title: 'Open Metrics', arguments: [node] };
    return item;
  }

  dispose(): void {
    this.off();
    clearInterval(this.clock);
    clearTimeout(this.pending);
    this.changed.dispose();
  }
}
