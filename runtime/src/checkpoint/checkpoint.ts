/**
 * Checkpoints in upstream big_vision's layout (`utils.save_checkpoint_ts` / `load_checkpoint_ts`):
 *
 *   <workdir>/checkpoint.bv-000000200-tmp/params~head~kernel/{.zarray,0.0}   one zarr array per leaf, named by its
 *   <workdir>/checkpoint.bv-000000300/opt~...                                `/`-joined path with `/` → `~`
 *   <workdir>/checkpoint.bv-LAST        "000000300": suffix of the newest complete checkpoint
 *
 * A `-tmp` suffix marks a checkpoint that is not kept: the next save deletes it once the new one is referenced.
 * Never a half checkpoint: arrays are written into `<name>.partial`, the folder is renamed to its final name, and
 * only then is `-LAST` replaced (write `-CUR`, rename over `-LAST`; renames are atomic), so a crash at any point
 * leaves `-LAST` naming a complete checkpoint. Upstream writes straight into the final folder and relies on the
 * pointer alone; the staging folder additionally keeps half-written arrays out of the checkpoint names. What an
 * interrupted save leaves (a staging folder, a `-tmp` checkpoint never referenced) is removed on the next start.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readZarr, writeZarr, type Leaf } from './zarr';

/** A flat checkpoint tree: `/`-joined leaf path → array (`params/head/kernel`, `opt/...`, `chrono/...`). */
export type CheckpointTree = Map<string, Leaf>;

/** Base path of the checkpoints in a workdir (upstream `save_ckpt_path`). */
export function checkpointBase(workdir: string): string {
  return path.join(workdir, 'checkpoint.bv');
}

/** The folder-name suffix of a checkpoint of `step`: `000000200`, or `000000200-tmp` when it is not kept. */
export function checkpointSuffix(step: number, keep: boolean): string {
  return `${String(step).padStart(9, '0')}${keep ? '' : '-tmp'}`;
}

/** The suffix `-LAST` points at, or undefined when there is no complete checkpoint. */
export function lastCheckpoint(base: string): string | undefined {
  try {
    const s = fs.readFileSync(`${base}-LAST`, 'utf8').trim();
    return s || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Saves `tree` as checkpoint `step` (kept permanently when `keep`) and points `-LAST` at it; then deletes the
 * previously referenced checkpoint if it was a `-tmp` one. Synchronous: returns once everything is on disk.
 */
export function saveCheckpoint(base: string, step: number, keep: boolean, tree: CheckpointTree): string {
  const suffix = checkpointSuffix(step, keep);
  const final = `${base}-${suffix}`;
  const staging = `${final}.partial`;
  fs.rmSync(staging, { recursive: true, force: true }); // left by an earlier crash
  fs.mkdirSync(staging, { recursive: true });
  for (const [name, leaf] of tree) {
    if (name.includes('~')) throw new Error(`Symbol '~' is not allowed in checkpoint leaf names. Found in ${name}.`);
    writeZarr(path.join(staging, name.replaceAll('/', '~')), leaf);
  }
  // A restarted run may save a step that an earlier, interrupted run saved too but never referenced.
  if (lastCheckpoint(base) !== suffix) fs.rmSync(final, { recursive: true, force: true });
  else throw new Error(`checkpoint ${final} is the one ${base}-LAST references; refusing to overwrite it`);
  fs.renameSync(staging, final);

  const previous = lastCheckpoint(base);
  const cur = `${base}-CUR`;
  const fd = fs.openSync(cur, 'w');
  try {
    fs.writeSync(fd, suffix);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(cur, `${base}-LAST`);
  if (previous && previous !== suffix && previous.endsWith('-tmp')) {
    fs.rmSync(`${base}-${previous}`, { recursive: true, force: true });
  }
  return final;
}

/**
 * Removes what interrupted saves left beside the checkpoints of `base`: staging folders (`*.partial`), `-tmp`
 * checkpoints that `-LAST` does not reference (a save renames its folder before it moves the pointer, and deletes
 * the previous `-tmp` one after), and a `-CUR` pointer never renamed. Kept checkpoints are never touched.
 * Returns the paths removed.
 */
export function removeStaleCheckpoints(base: string): string[] {
  const dir = path.dirname(base);
  const prefix = `${path.basename(base)}-`;
  const last = lastCheckpoint(base);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return []; // no workdir yet
  }
  const stale = names
    .filter((n) => n.startsWith(prefix))
    .map((n) => n.slice(prefix.length))
    .filter((suffix) => suffix.endsWith('.partial') || (suffix.endsWith('-tmp') && suffix !== last) || suffix === 'CUR')
    .map((suffix) => `${base}-${suffix}`);
  for (const p of stale) {
    try {
      fs.rmSync(p, { recursive: true, force: true });
    } catch (err) {
      throw new Error(`cannot remove ${p}, left by an interrupted checkpoint save: ${(err as Error).message}; remove it by hand`, { cause: err });
    }
  }
  return stale;
}

/**
 * Resolves a checkpoint path as upstream's `load_checkpoint_ts` does: `<base>` with a `<base>-LAST` pointer
 * means the checkpoint it names; anything else is taken as a checkpoint folder.
 */
export function resolveCheckpoint(p: string): string {
  const last = lastCheckpoint(p);
  return last ? `${p}-${last}` : p;
}

/** Loads every leaf of a checkpoint (base path with `-LAST`, or a checkpoint folder); `prefix` filters by path. */
export function loadCheckpoint(p: string, prefix?: string): CheckpointTree {
  const dir = resolveCheckpoint(p);
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => fs.existsSync(path.join(dir, n, '.zarray')));
  } catch (err) {
    throw new Error(`cannot read checkpoint ${dir}: ${(err as Error).message}`, { cause: err });
  }
  const tree: CheckpointTree = new Map();
  for (const name of names.sort()) {
    const leafPath = name.replaceAll('~', '/');
    if (prefix && !leafPath.startsWith(prefix)) continue;
    tree.set(leafPath, readZarr(path.join(dir, name)));
  }
  if (tree.size === 0) throw new Error(`checkpoint ${dir} holds no arrays${prefix ? ` under ${prefix}` : ''}`);
  return tree;
}
