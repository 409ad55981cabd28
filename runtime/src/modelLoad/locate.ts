/**
 * Where `config.model_init` lies on this machine. Upstream opens vanity names' `gs://` files directly; here nothing
 * is downloaded: a vanity name (or a `gs://` path) is looked for under the user's checkpoint folder, both as the
 * bucket path (`<dir>/vit_models/augreg/B_32-….npz`, what `gsutil cp -r gs://vit_models/augreg <dir>/vit_models/`
 * leaves) and by its file name alone (`<dir>/B_32-….npz`). A local path is taken relative to the config's working
 * folder, then the checkpoint folder; a `checkpoint.bv` base path or a workdir of the bundled trainer names its last
 * checkpoint. A trailing `:sub/key` selects a sub-tree (upstream's `load_params`).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkpointFileOf } from '../registry/checkpointNames';

/** The environment variable `bv train` reads the checkpoint folder from (the editor's `bigVision.checkpointDir`). */
export const CHECKPOINT_DIR_ENV = 'BV_CHECKPOINT_DIR';

/** A located checkpoint. */
export interface LocatedCheckpoint {
  /** What the config says (`config.model_init`). */
  readonly init: string;
  /** The file upstream would open (a vanity name's public address), without the `:key` selector. */
  readonly upstreamFile: string;
  /** The local file or checkpoint folder. */
  readonly file: string;
  /** The sub-tree selector after `:` (`img` of a SigLIP file), if any. */
  readonly key?: string;
}

/** Where to look; `checkpointDir` defaults to `$BV_CHECKPOINT_DIR`. */
export interface LocateOptions {
  readonly checkpointDir?: string;
  readonly cwd?: string;
}

/** Splits `path[:sub/key]` as upstream's load_params does (the `:` must follow a `/`). */
export function splitSelector(spec: string): { file: string; key?: string } {
  const m = /^(.*?\/.*?)(?::([\w/]+))?$/.exec(spec);
  if (!m) return { file: spec };
  return m[2] ? { file: m[1], key: m[2] } : { file: m[1] };
}

/**
 * Finds `config.model_init` of a `modelName` model. Throws one error naming the value, every place looked at and
 * the fix (download the public file into the checkpoint folder, or set the folder).
 */
export function locateCheckpoint(modelName: string, init: string, model: Readonly<Record<string, unknown>>, opts: LocateOptions = {}): LocatedCheckpoint {
  const given = opts.checkpointDir || process.env[CHECKPOINT_DIR_ENV] || undefined;
  // A setting's `~/ckpts` reaches the trainer unexpanded (no shell in between).
  const dir = given?.replace(/^~(?=$|[/\\])/, os.homedir());
  const cwd = opts.cwd ?? process.cwd();
  const target = checkpointFileOf(modelName, init, model);
  const { file, key } = splitSelector(target);
  const remote = /^[a-z][a-z0-9+.-]*:\/\//i.exec(file);
  const candidates: string[] = [];
  if (remote) {
    const bucketPath = file.slice(remote[0].length);
    if (dir) candidates.push(path.resolve(dir, bucketPath), path.resolve(dir, path.basename(bucketPath)));
  } else {
    candidates.push(path.resolve(cwd, file));
    if (dir && !path.isAbsolute(file)) candidates.push(path.resolve(dir, file));
  }
  for (const c of candidates) {
    // A checkpoint.bv base path exists as its `-LAST` pointer; a workdir stands for its checkpoints.
    const inWorkdir = path.join(c, 'checkpoint.bv');
    const found = fs.existsSync(`${inWorkdir}-LAST`) ? inWorkdir : fs.existsSync(c) || fs.existsSync(`${c}-LAST`) ? c : undefined;
    if (found) return { init, upstreamFile: file, file: found, ...(key ? { key } : {}) };
  }
  const named = target !== init ? ` (${file})` : '';
  const looked = candidates.length ? ` Looked for ${candidates.join(', ')}.` : '';
  const fix = remote
    ? dir
      ? ` Download it there: gsutil cp ${file} ${dir}/`
      : ` Download it (gsutil cp ${file} DIR/) and point bigVision.checkpointDir, bv train --checkpoint-dir or $${CHECKPOINT_DIR_ENV} at DIR.`
    : ' Give the path of an .npz file or a checkpoint.bv folder.';
  throw new Error(`model_init '${init}'${named} was not found.${looked}${fix}`);
}
