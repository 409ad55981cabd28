/**
 * `bv run --engine tfjs|big_vision --config FILE[:ARG] --workdir DIR [--config.x=v ...]`: trains a config on an
 * engine and records the run (record, log, exit) in its workdir; what the editor's Run and `bv sweep --run`
 * start. `--engine tfjs` runs `bv train`; `--engine big_vision` runs upstream's `python -m big_vision.train` in
 * the checkout given by `--checkout`. Exit code: the trainer's.
 */
import * as path from 'node:path';
import type { JsonValue } from '../config/protocol';
import { ENGINES, type EngineId } from '../runs/record';
import type { LaunchSpec } from '../runs/engines';
import { supervise } from '../runs/supervisor';
import { callerDir, splitConfigArg } from './configFlags';

export interface RunCommandOptions {
  engine: string;
  config: string;
  workdir: string;
  name?: string;
  label?: string[];
  env?: string[];
  tfdsDataDir?: string;
  backend?: string;
  python?: string;
  checkout?: string;
  trainer?: string;
  overrides: string[];
}

/** `k=v` pairs; `v` is JSON when it parses (labels keep their types), else the text. */
function pairs(items: string[] | undefined, what: string, json: boolean): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const item of items ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new Error(`--${what} ${item}: expected NAME=VALUE`);
    const raw = item.slice(eq + 1);
    let value: JsonValue = raw;
    if (json) {
      try {
        value = JSON.parse(raw) as JsonValue;
      } catch {
        value = raw;
      }
    }
    out[item.slice(0, eq)] = value;
  }
  return out;
}

/** The launch spec the flags describe (paths resolved against the caller's folder). */
export function specFromFlags(opts: RunCommandOptions, cwd = callerDir()): LaunchSpec {
  if (!(ENGINES as readonly string[]).includes(opts.engine)) throw new Error(`--engine ${opts.engine}: expected one of ${ENGINES.join(', ')}`);
  const { file, arg } = splitConfigArg(opts.config);
  const env = pairs(opts.env, 'env', false) as Record<string, string>;
  const labels = pairs(opts.label, 'label', true);
  return {
    engine: opts.engine as EngineId,
    config: path.resolve(cwd, file),
    ...(arg !== undefined ? { arg } : {}),
    overrides: opts.overrides,
    workdir: path.resolve(cwd, opts.workdir),
    ...(Object.keys(labels).length ? { labels } : {}),
    ...(opts.name ? { name: opts.name } : {}),
    ...(opts.tfdsDataDir ? { tfdsDataDir: path.resolve(cwd, opts.tfdsDataDir) } : {}),
    ...(Object.keys(env).length ? { env } : {}),
    ...(opts.backend ? { backend: opts.backend } : {}),
    ...(opts.python ? { python: opts.python } : {}),
    ...(opts.checkout ? { checkout: path.resolve(cwd, opts.checkout) } : {}),
    ...(opts.trainer ? { trainer: opts.trainer } : {}),
  };
}

export async function runCommand(opts: RunCommandOptions): Promise<number> {
  let spec: LaunchSpec;
  try {
    spec = specFromFlags(opts);
  } catch (err) {
    process.stderr.write(`bv run: ${(err as Error).message}\n`);
    return 2;
  }
  // The editor that started us may go away; its closed pipes must not end the run.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  return supervise(spec, { stdout: process.stdout, stderr: process.stderr });
}
