/**
 * The command table (after rust-analyzer's `main.ts`): every command id in one enum, each command with an
 * `enabled` variant, run while the language server is up, and a `disabled` one for when it is not. The handlers
 * see the extension only through `CommandCtx`, so the table is unit-tested without VS Code.
 */

/** Command ids, as contributed in package.json (`contributes.commands`). */
export enum CommandId {
  restartServer = 'bigVision.restartServer',
  showOutput = 'bigVision.showOutput',
}

/** What the commands may do to the extension (implemented by `Ctx`). */
export interface CommandCtx {
  /** Whether the language client is running. */
  readonly running: boolean;
  /** Stops the server if it runs and starts a fresh one. */
  restartServer(): Promise<void>;
  /** Reveals the server's log. */
  showOutput(): void;
  /** Tells the user something went wrong (an error notification). */
  showError(message: string): void;
}

type Handler = () => Promise<void> | void;

/** Builds a command's handlers; `disabled` defaults to an error saying the server is not running. */
export interface CommandFactory {
  enabled: (ctx: CommandCtx) => Handler;
  disabled?: (ctx: CommandCtx) => Handler;
}

/** Every command; a missing entry is a type error, so package.json and this table cannot drift silently. */
export const COMMANDS: Record<CommandId, CommandFactory> = {
  [CommandId.restartServer]: {
    enabled: (ctx) => () => ctx.restartServer(),
    // A server that failed or was stopped is exactly what a restart is for.
    disabled: (ctx) => () => ctx.restartServer(),
  },
  [CommandId.showOutput]: {
    enabled: (ctx) => () => ctx.showOutput(),
    // The log is most useful when the server died: it holds the reason.
    disabled: (ctx) => () => ctx.showOutput(),
  },
};

function notRunning(id: CommandId, ctx: CommandCtx): Handler {
  return () => ctx.showError(`Big Vision: '${id}' needs the language server, which is not running. Run 'Big Vision: Restart Language Server'.`);
}

/**
 * Runs a command's variant for the server's current state. Errors are reported to the user rather than thrown
 * into VS Code, which would only log them.
 */
export async function runCommand(id: CommandId, ctx: CommandCtx, table: Record<CommandId, CommandFactory> = COMMANDS): Promise<void> {
  const factory = table[id];
  const handler = ctx.running ? factory.enabled(ctx) : (factory.disabled ?? (() => notRunning(id, ctx)))(ctx);
  try {
    await handler();
  } catch (err) {
    ctx.showError(`Big Vision: '${id}' failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
