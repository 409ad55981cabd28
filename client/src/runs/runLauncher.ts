/**
 * Starting runs from the editor: Run (a config with an arg, overrides and an engine, checked first), Run sweep,
 * and Resume; each run's output streams live into an output channel of its own, and the status bar follows the
 * active run. Runs go through the run interface (`LocalRunner` → `bv run`), so they outlive the window, and a log
 * opened later (after a reload, or for a run started elsewhere by `bv run`) follows `<workdir>/bv_run.log`.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { bundledCli, type LaunchSpec } from '../../../runtime/src/runs/engines';
import { ENGINES, RUN_LOG_FILE, type EngineId } from '../../../runtime/src/runs/record';
import { isTpuRun, TpuRunner } from '../../../runtime/src/launch/tpuRunner';
import { LocalRunner, type RunHandle, type Runner } from '../../../runtime/src/runs/runner';
import type { RunSummary } from '../../../runtime/src/runs/summary';
import type { CheckRunParams, CheckRunResult, RunProblem, RunSweepArgs } from '../../../server/src/protocol';
import { runTooltip, statusBarText } from './runPresentation';
import { commandHint, newRunName, parseOverrides, type CommandHint } from './runInputs';
import type { RunsModel } from './runsModel';

/** What the launcher needs from the rest of the extension. */
export interface LauncherHost {
  extension: vscode.ExtensionContext;
  model: RunsModel;
  /** The pre-run check through the language server; undefined when the server is not running. */
  checkRun(params: CheckRunParams): Promise<CheckRunResult | undefined>;
  /** The runs folder new runs go to. */
  runsDir(): string;
}

const ENGINE_ITEMS: Record<EngineId, { label: string; detail: string }> = {
  tfjs: { label: 'tfjs', detail: 'The bundled TensorFlow.js trainer (bv train): no set-up, CPU or CUDA' },
  big_vision: { label: 'big_vision', detail: 'Upstream big_vision (JAX) in bigVision.checkout, run with bigVision.python' },
};

/** Keys of what the Run command remembers per config file. */
const ARGS_KEY = 'bigVision.run.args';
const OVERRIDES_KEY = 'bigVision.run.overrides';
const ENGINE_KEY = 'bigVision.run.engine';

/** A live output channel that follows a run: its process's output, or its log file. */
interface RunLog {
  channel: vscode.OutputChannel;
  dispose(): void;
}

export class RunLauncher implements vscode.Disposable {
  private readonly runner = new LocalRunner(bundledCli());
  private readonly handles = new Map<string, RunHandle>();
  private readonly logs = new Map<string, RunLog>();
  private readonly statusItem: vscode.StatusBarItem;
  private readonly offModel: () => void;

  constructor(private readonly host: LauncherHost) {
    this.statusItem = vscode.window.createStatusBarItem('bigVision.activeRun', vscode.StatusBarAlignment.Left, 50);
    this.statusItem.name = 'Big Vision: active run';
    this.offModel = host.model.onDidChange(() => this.updateStatusItem());
  }

  private settings(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration('bigVision');
  }

  /** Refuses (with a way to grant trust) in an untrusted workspace: running executes the config's code. */
  private trusted(): boolean {
    if (vscode.workspace.isTrusted) return true;
    void vscode.window.showWarningMessage('Big Vision: running a config executes it and its trainer; this workspace is not trusted. Checking still works.', 'Manage Workspace Trust').then((c) => {
      if (c) void vscode.commands.executeCommand('workbench.trust.manage');
    });
    return false;
  }

  /** The config file a command is about: its argument, else the active editor's file (saved first). */
  private async configFile(arg: unknown): Promise<string | undefined> {
    const uri = typeof arg === 'object' && arg && 'uri' in arg ? vscode.Uri.parse(String((arg as { uri: string }).uri)) : arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!uri || uri.scheme !== 'file') {
      void vscode.window.showErrorMessage('Big Vision: open a config file (a Python file with get_config) to run it.');
      return undefined;
    }
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (doc?.isDirty) await doc.save();
    return uri.fsPath;
  }

  /** Asks the engine: first the one used last, else the one the config's COMMAND line names. */
  private async pickEngine(suggested?: EngineId): Promise<EngineId | undefined> {
    const last = this.host.extension.workspaceState.get<EngineId>(ENGINE_KEY) ?? suggested ?? 'tfjs';
    const order = [last, ...ENGINES.filter((e) => e !== last)];
    const pick = await vscode.window.showQuickPick(order.map((e) => ({ ...ENGINE_ITEMS[e], id: e })), { title: 'Big Vision: train with which engine?', ignoreFocusOut: true });
    if (pick) await this.host.extension.workspaceState.update(ENGINE_KEY, pick.id);
    return pick?.id;
  }

  private baseSpec(engine: EngineId): Pick<LaunchSpec, 'engine' | 'tfdsDataDir' | 'python' | 'checkout' | 'env'> {
    const s = this.settings();
    const dataDir = s.get<string>('tfdsDataDir', '').trim();
    const checkout = s.get<string>('checkout', '').trim();
    const python = s.get<string>('python', '').trim();
    // config.model_init files: the bundled trainer reads the folder from $BV_CHECKPOINT_DIR.
    const checkpointDir = s.get<string>('checkpointDir', '').trim();
    return { engine, ...(dataDir ? { tfdsDataDir: dataDir } : {}), ...(checkout ? { checkout } : {}), ...(python ? { python } : {}), ...(checkpointDir ? { env: { BV_CHECKPOINT_DIR: checkpointDir } } : {}) };
  }

  /** Asks the arg for `file`: remembered per file, else the one its COMMAND comment passes, the comment as a hint.
   * Resolves to undefined when the user cancels, '' for no arg. */
  private async askArg(file: string, verb: string, hint: CommandHint | undefined): Promise<string | undefined> {
    const state = this.host.extension.workspaceState;
    const remembered = state.get<Record<string, string>>(ARGS_KEY, {})[file];
    const argText = await vscode.window.showInputBox({
      title: `${verb} ${path.basename(file)}: arg (the text after ${path.basename(file)}:)`,
      prompt: hint ? `COMMAND: ${hint.text}` : 'Empty calls get_config() with no arg.',
      value: remembered ?? hint?.arg ?? '',
      placeHolder: 'e.g. variant=B/16,steps=300 (empty: no arg)',
      ignoreFocusOut: true,
    });
    if (argText !== undefined) await state.update(ARGS_KEY, { ...state.get<Record<string, string>>(ARGS_KEY, {}), [file]: argText });
    return argText;
  }

  /** Check: the config with an arg as `bv check FILE:ARG` checks it; the problems listed, or "no problems". */
  async checkConfig(arg?: unknown): Promise<void> {
    const file = await this.configFile(arg);
    if (!file) return;
    const argText = await this.askArg(file, 'Check', commandHint(fs.readFileSync(file, 'utf8')));
    if (argText === undefined) return;
    const runArg = argText.trim() || undefined;
    const result = await this.host.checkRun({ uri: vscode.Uri.file(file).toString(), ...(runArg !== undefined ? { arg: runArg } : {}), overrides: [] });
    if (!result) {
      void vscode.window.showErrorMessage('Big Vision: checking needs the language server, which is not running. Run "Big Vision: Restart Language Server".');
      return;
    }
    const problems = result.error ? [result.error] : result.problems;
    const shown = `${path.basename(file)}${runArg !== undefined ? `:${runArg}` : ''}`;
    if (!problems.length) {
      void vscode.window.showInformationMessage(`Big Vision: ${shown}: no problems.`);
      return;
    }
    const report = this.reportChannel();
    report.clear();
    report.appendLine(`bv check ${shown}: ${problems.length} problem(s)`);
    for (const p of problems) report.appendLine(`${p.file}:${p.line}:${p.col + 1}: ${p.severity} ${p.code} ${p.message}`);
    report.show(true);
  }

  /** Run: asks the arg (remembered per file, the COMMAND comment as a hint), overrides and engine; checks; starts. */
  async runConfig(arg?: unknown): Promise<void> {
    const inputs = await this.askRunInputs(arg, 'Run');
    if (!inputs) return;
    const { file, runArg, overrides, hint } = inputs;
    const engine = await this.pickEngine(hint?.engine);
    if (!engine) return;
    if (!(await this.passesCheck(file, runArg, overrides, engine))) return;
    const workdir = path.join(this.host.runsDir(), newRunName(file, runArg));
    const trainer = engine === 'big_vision' ? hint?.trainer : undefined;
    await this.start({ ...this.baseSpec(engine), config: file, ...(runArg !== undefined ? { arg: runArg } : {}), overrides, workdir, ...(trainer ? { trainer } : {}) });
  }

  /** What every run asks first (Run, Run on TPU): trust, the config file, its arg and overrides (both remembered
   * per file). Undefined when the user cancels or cannot run. */
  async askRunInputs(arg: unknown, verb: string): Promise<{ file: string; runArg?: string; overrides: string[]; hint?: CommandHint } | undefined> {
    if (!this.trusted()) return undefined;
    const file = await this.configFile(arg);
    if (!file) return undefined;
    const state = this.host.extension.workspaceState;
    const hint = commandHint(fs.readFileSync(file, 'utf8'));
    const argText = await this.askArg(file, verb, hint);
    if (argText === undefined) return undefined;
    const overridesText = await vscode.window.showInputBox({
      title: `${verb} ${path.basename(file)}: overrides (optional)`,
      prompt: 'key=value pairs separated by spaces, as --config.key=value',
      value: state.get<Record<string, string>>(OVERRIDES_KEY, {})[file] ?? hint?.overrides.join(' ') ?? '',
      placeHolder: 'e.g. lr=0.001 model.depth=6',
      ignoreFocusOut: true,
      validateInput: (v) => {
        try {
          parseOverrides(v);
          return undefined;
        } catch (err) {
          return (err as Error).message;
        }
      },
    });
    if (overridesText === undefined) return undefined;
    await state.update(OVERRIDES_KEY, { ...state.get<Record<string, string>>(OVERRIDES_KEY, {}), [file]: overridesText });
    const runArg = argText.trim() === '' ? undefined : argText.trim();
    return { file, ...(runArg !== undefined ? { runArg } : {}), overrides: parseOverrides(overridesText), ...(hint ? { hint } : {}) };
  }

  /** The pre-run check; false (and the problems shown) when the run must not start. */
  async passesCheck(file: string, arg: string | undefined, overrides: string[], engine: EngineId): Promise<boolean> {
    const result = await this.host.checkRun({ uri: vscode.Uri.file(file).toString(), ...(arg !== undefined ? { arg } : {}), overrides });
    // Without a language server, the trainers' own gates still stop a broken config (bv train lists its problems).
    if (!result) return true;
    const blocking: RunProblem[] = result.error ? [result.error] : result.problems.filter((p) => p.severity === 'error' || (engine === 'tfjs' && p.code === 'engine-only'));
    if (!blocking.length) return true;
    const report = this.reportChannel();
    report.clear();
    report.appendLine(`Not started: ${path.basename(file)}${arg !== undefined ? `:${arg}` : ''} has ${blocking.length} problem(s) that would stop the run:`);
    for (const p of blocking) report.appendLine(`${p.file}:${p.line}:${p.col + 1}: ${p.severity} ${p.code} ${p.message}`);
    const first = blocking[0];
    const choice = await vscode.window.showErrorMessage(
      `Big Vision: not started, ${blocking.length} problem(s): ${path.basename(first.file)}:${first.line}: ${first.message}`,
      'Show All',
      'Go to Problem',
    );
    if (choice === 'Show All') report.show(true);
    if (choice === 'Go to Problem') {
      const pos = new vscode.Position(Math.max(0, first.line - 1), first.col);
      await vscode.window.showTextDocument(vscode.Uri.file(first.file), { selection: new vscode.Range(pos, pos) });
    }
    return false;
  }

  private report?: vscode.OutputChannel;
  private reportChannel(): vscode.OutputChannel {
    this.report ??= vscode.window.createOutputChannel('Big Vision: Checks');
    return this.report;
  }

  /** Starts `spec` with `runner` (a local run by default; `TpuRunner` for Run on TPU), streams its output to its
   * channel, and follows it in the view and status bar. */
  async start(spec: LaunchSpec, runner: Runner = this.runner): Promise<RunHandle> {
    const handle = await runner.start(spec);
    // The handle's workdir holds the record (a gs:// run keeps it in a local folder of its own).
    this.attach(handle.workdir, handle, `=== ${new Date().toISOString()} starting in ${spec.workdir}`);
    return handle;
  }

  private attach(workdir: string, handle: RunHandle, header: string): void {
    this.handles.set(workdir, handle);
    this.logs.get(workdir)?.dispose();
    const channel = vscode.window.createOutputChannel(`Big Vision Run: ${path.basename(workdir)}`);
    channel.appendLine(header);
    const off = handle.onOutput((text) => channel.append(text));
    this.logs.set(workdir, { channel, dispose: () => (off(), channel.dispose()) });
    channel.show(true);
    void handle.exited.then((outcome) => {
      channel.appendLine(`=== ended (exit code ${outcome.code ?? outcome.signal})`);
      if (this.handles.get(workdir) === handle) this.handles.delete(workdir);
      this.host.model.refresh(workdir);
    });
    this.host.model.refresh();
  }

  async resume(run: RunSummary): Promise<void> {
    if (!this.trusted()) return;
    if (run.status === 'running') {
      void vscode.window.showInformationMessage(`Big Vision: ${run.name} is running.`);
      return;
    }
    try {
      const runner = isTpuRun(run.workdir) ? new TpuRunner(undefined) : this.runner;
      const handle = await runner.resume(run.workdir);
      this.attach(run.workdir, handle, `=== ${new Date().toISOString()} resuming ${run.workdir}`);
    } catch (err) {
      void vscode.window.showErrorMessage(`Big Vision: cannot resume ${run.name}: ${(err as Error).message}`);
    }
  }

  async stop(run: RunSummary): Promise<void> {
    const handle = this.handles.get(run.workdir);
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Big Vision: stopping ${run.name} (finishing the step, then a checkpoint)` }, async () => {
      if (handle) await handle.stop();
      else await this.runner.stop(run.workdir);
    });
    this.host.model.refresh(run.workdir);
  }

  /** Shows a run's output: live if it runs from this window, else its log file, followed while it grows. */
  showLog(run: RunSummary): void {
    const live = this.logs.get(run.workdir);
    if (live) {
      live.channel.show(true);
      return;
    }
    const file = path.join(run.workdir, RUN_LOG_FILE);
    if (!fs.existsSync(file)) {
      void vscode.window.showInformationMessage(`Big Vision: ${run.name} has no log file: it was started outside bv run (e.g. bv train in a terminal, or upstream big_vision), whose output went to that terminal.`);
      return;
    }
    const channel = vscode.window.createOutputChannel(`Big Vision Run: ${path.basename(run.workdir)}`);
    let offset = 0;
    const readMore = () => {
      try {
        const size = fs.statSync(file).size;
        if (size < offset) offset = 0;
        if (size === offset) return;
        const fd = fs.openSync(file, 'r');
        const buf = Buffer.alloc(size - offset);
        fs.readSync(fd, buf, 0, buf.length, offset);
        fs.closeSync(fd);
        offset = size;
        channel.append(buf.toString('utf8'));
      } catch (err) {
        channel.appendLine(`(cannot read ${file}: ${(err as Error).message})`);
      }
    };
    readMore();
    let watcher: fs.FSWatcher | undefined;
    try {
      watcher = fs.watch(file, readMore);
    } catch {
      watcher = undefined;
    }
    this.logs.set(run.workdir, { channel, dispose: () => (watcher?.close(), channel.dispose()) });
    channel.show(true);
  }

  /** Run sweep: every run of the sweep, one after another, in a new folder of the runs folder. */
  async runSweep(args?: RunSweepArgs): Promise<void> {
    if (!this.trusted()) return;
    const file = await this.configFile(args);
    if (!file) return;
    const engine = await this.pickEngine();
    if (!engine) return;
    const dir = path.join(this.host.runsDir(), newRunName(file, args?.function ? `${args.function}` : 'sweep'));
    const count = args?.runs !== undefined ? `${args.runs} runs` : 'its runs';
    const go = await vscode.window.showInformationMessage(`Big Vision: run ${count} of ${args?.function ?? 'the sweep'} one after another in ${dir}?`, { modal: true }, 'Run Sweep');
    if (!go) return;
    const base = this.baseSpec(engine);
    const cli = bundledCli();
    const flags = ['sweep', file, '--run', '--runs-dir', dir, '--engine', engine, ...(base.checkout ? ['--checkout', base.checkout] : [])];
    const child = spawn(cli.node, [cli.script, ...flags], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', ...(base.tfdsDataDir ? { TFDS_DATA_DIR: base.tfdsDataDir } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    const channel = vscode.window.createOutputChannel(`Big Vision Sweep: ${path.basename(dir)}`);
    channel.appendLine(`=== bv ${flags.join(' ')}`);
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (d: Buffer) => channel.append(d.toString()));
    child.on('close', (code) => {
      channel.appendLine(`=== sweep ended (exit code ${code})`);
      this.host.model.refresh();
    });
    channel.show(true);
    this.host.model.refresh();
  }

  private updateStatusItem(): void {
    const running = this.host.model.runs().filter((r) => r.status === 'running');
    const active = running.find((r) => this.handles.has(r.workdir)) ?? running[0];
    if (!active) {
      this.statusItem.hide();
      return;
    }
    this.statusItem.text = statusBarText(active) + (running.length > 1 ? ` (+${running.length - 1})` : '');
    this.statusItem.tooltip = new vscode.MarkdownString(runTooltip(active));
    this.statusItem.command = { command: 'bigVision.runs.openMetrics', title: 'Open Metrics', arguments: [{ kind: 'run', run: active }] };
    this.statusItem.show();
  }

  dispose(): void {
    this.offModel();
    this.statusItem.dispose();
    this.report?.dispose();
    for (const log of this.logs.values()) log.dispose();
    this.logs.clear();
  }
}
