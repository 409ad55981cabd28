/**
 * `gs://BUCKET/PATH` workdirs for `bv tpu run`: the URL split into bucket and object prefix, the names of the
 * objects upstream writes in it, and the local folder that keeps the run record of a run whose workdir is in a
 * bucket (`--record-dir`, else `<runs dir>/<last segment of the path>`, the folder `bv runs list` looks in).
 */
import * as path from 'node:path';
import { isGcsPath } from '../remoteLayout';

export interface GcsLocation {
  bucket: string;
  /** The workdir's object prefix, without slashes at either end ('' for the bucket's root). */
  prefix: string;
}

/** The folder `bv runs list` lists by default, relative to where the command runs. */
export const DEFAULT_RUNS_DIR = 'runs';

/** Splits `gs://bucket/a/b/` into bucket and prefix; throws naming `--workdir` for a URL without a bucket. */
export function parseGcsUrl(url: string, flag = '--workdir'): GcsLocation {
  const rest = url.slice('gs://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const prefix = slash < 0 ? '' : rest.slice(slash + 1).replace(/^\/+|\/+$/g, '');
  // Bucket names: 3-222 characters of lower-case letters, digits, dots, dashes and underscores.
  if (!/^[a-z0-9][a-z0-9._-]{1,221}[a-z0-9]$/.test(bucket)) throw new Error(`${flag} ${url}: expected gs://BUCKET/PATH with a bucket name (lower-case letters, digits, '.', '-', '_')`);
  return { bucket, prefix };
}

/** The object of file `name` inside the workdir. */
export function objectName(at: GcsLocation, name: string): string {
  return at.prefix ? `${at.prefix}/${name}` : name;
}

/** The URL as the trainers get it: no trailing slash. */
export function gcsUrl(at: GcsLocation): string {
  return `gs://${at.bucket}${at.prefix ? `/${at.prefix}` : ''}`;
}

/** The default local folder of a gs:// run's record: `<runsDir>/<last segment of the URL>`. */
export function defaultRecordDir(url: string, runsDir: string): string {
  const at = parseGcsUrl(url);
  return path.join(runsDir, (at.prefix || at.bucket).split('/').pop() as string);
}

/** `--record-dir` as given (resolved against `cwd`), else the default below `<cwd>/runs`. */
export function recordDirFor(url: string, recordDir: string | undefined, cwd: string): string {
  if (recordDir === undefined) return defaultRecordDir(url, path.resolve(cwd, DEFAULT_RUNS_DIR));
  if (isGcsPath(recordDir)) throw new Error(`--record-dir ${recordDir}: the run record is kept on this machine; pass a local folder`);
  return path.resolve(cwd, recordDir);
}

/** The bundled engine writes its workdir on worker 0's disk: a gs:// workdir is refused with the two ways out. */
export function tfjsGcsProblem(engine: string, workdir: string): string | undefined {
  if (engine !== 'tfjs' || !isGcsPath(workdir)) return undefined;
  return `--workdir ${workdir}: the tfjs engine writes to worker 0's disk and cannot write to gs://; pass a local folder as --workdir (the run is mirrored into it), or use --engine big_vision`;
}
