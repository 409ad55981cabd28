/**
 * Where things live on a worker. Everything Big Vision Studio writes on a TPU VM is under
 * `$HOME/big_vision_studio/`, so removing that one folder undoes it all:
 *
 *   bin/           bv (the bundled CLI), bv-run / bv-stop / bv-watch (run control scripts)
 *   bundle/        the bundled trainer (tfjs engine), synced by hash
 *   checkout/      big_vision (the user's checkout, synced by hash, or upstream at a pinned commit)
 *   venv/          Python for the big_vision engine
 *   node/          Node.js, when the image has none ≥ 20
 *   runs/<run>/    a run's workdir when the local workdir is a folder (gs:// workdirs are used as they are)
 *   control/<run>/ a run's pid, output (out.log) and exit status; snapshots/ of checkpoints being mirrored
 */
import * as path from 'node:path';

export const REMOTE_ROOT_NAME = 'big_vision_studio';

export interface RemoteLayout {
  home: string;
  root: string;
  bin: string;
  bundle: string;
  checkout: string;
  venv: string;
  node: string;
  runs: string;
  control: string;
}

export function remoteLayout(home: string): RemoteLayout {
  const root = path.posix.join(home, REMOTE_ROOT_NAME);
  const at = (p: string) => path.posix.join(root, p);
  return { home, root, bin: at('bin'), bundle: at('bundle'), checkout: at('checkout'), venv: at('venv'), node: at('node'), runs: at('runs'), control: at('control') };
}

/** A run's name on the workers: the local workdir's folder name, made safe for a path. */
export function remoteRunName(localWorkdir: string): string {
  return path.basename(path.resolve(localWorkdir)).replace(/[^\w.=-]+/g, '_').slice(0, 120) || 'run';
}

/** The control folder of run `run`. */
export function controlDir(layout: RemoteLayout, run: string): string {
  return path.posix.join(layout.control, run);
}

/** The workdir on the workers: the gs:// URL itself, or `runs/<run>` for a local workdir. */
export function remoteWorkdir(layout: RemoteLayout, run: string, workdir: string): string {
  return isGcsPath(workdir) ? workdir : path.posix.join(layout.runs, run);
}

export function isGcsPath(p: string): boolean {
  return p.startsWith('gs://');
}
