/**
 * The extension's features, loaded after activation (dist/client/main.js): the language client and its status
 * item (`Ctx`), the Runs view's data, the launcher and the metrics panel. `extension.ts` registers commands and
 * the view at once and loads this module in the background, so that activation stays fast.
 */
import type * as vscode from 'vscode';
import { COMMANDS, runCommand, type CommandId } from './commands';
import { Ctx } from './ctx';
import type { TreeBridge } from './runs/lazyTree';
import type { RunsNode } from './runs/runsView';

export interface Features {
  /** Runs command `id` with the arguments VS Code passed. */
  run(id: CommandId, args: unknown[]): Promise<void>;
  /** Stops the language server. */
  stop(): Promise<void>;
}

/** Builds the Ctx (with the Runs view's data behind `tree`) and starts the server without waiting for it; if it
 * fails, shows why (the status item offers a restart). */
export function startFeatures(context: vscode.ExtensionContext, tree: vscode.TreeView<RunsNode>, bridge: TreeBridge<RunsNode>): Features {
  const ctx = new Ctx(context, tree, bridge);
  ctx.start().catch((err: unknown) => {
    ctx.output.error(err instanceof Error ? err : String(err));
    ctx.showError(`Big Vision: the language server did not start. ${err instanceof Error ? err.message : String(err)}`);
  });
  return {
    run: (id, args) => runCommand(id, ctx, COMMANDS, args),
    stop: () => ctx.stop(),
  };
}
