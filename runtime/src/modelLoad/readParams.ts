/**
 * upstream `utils.load_params` on host arrays: an `.npz` archive (flattened `/`-joined keys; a top-level `params/`
 * subtree, or the old Flax optimizer's `opt/target/`, is unwrapped, else the archive is the params as released) or a
 * `checkpoint.bv` folder of the bundled trainer (its `params/…` arrays; a base path follows `-LAST`). A `key`
 * (`file.npz:img`) keeps only that sub-tree, with its prefix removed.
 */
import * as fs from 'node:fs';
import { loadCheckpoint } from '../checkpoint/checkpoint';
import { readNpz } from '../checkpoints/npz/npz';
import type { NpyArray } from '../checkpoints/npz/npy';

/** Flat params on the host: `/`-joined name → array. */
export type HostParams = Map<string, NpyArray>;

/** Keeps the names under `prefix/`, without it. */
function subtree(all: HostParams, prefix: string): HostParams {
  const out: HostParams = new Map();
  for (const [k, v] of all) if (k.startsWith(`${prefix}/`)) out.set(k.slice(prefix.length + 1), v);
  return out;
}

function fromNpz(file: string): HostParams {
  const all = readNpz(file);
  for (const prefix of ['params', 'opt/target']) {
    const sub = subtree(all, prefix);
    if (sub.size) return sub;
  }
  return all;
}

function fromCheckpointFolder(file: string): HostParams {
  const out: HostParams = new Map();
  for (const [name, leaf] of loadCheckpoint(file, 'params/')) {
    const d = leaf.data;
    const data = d instanceof Float32Array || d instanceof Int32Array ? d : d instanceof Float64Array ? Float32Array.from(d) : Int32Array.from(d as ArrayLike<number>, Number);
    out.set(name.slice('params/'.length), { shape: leaf.shape, data });
  }
  return out;
}

/** Reads the params of `file` (an .npz, or a checkpoint folder / base path), optionally the sub-tree `key`. */
export function readParams(file: string, key?: string): HostParams {
  const isArchive = file.includes('.npz') || (fs.existsSync(file) && fs.statSync(file).isFile());
  const params = isArchive ? fromNpz(file) : fromCheckpointFolder(file);
  if (!key) return params;
  const sub = subtree(params, key);
  if (!sub.size) {
    const tops = [...new Set([...params.keys()].map((k) => k.split('/')[0]))].slice(0, 12);
    throw new Error(`${file}: no parameters under '${key}' (the ':${key}' selector); its top-level names are ${tops.join(', ')}`);
  }
  return sub;
}
