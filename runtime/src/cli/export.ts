/**
 * `bv export CHECKPOINT OUT.npz [--ema]`: a bundled-trainer checkpoint's params as an `.npz` in the layout upstream
 * releases its checkpoints in (flattened `/`-joined param names, one float32 array each, no `params/` prefix), so
 * `config.model_init = 'OUT.npz'` loads it here and in upstream big_vision (`utils.load_params`), and numpy reads it.
 * CHECKPOINT is a workdir (its last checkpoint), a `checkpoint.bv` base path, or one `checkpoint.bv-<step>` folder.
 * Exit codes: 0 written, 1 unreadable checkpoint or unwritable file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkpointBase, lastCheckpoint, loadCheckpoint } from '../checkpoint/checkpoint';
import type { NpyArray } from '../checkpoints/npz/npy';
import { writeNpz } from '../checkpoints/npz/npz';
import { callerDir } from './configFlags';

/** Options of `bv export`. */
export interface ExportOptions {
  /** Export the params' moving average (`params_ema/`) instead of the params. */
  ema?: boolean;
}

/** The checkpoint a path names: a workdir's newest, or the path itself. */
function checkpointOf(p: string): string {
  const base = checkpointBase(p);
  return fs.existsSync(p) && fs.statSync(p).isDirectory() && lastCheckpoint(base) ? base : p;
}

/** The params of a checkpoint as npz arrays, by upstream name. */
export function exportedParams(checkpoint: string, ema = false): Map<string, NpyArray> {
  const prefix = ema ? 'params_ema/' : 'params/';
  const out = new Map<string, NpyArray>();
  for (const [name, leaf] of loadCheckpoint(checkpointOf(checkpoint), prefix)) {
    const d = leaf.data;
    const data = d instanceof Float32Array || d instanceof Int32Array ? d : Float32Array.from(d as ArrayLike<number>);
    out.set(name.slice(prefix.length), { shape: leaf.shape, data });
  }
  return out;
}

/** Runs `bv export`; returns the exit code. */
export function exportCommand(checkpoint: string, out: string, opts: ExportOptions = {}): number {
  const cwd = callerDir();
  const source = path.resolve(cwd, checkpoint);
  const target = path.resolve(cwd, out);
  try {
    const params = exportedParams(source, opts.ema);
    writeNpz(target, params);
    const count = [...params.values()].reduce((n, a) => n + a.data.length, 0);
    process.stdout.write(`Wrote ${params.size} arrays (${count} parameters) of ${source} to ${target}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`bv export: ${(err as Error).message}\n`);
    return 1;
  }
}
