/**
 * Bootstrap of one worker, idempotent (a second run on a bootstrapped worker uploads and installs nothing), all of
 * it under `$HOME/big_vision_studio/` (remoteLayout.ts):
 * - the run control scripts (runScripts.ts);
 * - tfjs engine: Node.js ≥ 20 (the image's, else the official build installed under `node/`) and the bundled
 *   trainer, synced by hash, behind a `bin/bv` wrapper; the datasets the config reads, from the local TFDS data
 *   dir into `~/tensorflow_datasets` (datasets.ts);
 * - big_vision engine: the user's checkout (its `big_vision/` tree, synced by hash) or upstream big_vision at a
 *   pinned commit, a venv with `jax[tpu]` and the checkout's requirements (reinstalled only when they change), and
 *   the jax / jaxlib / libtpu versions it ended up with, which the launcher compares across workers;
 * - the user's `--setup` command, last.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EngineId } from '../runs/record';
import { REMOTE_ROOT_NAME, remoteLayout, type RemoteLayout } from './remoteLayout';
import { RUN_SCRIPTS } from './runScripts';
import { shellQuote, type SshSession } from './ssh/session';
import { folders, hashCommand, listTree, mkdirCommand, parseHashes, syncTree, type SyncFile } from './sync';

/** Upstream big_vision as the bootstrap installs it when no checkout is given (the commit our references describe). */
export const UPSTREAM_REPO = 'https://github.com/google-research/big_vision';
export const UPSTREAM_COMMIT = '0127fb6b337ee2a27bf4e54dea79cff176527356';
/** What upstream's run_tpu.sh installs before the requirements. */
export const DEFAULT_JAX = 'jax[tpu]>=0.4.25';
const LIBTPU_INDEX = 'https://storage.googleapis.com/jax-releases/libtpu_releases.html';
/** Node.js installed on workers that have none ≥ 20: the version running us, if it is one. */
const NODE_VERSION = Number(process.versions.node.split('.')[0]) >= 20 ? process.versions.node : '20.18.1';

export interface BootstrapOptions {
  engine: EngineId;
  /** tfjs: the trainer bundle's files. */
  bundle?: SyncFile[];
  /** big_vision: a local checkout (the folder holding big_vision/); undefined installs upstream at UPSTREAM_COMMIT. */
  checkout?: string;
  /** big_vision: pip requirement for JAX, or null when the checkout's requirements or the image provide it. */
  jax: string | null;
  /** big_vision: a Python on the workers to use as it is, instead of a venv. */
  python?: string;
  /** tfjs: dataset files (paths relative to a TFDS data dir) for the worker's `~/tensorflow_datasets`. */
  datasets?: SyncFile[];
  /** A command run on every worker after the rest (e.g. preparing data). */
  setup?: string;
  /** Environment of the setup command (the run's `--env`). */
  env: Record<string, string>;
}

export interface WorkerSetup {
  layout: RemoteLayout;
  /** The command that runs Python (big_vision) or `bv` (tfjs) there. */
  runner: string;
  /** `jax=… jaxlib=… libtpu=…` (big_vision). */
  versions?: string;
  uploaded: number;
  bytes: number;
}

/** The files of a checkout that a worker needs: its `big_vision/` package, without caches and VCS data. */
export function checkoutFiles(checkout: string): SyncFile[] {
  const pkg = path.join(checkout, 'big_vision');
  if (!fs.existsSync(pkg)) throw new Error(`${checkout} has no big_vision/ folder: --checkout must name the folder that holds big_vision/`);
  return listTree(pkg, (rel) => /(^|\/)(__pycache__|\.git|\.ipynb_checkpoints)(\/|$)|\.pyc$/.test(rel)).map((f) => ({ ...f, rel: `big_vision/${f.rel}` }));
}

/** `VAR=value` assignments for a command line. */
export function envAssignments(env: Record<string, string>): string {
  return Object.entries(env).map(([k, v]) => `${k}=${shellQuote(v)}`).join(' ');
}

const ROOT = REMOTE_ROOT_NAME;
const at = (rel: string) => `${ROOT}/${rel}`;
/** Prefixes a tree's paths with `prefix` (paths of a sync are relative to $HOME). */
const under = (prefix: string, files: readonly SyncFile[]) => files.map((f) => ({ ...f, rel: `${prefix}/${f.rel}` }));

/** What one command tells about a worker: its home, a Node.js ≥ 20 (tfjs), and the hashes of what it holds. */
interface Survey {
  home: string;
  node?: string;
  hashes: Map<string, string>;
}

/** Lists what the worker holds below `dirs` and makes the folders `files` go in (so the sync need not). */
async function survey(s: SshSession, engine: EngineId, dirs: readonly string[], files: readonly SyncFile[]): Promise<Survey> {
  const findNode = `for n in ${at('node/bin/node')} "$(command -v node)"; do [ -x "$n" ] && v=$("$n" -p 'process.versions.node.split(".")[0]' 2>/dev/null) && [ "$v" -ge 20 ] && { echo "NODE $n"; break; }; done`;
  const out = await s.run(
    [`cd "$HOME"`, 'echo "HOME $HOME"', mkdirCommand([at('bin'), at('runs'), at('control'), ...folders(files)]), ...(engine === 'tfjs' ? [findNode] : []), hashCommand(dirs)].join('\n'),
    'surveying the worker',
  );
  const home = /^HOME (.+)$/m.exec(out)?.[1];
  if (!home) throw new Error(`${s.label} did not say where its home folder is`);
  const node = /^NODE (.+)$/m.exec(out)?.[1];
  return { home, ...(node ? { node } : {}), hashes: parseHashes(out) };
}

async function installNode(s: SshSession, layout: RemoteLayout): Promise<string> {
  const arch = (await s.run('uname -m')).trim() === 'aarch64' ? 'arm64' : 'x64';
  const url = `https://nodejs.org/dist/v${NODE_VERSION}/node-v${NODE_VERSION}-linux-${arch}.tar.xz`;
  await s.run(`rm -rf ${shellQuote(layout.node)} && mkdir -p ${shellQuote(layout.node)} && curl -fsSL ${shellQuote(url)} | tar -xJ -C ${shellQuote(layout.node)} --strip-components=1`, `installing Node.js ${NODE_VERSION} from ${url}`);
  return `${layout.node}/bin/node`;
}

/**
 * Prints `jax=V jaxlib=V libtpu=V libtpu-nightly=V` (`none` for a missing one) for the Python it runs in: the first
 * `<name>-<version>.dist-info` folder on sys.path, as importlib.metadata finds it. Read from the folder names because
 * importlib.metadata reads the metadata of every installed package for each name asked (0.13 s of CPU with a
 * Debian Python's packages, against 0.02 s for this), and every worker runs it.
 */
export const VERSIONS_PROBE = [
  'import os, sys',
  "want = ('jax', 'jaxlib', 'libtpu', 'libtpu-nightly')",
  'found = {}',
  'for p in sys.path:',
  '  try: entries = os.listdir(p or ".")',
  '  except OSError: continue',
  '  for e in entries:',
  "    if not e.endswith('.dist-info') or '-' not in e: continue",
  "    name, _, version = e[:-len('.dist-info')].partition('-')",
  "    name = name.lower().replace('_', '-').replace('.', '-')",
  '    if name in want: found.setdefault(name, version)',
  "print(' '.join(f'{n}={found.get(n, \"none\")}' for n in want))",
].join('\n');

/** big_vision: upstream installed when no checkout was synced, the venv with its requirements, then the versions;
 * one command, which runs in the same round trip as the sync's last one. */
function pythonEnvironment(layout: RemoteLayout, opts: BootstrapOptions): { python: string; script: string; what: string } {
  const steps: string[] = [];
  if (!opts.checkout) {
    const q = shellQuote(layout.checkout);
    steps.push(`[ "$(cat ${q}/.bv-commit 2>/dev/null)" = ${UPSTREAM_COMMIT} ] || { rm -rf ${q} && git clone -q ${UPSTREAM_REPO} ${q} && git -C ${q} checkout -q ${UPSTREAM_COMMIT} && echo ${UPSTREAM_COMMIT} > ${q}/.bv-commit; } || exit 1`);
  }
  const python = opts.python ?? `${layout.venv}/bin/python`;
  if (!opts.python) {
    const venv = shellQuote(layout.venv);
    const req = shellQuote(`${layout.checkout}/big_vision/requirements.txt`);
    const jax = opts.jax ? `"$py" -m pip install -q ${shellQuote(opts.jax)} -f ${LIBTPU_INDEX} && ` : '';
    // The marker holds what was installed: a change of the requirements or of the JAX spec reinstalls.
    const want = `$( (cat ${req} 2>/dev/null; echo ${shellQuote(opts.jax ?? 'none')}) | sha256sum | cut -c1-64)`;
    steps.push(
      `py=${venv}/bin/python; want=${want}; [ -x "$py" ] || python3 -m venv ${venv} || exit 1`,
      `[ "$(cat ${venv}/.bv-installed 2>/dev/null)" = "$want" ] || { ${jax}{ [ ! -f ${req} ] || "$py" -m pip install -q -r ${req}; } && echo "$want" > ${venv}/.bv-installed; } || exit 1`,
    );
  }
  steps.push(`${shellQuote(python)} -c ${shellQuote(VERSIONS_PROBE)}`);
  return { python, script: steps.join('\n'), what: opts.python ? 'reading the jax and libtpu versions' : 'setting up the Python environment (venv, jax, requirements)' };
}

/** Bootstraps one worker. `extra` files (paths relative to $HOME, e.g. the run's config) are synced with the rest. */
export async function bootstrapWorker(s: SshSession, opts: BootstrapOptions, extra: readonly SyncFile[] = []): Promise<WorkerSetup> {
  const scripts = Object.entries(RUN_SCRIPTS).map(([rel, content]) => ({ rel: at(`bin/${rel}`), content, mode: 0o755 }));
  const tree = opts.engine === 'tfjs' ? under(at('bundle'), opts.bundle ?? []) : opts.checkout ? under(at('checkout'), checkoutFiles(opts.checkout)) : [];
  const data = opts.engine === 'tfjs' ? under('tensorflow_datasets', opts.datasets ?? []) : [];
  const files = [...scripts, ...tree, ...data, ...extra];
  // The folders to hash: each file's first two levels (big_vision_studio/bin, tensorflow_datasets/mnist, ...).
  const dirs = [...new Set(files.map((f) => f.rel.split('/').slice(0, 2).join('/')))];
  const found = await survey(s, opts.engine, dirs, files);
  const layout = remoteLayout(found.home);
  let runner: string;
  let versions: string | undefined;
  if (opts.engine === 'tfjs') {
    const node = found.node ?? (await installNode(s, layout));
    const wrapper = `#!/bin/sh\n# The bundled Big Vision Studio CLI (bv train, bv data prepare, ...).\nexec ${shellQuote(node)} ${shellQuote(`${layout.bundle}/trainer/cli.js`)} "$@"\n`;
    files.push({ rel: at('bin/bv'), content: wrapper, mode: 0o755 });
    runner = `${layout.bin}/bv`;
  }
  const pyEnv = opts.engine === 'big_vision' ? pythonEnvironment(layout, opts) : undefined;
  const synced = await syncTree(s, found.home, files, { have: found.hashes, dirsMade: true, prune: [at('bundle'), at('checkout')], concurrency: 8, ...(pyEnv ? { then: pyEnv } : {}) });
  if (pyEnv) {
    runner = pyEnv.python;
    versions = synced.output.trim().split('\n').pop() ?? '';
  }
  if (opts.setup) {
    const env = envAssignments(opts.env);
    await s.run(`cd "$HOME" && export PATH=${shellQuote(layout.bin)}:"$PATH" && ${env ? `env ${env} ` : ''}bash -c ${shellQuote(opts.setup)}`, `the setup command (${opts.setup})`);
  }
  return { layout, runner: runner!, ...(versions ? { versions } : {}), uploaded: synced.uploaded, bytes: synced.bytes };
}

/** Refuses workers whose jax / libtpu versions differ (a multi-host run would hang or crash); the table says which. */
export function checkVersions(versions: readonly (string | undefined)[]): void {
  const distinct = new Set(versions);
  if (distinct.size <= 1) return;
  const table = versions.map((v, i) => `  worker ${i}: ${v ?? 'unknown'}`).join('\n');
  throw new Error(`the workers have different jax / libtpu versions, and a multi-host run needs the same on all:\n${table}\nRun again to reinstall (the bootstrap installs the same requirements everywhere), or recreate the node.`);
}
