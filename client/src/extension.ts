/**
 * Entry point of the VS Code extension (bundled to dist/client/extension.js). Thin by design: what a user sees
 * about configs comes from the language server, what they see about runs from the runs interface in runtime/;
 * the client starts the server, shows its state and log, hosts the Runs view and metrics panel, and offers the
 * commands in `commands.ts`. Activated on Python files and by the Runs view (package.json).
 */
import * as vscode from 'vscode';
import { COMMANDS, CommandId, runCommand } from './commands';
import { Ctx } from './ctx';

let ctx: Ctx | undefined;

/** Builds the Ctx (with the Runs view) and the command table, then starts the server without waiting for it; if
 * it fails, shows why (the status item offers a restart). */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const current = new Ctx(context);
  ctx = current;
  for (const id of Object.values(CommandId)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => runCommand(id, current, COMMANDS, args)));
  }
  // The server starts in the background: activation returns at once (the Runs view and commands work without it),
  // and the status item shows the server coming up or failing.
  current.start().catch((err: unknown) => {
    current.output.error(err instanceof Error ? err : String(err));
    current.showError(`Big Vision: the language server did not start. ${err instanceof Error ? err.message : String(err)}`);
  });
}

/** Stops the server with the extension (VS Code waits for the returned promise). */
export async function deactivate(): Promise<void> {
  await ctx?.stop();
  ctx = undefined;
}
