/**
 * `bv tpu run NODE --config FILE[:ARG] --workdir DIR|gs://B/P [--engine tfjs|big_vision] [--env K=V]... [--config.k=v]`:
 * trains a config on a Cloud TPU node (created when it does not exist), streaming worker 0's output and the
 * launcher's steps, mirroring metrics and checkpoints into the local workdir, recovering from preemption. A gs://
 * workdir goes to the trainers as it is; the run record and the tailed metrics go to `--record-dir` (default
 * `runs/<last segment of the URL>`, where `bv runs list` looks). Ctrl-C
 * (or the editor's Stop, a SIGINT to this process) stops the run on every worker after its step and checkpoint; a
 * second one stops it at once. Exit code: the run's (0 finished, 130 stopped, the failed worker's status).
 */
import { DEFAULT_JAX } from '../launch/bootstrap';
import { recordDirFor, tfjsGcsProblem } from '../launch/gcs/gcsUrl';
import { isGcsPath } from '../launch/remoteLayout';
import { TpuLaunch, type TpuRunOptions } from '../launch/tpuLaunch';
import { callerDir } from './configFlags';
import { specFromFlags } from './run';
import { tpuContext, type TpuCommonOptions } from './tpuContext';

export interface TpuRunFlags extends TpuCommonOptions {
  config: string;
  workdir: string;
  recordDir?: string;
  engine: string;
  env?: string[];
  acceleratorType?: string;
  runtimeVersion?: string;
  spot?: boolean;
  deleteAfter?: boolean;
  checkout?: string;
  trainer?: string;
  jax?: string;
  python?: string;
  setup?: string;
  backend?: string;
  name?: string;
  tfdsDataDir?: string;
  maxRecoveries?: string;
  stopPrevious?: boolean;
  watchMs?: string;
}

function int(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} ${value}: expected a whole number`);
  return n;
}

/** The flags that start this run again besides config, workdir, engine and overrides (for Resume). */
export function resumeFlags(f: TpuRunFlags): string[] {
  const out: string[] = [];
  const add = (flag: string, v: string | undefined) => v !== undefined && out.push(flag, v);
  add('--project', f.project);
  add('--zone', f.zone);
  add('--accelerator-type', f.acceleratorType);
  add('--runtime-version', f.runtimeVersion);
  if (f.spot) out.push('--spot');
  add('--ssh-user', f.sshUser);
  add('--ssh-port', f.sshPort);
  if (f.internalIp) out.push('--internal-ip');
  if (f.deleteAfter) out.push('--delete-after');
  add('--checkout', f.checkout);
  add('--trainer', f.trainer);
  add('--jax', f.jax);
  add('--python', f.python);
  add('--setup', f.setup);
  add('--backend', f.backend);
  add('--tfds-data-dir', f.tfdsDataDir);
  add('--max-recoveries', f.maxRecoveries);
  add('--state-dir', f.stateDir);
  for (const e of f.env ?? []) out.push('--env', e);
  return out;
}

export async function tpuRunCommand(node: string, flags: TpuRunFlags, overrides: string[]): Promise<number> {
  const gcs = isGcsPath(flags.workdir);
  const refused = tfjsGcsProblem(flags.engine, flags.workdir);
  if (refused) throw new Error(refused);
  if (!gcs && flags.recordDir !== undefined) throw new Error(`--record-dir ${flags.recordDir}: only for a gs:// --workdir (a local --workdir holds its own record)`);
  const recordDir = gcs ? recordDirFor(flags.workdir, flags.recordDir, callerDir()) : undefined;
  const parsed = specFromFlags({ engine: flags.engine, config: flags.config, workdir: flags.workdir, overrides, ...(flags.env ? { env: flags.env } : {}), ...(flags.name ? { name: flags.name } : {}), ...(flags.backend ? { backend: flags.backend } : {}), ...(flags.checkout ? { checkout: flags.checkout } : {}), ...(flags.trainer ? { trainer: flags.trainer } : {}), ...(flags.tfdsDataDir ? { tfdsDataDir: flags.tfdsDataDir } : {}) });
  // A URL is not a path to resolve: the trainers get it as it is.
  const spec = gcs ? { ...parsed, workdir: flags.workdir.replace(/\/+$/, '') } : parsed;
  const ctx = await tpuContext(flags);
  const jax = flags.jax === undefined ? DEFAULT_JAX : flags.jax === 'none' ? null : flags.jax;
  const opts: TpuRunOptions = {
    spec,
    wish: { at: ctx.at, name: node, ...(flags.acceleratorType ? { acceleratorType: flags.acceleratorType } : {}), ...(flags.runtimeVersion ? { runtimeVersion: flags.runtimeVersion } : {}), spot: !!flags.spot, sshKeys: ctx.sshKeys },
    ssh: ctx.ssh,
    deleteAfter: !!flags.deleteAfter,
    ...(flags.setup ? { setup: flags.setup } : {}),
    jax,
    ...(flags.python ? { python: flags.python } : {}),
    maxRecoveries: int(flags.maxRecoveries, '--max-recoveries', 3),
    stopPrevious: !!flags.stopPrevious,
    flags: resumeFlags(flags),
    watchMs: int(flags.watchMs, '--watch-ms', 30_000) || 30_000,
    pollMs: ctx.pollMs,
    ...(recordDir ? { recordDir } : {}),
  };
  // The editor that started us may go away; its closed pipes must not end the run.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  const launch = new TpuLaunch(opts, ctx.provider, { stdout: process.stdout, stderr: process.stderr });
  const onSignal = (signal: NodeJS.Signals) => launch.requestStop(signal === 'SIGHUP' ? 'SIGTERM' : signal);
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);
  try {
    return await launch.start();
  } finally {
    for (const s of signals) process.off(s, onSignal);
    await ctx.provider.close();
  }
}
