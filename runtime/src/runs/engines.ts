/**
 * The engines a run can train on, behind one interface: each turns a launch spec into the trainer's command.
 * - `tfjs`: the bundled trainer, `bv train` (this package's CLI under the Node running us);
 * - `big_vision`: upstream's JAX trainer, `python -m big_vision.train` run in a big_vision checkout, for users
 *   with JAX on a local GPU (or, through a remote runner, on TPU VMs).
 * Everything else about a run (record, log, stop, resume) is the same for both; see supervisor.ts and runner.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JsonValue } from '../config/protocol';
import type { EngineId } from './record';

/** Everything needed to start (and later resume) a run. Paths are absolute. */
export interface LaunchSpec {
  engine: EngineId;
  config: string;
  arg?: string;
  /** `--config.` overrides without the prefix (`lr=0.001`). */
  overrides: string[];
  workdir: string;
  labels?: Record<string, JsonValue>;
  name?: string;
  /** TFDS data dir the trainer reads (passed as TFDS_DATA_DIR). */
  tfdsDataDir?: string;
  /** Extra environment variables for the trainer. */
  env?: Record<string, string>;
  /** tfjs: `auto`, `wasm`, `cpu`, `tensorflow`, `cuda`. */
  backend?: string;
  /** big_vision: the Python that has JAX and big_vision's requirements (default `python3`). */
  python?: string;
  /** A big_vision checkout (the folder holding `big_vision/`): required by big_vision, optional for tfjs. */
  checkout?: string;
  /** big_vision: the trainer module (default `big_vision.train`; e.g. `big_vision.trainers.proj.distill.distill`). */
  trainer?: string;
}

export interface EngineCommand {
  file: string;
  args: string[];
  cwd: string;
  /** Variables added to the environment. */
  env: Record<string, string>;
  /** The command as a user would type it, for the run record and logs. */
  display: string[];
}

export interface RunEngine {
  id: EngineId;
  title: string;
  /** The trainer command; throws an error that says which setting to fix when the engine cannot run. */
  command(spec: LaunchSpec, cli: BvCli): EngineCommand;
}

/** How to run this package's own CLI: a Node binary and the bundled `cli.js`. */
export interface BvCli {
  node: string;
  script: string;
}

/** `--config` as upstream takes it. */
export function configFlag(spec: Pick<LaunchSpec, 'config' | 'arg'>): string {
  return spec.arg === undefined ? spec.config : `${spec.config}:${spec.arg}`;
}

/**
 * The bundled CLI for the caller: itself when the caller is a CLI bundle; from the extension (dist/client), the
 * self-contained trainer bundle the .vsix ships (dist/trainer), else the npm one (dist/runtime); from sources
 * (tests), the npm bundle of the last build.
 */
export function bundledCli(): BvCli {
  const candidates = [
    path.join(__dirname, 'cli.js'),
    path.join(__dirname, '..', 'trainer', 'cli.js'),
    path.join(__dirname, '..', 'runtime', 'cli.js'),
    path.resolve(__dirname, '..', '..', '..', 'dist', 'runtime', 'cli.js'),
  ];
  const script = candidates.find((f) => fs.existsSync(f));
  if (!script) throw new Error(`the bundled bv CLI is missing (looked for ${candidates.join(', ')}); run \`npm run build\``);
  return { node: process.execPath, script };
}

const tfjs: RunEngine = {
  id: 'tfjs',
  title: 'bundled TensorFlow.js trainer (bv train)',
  command(spec, cli) {
    const flags = ['--config', configFlag(spec), '--workdir', spec.workdir];
    if (spec.backend) flags.push('--backend', spec.backend);
    if (spec.checkout) flags.push('--checkout', spec.checkout);
    const overrides = spec.overrides.map((o) => `--config.${o}`);
    return {
      file: cli.node,
      args: [cli.script, 'train', ...flags, ...overrides],
      cwd: path.dirname(spec.config),
      // The extension host may be Electron: make it behave as plain Node.
      env: { ELECTRON_RUN_AS_NODE: '1', ...(spec.tfdsDataDir ? { TFDS_DATA_DIR: spec.tfdsDataDir } : {}), ...spec.env },
      display: ['bv', 'train', ...flags, ...overrides],
    };
  },
};

const bigVision: RunEngine = {
  id: 'big_vision',
  title: 'upstream big_vision (JAX)',
  command(spec) {
    const checkout = spec.checkout;
    if (!checkout) {
      throw new Error('the big_vision engine needs a big_vision checkout: set bigVision.checkout (bv: --checkout DIR) to the folder that holds big_vision/train.py');
    }
    const trainer = spec.trainer ?? 'big_vision.train';
    const module = path.join(checkout, ...trainer.split('.')) + '.py';
    if (!fs.existsSync(module)) {
      throw new Error(`${module} is missing: bigVision.checkout (${checkout}) must be the folder that holds big_vision/, and ${trainer} a trainer module in it`);
    }
    const python = spec.python || 'python3';
    const args = ['-m', trainer, '--config', configFlag(spec), '--workdir', spec.workdir, ...spec.overrides.map((o) => `--config.${o}`)];
    const pythonPath = [checkout, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter);
    return {
      file: python,
      args,
      cwd: checkout,
      env: { PYTHONPATH: pythonPath, PYTHONUNBUFFERED: '1', ...(spec.tfdsDataDir ? { TFDS_DATA_DIR: spec.tfdsDataDir } : {}), ...spec.env },
      display: [python, ...args],
    };
  },
};

export const RUN_ENGINES: Readonly<Record<EngineId, RunEngine>> = { tfjs, big_vision: bigVision };

/** The launch options a resume must repeat, as stored in the run record. */
export function launchOptions(spec: LaunchSpec): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['backend', 'python', 'checkout', 'trainer'] as const) {
    const v = spec[key];
    if (v) out[key] = v;
  }
  return out;
}
