/**
 * The command table (after rust-analyzer's `main.ts`): every command id in one enum, each command with an
 * `enabled` variant, run while the language server is up, and a `disabled` one for when it is not. The handlers
 * see the extension only through `CommandCtx`, so the table is unit-tested without VS Code.
 */

/** Command ids, as contributed in package.json (`contributes.commands`). The ids the language server's code
 * lenses invoke are its `BigVisionCommand` values (a test checks they agree). */
export enum CommandId {
  restartServer = 'bigVision.restartServer',
  showOutput = 'bigVision.showOutput',
  runConfig = 'bigVision.runConfig',
  runOnTpu = 'bigVision.runOnTpu',
  checkConfig = 'bigVision.checkConfig',
  runSweep = 'bigVision.runSweep',
  openMetrics = 'bigVision.runs.openMetrics',
  compare = 'bigVision.runs.compare',
  showLog = 'bigVision.runs.showLog',
  openConfig = 'bigVision.runs.openConfig',
  revealWorkdir = 'bigVision.runs.revealWorkdir',
  stop = 'bigVision.runs.stop',
  resume = 'bigVision.runs.resume',
  delete = 'bigVision.runs.delete',
  addWorkdir = 'bigVision.runs.addWorkdir',
  refresh = 'bigVision.runs.refresh',
  tpuDeleteNode = 'bigVision.tpu.deleteNode',
  tpuSsh = 'bigVision.tpu.ssh',
  tpuStopRuns = 'bigVision.tpu.stopRuns',
  tpuRefresh = 'bigVision.tpu.refresh',
}

/** What the run commands call (implemented by `RunsFeature`); arguments are what VS Code passes: a code lens's
 * argument, or the clicked tree node and the selection. */
export interface RunsCommands {
  runConfig(arg?: unknown): Promise<void>;
  runOnTpu(arg?: unknown): Promise<void>;
  runSweep(arg?: unknown): Promise<void>;
  openMetrics(node?: unknown, nodes?: unknown): Promise<void>;
  compare(node?: unknown, nodes?: unknown): Promise<void>;
  showLog(node?: unknown): void;
  openConfig(node?: unknown): Promise<void>;
  revealWorkdir(node?: unknown): Promise<void>;
  stop(node?: unknown, nodes?: unknown): Promise<void>;
  resume(node?: unknown): Promise<void>;
  delete(node?: unknown, nodes?: unknown): Promise<void>;
  addWorkdir(): Promise<void>;
  refresh(): void;
  /** The TPU Nodes view's actions, on the clicked node or the view's selection. */
  deleteTpuNode(node?: unknown): Promise<void>;
  sshTpuNode(node?: unknown): void;
  stopTpuRuns(node?: unknown): Promise<void>;
  refreshTpuNodes(): Promise<void>;
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
  /** Checks a config with an arg and overrides as `bv check` does, and shows the problems (needs the server). */
  checkConfig(arg?: unknown): Promise<void>;
  readonly runs: RunsCommands;
}

type Handler = (...args: unknown[]) => Promise<void> | void;

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
  // Checking needs the server's warm config engine; it has no disabled variant.
  [CommandId.checkConfig]: { enabled: (ctx) => (arg) => ctx.checkConfig(arg) },
  // Runs do not need the language server (the trainers check configs themselves): both variants run them.
  ...runsTable({
    [CommandId.runConfig]: (r) => (arg) => r.runConfig(arg),
    [CommandId.runOnTpu]: (r) => (arg) => r.runOnTpu(arg),
    [CommandId.runSweep]: (r) => (arg) => r.runSweep(arg),
    [CommandId.openMetrics]: (r) => (node, nodes) => r.openMetrics(node, nodes),
    [CommandId.compare]: (r) => (node, nodes) => r.compare(node, nodes),
    [CommandId.showLog]: (r) => (node) => r.showLog(node),
    [CommandId.openConfig]: (r) => (node) => r.openConfig(node),
    [CommandId.revealWorkdir]: (r) => (node) => r.revealWorkdir(node),
    [CommandId.stop]: (r) => (node, nodes) => r.stop(node, nodes),
    [CommandId.resume]: (r) => (node) => r.resume(node),
    [CommandId.delete]: (r) => (node, nodes) => r.delete(node, nodes),
    [CommandId.addWorkdir]: (r) => () => r.addWorkdir(),
    [CommandId.refresh]: (r) => () => r.refresh(),
    [CommandId.tpuDeleteNode]: (r) => (node) => r.deleteTpuNode(node),
    [CommandId.tpuSsh]: (r) => (node) => r.sshTpuNode(node),
    [CommandId.tpuStopRuns]: (r) => (node) => r.stopTpuRuns(node),
    [CommandId.tpuRefresh]: (r) => () => r.refreshTpuNodes(),
  }),
};

type RunCommandId = Exclude<CommandId, CommandId.restartServer | CommandId.showOutput | CommandId.checkConfig>;

function runsTable(handlers: Record<RunCommandId, (runs: RunsCommands) => Handler>): Record<RunCommandId, CommandFactory> {
  const out = {} as Record<RunCommandId, CommandFactory>;
  for (const id of Object.keys(handlers) as RunCommandId[]) {
    const make = (ctx: CommandCtx) => handlers[id](ctx.runs);
    out[id] = { enabled: make, disabled: make };
  }
  return out;
}

function notRunning(id: CommandId, ctx: CommandCtx): Handler {
  return () => ctx.showError(`Big Vision: '${id}' needs the language server, which is not running. Run 'Big Vision: Restart Language Server'.`);
}

/**
 * Runs a command's variant for the server's current state. Errors are reported to the user rather than thrown
 * into VS Code, which would only log them.
 */
export async function runCommand(id: CommandId, ctx: CommandCtx, table: Record<CommandId, CommandFactory> = COMMANDS, args: unknown[] = []): Promise<void> {
  const factory = table[id];
  const handler = ctx.running ? factory.enabled(ctx) : (factory.disabled ?? (() => notRunning(id, ctx)))(ctx);
  try {
    await handler(...args);
  } catch (err) {
    ctx.showError(`Big Vision: '${id}' failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
