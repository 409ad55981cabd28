/**
 * Entry point of the VS Code extension (dist/client/extension.js). Thin by design: what a user sees about configs
 * comes from the language server, what they see about runs from the runs interface in runtime/. Activation only
 * registers the commands and the Runs view and returns; everything else (`main.ts`: the language client, the
 * runs model, the launcher, the metrics panel) loads right after, in the background, or at the first command
 * that needs it. Activated on Python files and by the Runs view (package.json).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandId } from './commands';
import type { Features } from './main';
import { TreeBridge } from './runs/lazyTree';
import { RUNS_VIEW_ID, type RunsNode } from './runs/runsView';

let features: Promise<Features> | undefined;

/** Registers the commands and the Runs view; starts loading the features (and with them the server). */
export function activate(context: vscode.ExtensionContext): void {
  const bridge = new TreeBridge<RunsNode>(() => load());
  const tree = vscode.window.createTreeView(RUNS_VIEW_ID, { treeDataProvider: bridge, canSelectMany: true, showCollapseAll: true });
  context.subscriptions.push(bridge, tree);
  const load = (): Promise<Features> => {
    // A runtime path, so that the bundler keeps main.js a separate file loaded here rather than at activation.
    features ??= (import(path.join(__dirname, 'main.js')) as Promise<typeof import('./main')>).then((m) => m.startFeatures(context, tree, bridge));
    return features;
  };
  for (const id of Object.values(CommandId)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, async (...args: unknown[]) => (await load()).run(id, args)));
  }
  setImmediate(() => {
    load().catch((err: unknown) => void vscode.window.showErrorMessage(`Big Vision: the extension failed to load: ${err instanceof Error ? err.message : String(err)}`));
  });
}

/** Stops the server with the extension (VS Code waits for the returned promise). */
export async function deactivate(): Promise<void> {
  const loaded = features;
  features = undefined;
  await (await loaded)?.stop();
}
