/**
 * The Runs view's data provider as registered at activation, before the code that computes the view has loaded:
 * it asks for that code when VS Code first asks for rows, and passes change events on once it is there. Only
 * `vscode` is imported here (this file is part of the small activation bundle).
 */
import * as vscode from 'vscode';

export class TreeBridge<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<T | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private target?: vscode.TreeDataProvider<T>;

  constructor(private readonly load: () => Promise<unknown>) {}

  /** The provider that answers from now on; its change events are passed on. */
  attach(target: vscode.TreeDataProvider<T>): vscode.Disposable {
    this.target = target;
    const sub = target.onDidChangeTreeData?.((e) => this.changed.fire(Array.isArray(e) ? undefined : (e ?? undefined)));
    this.changed.fire(undefined);
    return { dispose: () => sub?.dispose() };
  }

  async getChildren(element?: T): Promise<T[]> {
    if (!this.target) await this.load();
    return ((await this.target?.getChildren(element)) ?? []) as T[];
  }

  async getTreeItem(element: T): Promise<vscode.TreeItem> {
    if (!this.target) await this.load();
    if (!this.target) throw new Error('the Runs view did not load');
    return this.target.getTreeItem(element);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
