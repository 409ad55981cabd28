/**
 * Runs on Cloud TPU through the run interface (runs/runner.ts), as the editor starts them: `bv tpu run NODE` is the
 * launcher process, started in a process group of its own on this machine like `bv run`, so a TPU run outlives the
 * window that started it, shows in the Runs view from its record, and stops with the same SIGINT (the launcher
 * then stops the trainers on every worker after their step and checkpoint). Resume starts `bv tpu run` again on
 * the workdir with the node and flags its record holds (a gs:// workdir's run on that URL, its record folder kept).
 */
import { spawn } from 'node:child_process';
import { bundledCli, configFlag, type BvCli, type LaunchSpec } from '../runs/engines';
import { readRecord } from '../runs/record';
import { LocalHandle, stopRun, type RunHandle, type Runner, type StopOptions } from '../runs/runner';

/** Where a run goes: the node (created when missing) and the `bv tpu run` flags that say how (project, zone,
 * accelerator type, runtime version, spot, SSH user and port, state folder). */
export interface TpuTarget {
  node: string;
  flags: string[];
  /** For a gs:// workdir: the local folder of the run record (`--record-dir`), which the editor follows. */
  recordDir?: string;
}

/** `bv tpu run` arguments for `spec` on `target`. The spec's local Python is not passed: it names a program on
 * this machine, not on the workers. */
export function tpuRunArgs(spec: LaunchSpec, target: TpuTarget): string[] {
  const args = ['tpu', 'run', target.node, '--engine', spec.engine, '--config', configFlag(spec), '--workdir', spec.workdir];
  if (target.recordDir) args.push('--record-dir', target.recordDir);
  if (spec.name) args.push('--name', spec.name);
  if (spec.tfdsDataDir) args.push('--tfds-data-dir', spec.tfdsDataDir);
  for (const [k, v] of Object.entries(spec.env ?? {})) args.push('--env', `${k}=${v}`);
  if (spec.backend) args.push('--backend', spec.backend);
  if (spec.checkout) args.push('--checkout', spec.checkout);
  if (spec.trainer) args.push('--trainer', spec.trainer);
  return [...args, ...target.flags, ...spec.overrides.map((o) => `--config.${o}`)];
}

/** `bv tpu run` arguments that start the run recorded in `workdir` again; throws for a run that is not a TPU run. */
export function tpuResumeArgs(workdir: string): string[] {
  const record = readRecord(workdir);
  const remote = record?.remote;
  if (!record || !remote) throw new Error(`${workdir} holds no record of a TPU run (bv_run.json with a remote part); start it with Run on TPU`);
  // A run whose workdir is in a bucket resumes there; this folder keeps its record.
  const where = remote.workdir.startsWith('gs://') ? [remote.workdir, '--record-dir', workdir] : [workdir];
  const args = ['tpu', 'run', remote.node, '--engine', record.engine, '--config', configFlag(record), '--workdir', ...where];
  if (record.name) args.push('--name', record.name);
  return [...args, ...remote.flags, ...record.overrides.map((o) => `--config.${o}`)];
}

/** Whether `workdir` records a run on a TPU node (its Resume goes through `TpuRunner`). */
export function isTpuRun(workdir: string): boolean {
  try {
    return readRecord(workdir)?.remote !== undefined;
  } catch {
    return false;
  }
}

export class TpuRunner implements Runner {
  /** `env` reaches `bv tpu run`: the editor's environment, with `BV_TPU_API_ENDPOINT` / `BV_TPU_ACCESS_TOKEN`
   * when set. */
  constructor(private readonly target: TpuTarget | undefined, private readonly cli: BvCli = bundledCli(), private readonly env: NodeJS.ProcessEnv = process.env) {}

  private launch(workdir: string, args: string[]): RunHandle {
    const child = spawn(this.cli.node, [this.cli.script, ...args], {
      env: { ...this.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    return new LocalHandle(workdir, child);
  }

  async start(spec: LaunchSpec): Promise<RunHandle> {
    if (!this.target) throw new Error('no TPU node to start the run on');
    return this.launch(this.target.recordDir ?? spec.workdir, tpuRunArgs(spec, this.target));
  }

  stop(workdir: string, opts?: StopOptions): Promise<void> {
    return stopRun(workdir, opts);
  }

  async resume(workdir: string): Promise<RunHandle> {
    return this.launch(workdir, tpuResumeArgs(workdir));
  }
}
