/**
 * `bv train --config FILE[:ARG] --workdir DIR [--config.x=v ...] [--backend auto|wasm|cpu|tensorflow|cuda]
 * [--allow-config-change] [--workers N]`: the upstream `python -m big_vision.train` flags. Evaluates the config with the config
 * engine, then runs the bundled trainer. Errors that name a config key (a ConfigKeyError, with the key's path) are
 * printed at the line the engine's spans record for that key (`file:line:col: ...`). A workdir holding a run of another config is refused unless --allow-config-change.
 * Exit codes: 0 done (or stopped cleanly by SIGINT/SIGTERM, or nothing left to train), 1 training failed, 2 bad
 * config, flags or workdir.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkConfig } from '../check';
import { initPyparse } from '../pyparse';
import type { JsonValue } from '../config/protocol';
import { spanIndex } from '../config/spanIndex';
import { ConfigChangeError, ConfigKeyError, train } from '../train';
import { createProgress } from '../train/progress';
import { installStopSignal } from '../train/stopSignal';
import { evaluateForCommand } from './configShow';
import { callerDir, splitConfigArg } from './configFlags';
import { preRunGate } from './problemReport';
import { lastLines, recordThisProcess, SUPERVISED_ENV, type OwnRecord, type RunLaunch } from '../runs/record';
import { checkWorkdir } from '../runs/workdir';
import { missingFolders, removeEmptyFolders } from '../train/newFolders';
import { CHECKPOINT_DIR_ENV } from '../modelLoad/locate';
import { parseWorkers, type WorkersRequest } from '../train/parallel/workerCount';

export interface TrainCommandOptions {
  /** `FILE[:ARG]`, as upstream's --config. */
  config: string;
  /** Output folder; without it nothing is written (upstream too). */
  workdir?: string;
  /** `auto` (default), `wasm`, `cpu`, `tensorflow`, `cuda`. */
  backend?: string;
  /** `--config.x=v` overrides (without `--config.`). */
  overrides: string[];
  /** Print every measurement (`[step] name = value`). */
  verbose?: boolean;
  /** Milliseconds allowed for evaluating the config. */
  timeout?: string;
  /** A big_vision checkout whose big_vision/configs modules configs import. */
  checkout?: string;
  /** Resume a workdir whose config.json differs in more than run length and logging. */
  allowConfigChange?: boolean;
  /** Folder of released checkpoints for config.model_init (sets $BV_CHECKPOINT_DIR for the run). */
  checkpointDir?: string;
  /** `--workers`: data-parallel worker threads, `auto` (default) for one per core. */
  workers?: string;
}

export async function trainCommand(opts: TrainCommandOptions): Promise<number> {
  const cwd = callerDir();
  if (opts.checkpointDir) process.env[CHECKPOINT_DIR_ENV] = path.resolve(cwd, opts.checkpointDir);
  let workers: WorkersRequest;
  try {
    workers = parseWorkers(opts.workers);
  } catch (err) {
    process.stderr.write(`bv train: ${(err as Error).message}\n`);
    return 2;
  }
  const { file, arg } = splitConfigArg(opts.config);
  const abs = path.resolve(cwd, file);
  const result = await evaluateForCommand(file, abs, { arg, overrides: opts.overrides, timeoutMs: Number(opts.timeout ?? 10000), checkout: opts.checkout && path.resolve(cwd, opts.checkout) });
  if (!result) return 2;
  // What `bv check` reports, at once and before any data is read: errors and what only upstream's trainer runs
  // stop this run, warnings (often the hint behind an error) are shown.
  await initPyparse();
  const gate = preRunGate(checkConfig({ file: abs, source: fs.readFileSync(abs, 'utf8'), result }), cwd, opts.config);
  for (const line of gate.lines) process.stderr.write(`${line}\n`);
  if (gate.blocked) return 2;
  // The workdir is made and checked before any data is read; the run record (and config.json) come once the data
  // is open, and a run that fails before that takes away the folders made for it.
  const workdir = opts.workdir ? path.resolve(cwd, opts.workdir) : undefined;
  const made = workdir ? missingFolders(workdir) : [];
  const workdirProblem = workdir ? checkWorkdir(workdir) : undefined;
  if (workdirProblem) {
    removeEmptyFolders(made);
    process.stderr.write(`bv train: ${workdirProblem}\n`);
    return 2;
  }
  let own: OwnRecord | undefined;
  let ready = false;
  const onReady = () => {
    ready = true;
    if (workdir && !process.env[SUPERVISED_ENV]) own = recordThisProcess(workdir, trainLaunch(opts, abs, arg, cwd));
  };
  const progress = createProgress(process.stderr, { verbose: opts.verbose });
  const stop = installStopSignal((signal) => progress.note(`${signal}: finishing the current step${opts.workdir ? ', then writing a checkpoint' : ''} (again to stop at once)`));
  try {
    const r = await train({
      config: result.config as { [key: string]: JsonValue },
      configText: result.configText,
      workdir,
      backend: opts.backend ?? 'auto',
      progress,
      onReady,
      stop,
      allowConfigChange: opts.allowConfigChange,
      workers,
    });
    progress.done();
    if (r.upToDate) {
      process.stderr.write(`bv train: ${workdir} already holds the checkpoint of step ${r.step}, at or past the end of this run (${r.totalSteps} steps); nothing was trained or written. Set a longer run to train on, or use another --workdir to start over.\n`);
      return 0;
    }
    own?.end({ code: 0, ...(r.stoppedBy ? { stoppedBy: r.stoppedBy } : {}) });
    if (r.stoppedBy) process.stderr.write(`Stopped by ${r.stoppedBy} after step ${r.step}${r.checkpoint ? `; checkpoint ${r.checkpoint}` : ''}. Run the same command to resume.\n`);
    return 0;
  } catch (err) {
    progress.done();
    if (err instanceof ConfigChangeError) {
      process.stderr.write(`bv train: ${err.message}\n`);
      return 2;
    }
    if (err instanceof ConfigKeyError) {
      const span = spanIndex(result.spans).nearest(err.path);
      const where = span ? `${span.file === abs ? file : span.file}:${span.line}:${span.col + 1}` : file;
      process.stderr.write(`${where}: ${err.message}\n`);
      own?.end({ code: 2, error: [`${where}: ${err.message}`] });
      return 2;
    }
    process.stderr.write(`bv train: ${err instanceof Error ? err.message : String(err)}\n`);
    own?.end({ code: 1, error: lastLines(`bv train: ${err instanceof Error ? err.message : String(err)}`) });
    if (process.env.BV_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return 1;
  } finally {
    stop.dispose();
    if (!ready) removeEmptyFolders(made);
  }
}

/** What the run record of a `bv train` started by hand says about its launch. */
function trainLaunch(opts: TrainCommandOptions, config: string, arg: string | undefined, cwd: string): RunLaunch {
  const command = ['bv', 'train', '--config', opts.config, '--workdir', opts.workdir ?? ''];
  if (opts.backend && opts.backend !== 'auto') command.push('--backend', opts.backend);
  if (opts.workers && opts.workers !== 'auto') command.push('--workers', opts.workers);
  if (opts.checkout) command.push('--checkout', opts.checkout);
  return {
    engine: 'tfjs',
    command: [...command, ...opts.overrides.map((o) => `--config.${o}`)],
    cwd,
    config,
    ...(arg !== undefined ? { arg } : {}),
    overrides: opts.overrides,
    ...(process.env.TFDS_DATA_DIR ? { tfdsDataDir: process.env.TFDS_DATA_DIR } : {}),
    options: { ...(opts.backend && opts.backend !== 'auto' ? { backend: opts.backend } : {}), ...(opts.checkout ? { checkout: path.resolve(cwd, opts.checkout) } : {}) },
  };
}
