/**
 * What a TPU run executes, worked out before anything starts: which workers run the trainer (all of them for
 * big_vision; worker 0 for the bundled engine, which has no cross-host communication), the trainer command on the
 * workers, its working folder and environment, and where the config file goes.
 */
import * as path from 'node:path';
import { configFlag, type LaunchSpec } from '../runs/engines';
import { SUPERVISED_ENV } from '../runs/record';
import { isGcsPath, remoteWorkdir, type RemoteLayout } from './remoteLayout';

export interface RemoteCommand {
  /** argv on the worker. */
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  /** The config file's path on the workers. */
  config: string;
  workdir: string;
}

/** The indices of the workers that run the trainer. */
export function trainerWorkers(engine: LaunchSpec['engine'], hosts: number): number[] {
  return engine === 'tfjs' ? [0] : Array.from({ length: hosts }, (_, i) => i);
}

/** Where the config file is read on the workers: inside the synced checkout when it lies in it, else uploaded. */
export function remoteConfigPath(spec: LaunchSpec, layout: RemoteLayout, run: string): { path: string; upload: boolean } {
  if (spec.engine === 'big_vision' && spec.checkout) {
    const rel = path.relative(spec.checkout, spec.config);
    if (!rel.startsWith('..') && !path.isAbsolute(rel) && rel.split(path.sep)[0] === 'big_vision') return { path: path.posix.join(layout.checkout, ...rel.split(path.sep)), upload: false };
  }
  return { path: path.posix.join(layout.root, 'configs', run, path.basename(spec.config)), upload: true };
}

/** The trainer command for worker `index` of `hosts`. `runner` is what the bootstrap set up (bv or Python). */
export function remoteCommand(spec: LaunchSpec, layout: RemoteLayout, run: string, runner: string, index: number, hosts: number): RemoteCommand {
  const config = remoteConfigPath(spec, layout, run).path;
  const workdir = remoteWorkdir(layout, run, spec.workdir);
  const flags = ['--config', configFlag({ config, arg: spec.arg }), '--workdir', workdir];
  const overrides = spec.overrides.map((o) => `--config.${o}`);
  const common = { BV_TPU_WORKER: String(index), BV_TPU_WORKERS: String(hosts), ...(spec.env ?? {}) };
  if (spec.engine === 'tfjs') {
    return {
      argv: [runner, 'train', ...flags, ...(spec.backend ? ['--backend', spec.backend] : []), ...overrides],
      cwd: layout.home,
      // The launcher owns the run record (in the local workdir): the trainer on the worker writes none.
      env: { [SUPERVISED_ENV]: '1', ...common },
      config,
      workdir,
    };
  }
  return {
    argv: [runner, '-m', spec.trainer ?? 'big_vision.train', ...flags, ...overrides],
    cwd: layout.checkout,
    env: { PYTHONPATH: layout.checkout, PYTHONUNBUFFERED: '1', ...(hosts > 1 ? { BV_JAX_INIT: '1' } : {}), ...common },
    config,
    workdir,
  };
}

/** The command as the run record shows it. */
export function displayCommand(cmd: RemoteCommand): string[] {
  return [...Object.entries(cmd.env).filter(([k]) => !k.startsWith('BV_TPU_')).map(([k, v]) => `${k}=${v}`), ...cmd.argv];
}

export { isGcsPath };
