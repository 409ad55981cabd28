/**
 * What a worker needs to run the bundled trainer (`bv train` on the tfjs engine), as laid out in the .vsix's
 * `dist/`: `trainer/` (the self-contained CLI with TensorFlow.js inlined and its wasm binaries), `runtime/` (the
 * config engine's worker and Python library) and `node_modules/pyodide/` (pyodide's runtime files, which the
 * bundles load from beside them). pyodide's start-up snapshot stays behind: it saves a second per start and would
 * triple the upload.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listTree, type SyncFile } from './sync';

const PYODIDE_FILES = ['package.json', 'pyodide.js', 'pyodide.mjs', 'pyodide.asm.js', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'];

/** The folder of the self-contained trainer CLI (`dist/trainer`), from a bundle or from sources. */
export function trainerDir(): string {
  const candidates = [__dirname, path.join(__dirname, '..', 'trainer'), path.resolve(__dirname, '..', '..', '..', 'dist', 'trainer')];
  const dir = candidates.find((d) => path.basename(d) === 'trainer' && fs.existsSync(path.join(d, 'cli.js')));
  if (!dir) throw new Error(`the bundled trainer (dist/trainer/cli.js) is missing (looked in ${candidates.join(', ')}); run \`npm run build\``);
  return dir;
}

/** pyodide's package folder as the bundles resolve it. */
function pyodideDir(from: string): string {
  try {
    return path.dirname(require.resolve('pyodide/package.json', { paths: [from] }));
  } catch (err) {
    throw new Error(`pyodide is missing beside ${from}; run \`npm ci\` (or reinstall the extension)`, { cause: err });
  }
}

/** The files to place in `big_vision_studio/bundle/` on a worker. */
export function trainerBundleFiles(dir = trainerDir()): SyncFile[] {
  const dist = path.dirname(dir);
  const runtime = path.join(dist, 'runtime');
  if (!fs.existsSync(path.join(runtime, 'configWorker.js'))) throw new Error(`${runtime}/configWorker.js is missing; run \`npm run build\``);
  // tpu.js is `bv tpu` itself, which workers never run.
  const trainer = listTree(dir, (rel) => rel.endsWith('.map') || rel === 'tpu.js').map((f) => ({ ...f, rel: `trainer/${f.rel}` }));
  const worker = [{ rel: 'runtime/configWorker.js', local: path.join(runtime, 'configWorker.js') }];
  const python = listTree(path.join(runtime, 'python'), (rel) => rel.includes('__pycache__')).map((f) => ({ ...f, rel: `runtime/python/${f.rel}` }));
  const pyodide = pyodideDir(dir);
  const pyFiles = PYODIDE_FILES.filter((f) => fs.existsSync(path.join(pyodide, f))).map((f) => ({ rel: `node_modules/pyodide/${f}`, local: path.join(pyodide, f) }));
  return [...trainer, ...worker, ...python, ...pyFiles];
}
