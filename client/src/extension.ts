/**
 * Entry point of the VS Code extension (bundled to dist/client/extension.js). Thin by design: everything a user
 * sees about configs comes from the language server; the client starts it, shows its state and log, and
 * offers the commands in `commands.ts`. Activated on Python files (package.json `activationEvents`).
 */
import * as vscode from 'vscode';
import { CommandId, runCommand } from './commands';
import { Ctx } from './ctx';

let ctx: Ctx | undefined;

/** Builds the Ctx and the command table, then starts the server; if it fails, shows why and rethrows. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const current = new Ctx(context);
  ctx = current;
  for (const id of Object.values(CommandId)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, () => runCommand(id, current)));
  }
  try {
    await current.start();
  } catch (err) {
    current.output.error(err instanceof Error ? err : String(err));
    current.showError(`Big Vision: the language server did not start. ${err instanceof Error ? err.message : String(err)}`);
    throw err;
  }
}

/** Stops the server with the extension (VS Code waits for the returned promise). */
export async function deactivate(): Promise<void> {
  await ctx?.stop();
  ctx = undefined;
}
