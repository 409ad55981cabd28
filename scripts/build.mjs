// Bundles the CLI, the config-engine worker, the language server and the VS Code client with esbuild.
// The config engine's Python sources and the tree-sitter grammars are copied beside the bundles.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { buildWebview } from './buildWebview.mjs';
import { writeKernelsModule } from './wasmKernels.mjs';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // pyodide locates its wasm and stdlib next to its own module file, so it is loaded from node_modules.
  // ssh2's native crypto binding and cpu-features are optional (required in a try, with a JavaScript fallback).
  external: ['pyodide', 'vscode', '@tensorflow/*', 'sharp', '*.node', 'cpu-features'],
  // web-tree-sitter is an ES module that reads import.meta.url; give the CommonJS bundle one.
  define: { 'import.meta.url': '__import_meta_url' },
  banner: { js: "const __import_meta_url = require('url').pathToFileURL(__filename).href;" },
};

const entries = [
  { in: 'runtime/src/cli.ts', out: 'dist/runtime/cli.js' },
  // `bv tpu`'s commands (Cloud TPU client, SSH): a bundle of their own, loaded only by `bv tpu`.
  { in: 'runtime/src/cli/tpuCommands.ts', out: 'dist/runtime/tpu.js' },
  { in: 'runtime/src/config/worker/configWorker.ts', out: 'dist/runtime/configWorker.js' },
  // bv train --workers N: the data-parallel training worker thread, found beside the CLI bundle.
  { in: 'runtime/src/train/parallel/trainWorker.ts', out: 'dist/runtime/trainWorker.js' },
  { in: 'server/src/server.ts', out: 'dist/server/server.js' },
  // The extension's entry is small (activation loads it); its features are a bundle of their own, loaded after.
  { in: 'client/src/extension.ts', out: 'dist/client/extension.js' },
  { in: 'client/src/main.ts', out: 'dist/client/main.js' },
  // The metrics panel reads big files in this worker thread (client/src/webview/metrics/fullRead.ts).
  { in: 'client/src/webview/metrics/readerWorker.ts', out: 'dist/client/metricsReader.js' },
].filter((e) => existsSync(e.in));

// The trainer the editor runs (dist/trainer/cli.js, shipped in the .vsix, which has no node_modules): the same CLI
// with TensorFlow.js and its wasm backend inlined, so it needs nothing installed. The npm CLI above keeps them
// external, so that an installed tfjs-node / tfjs-node-gpu shares the one tfjs it registers its backend with.
const trainer = {
  ...common,
  entryPoints: ['runtime/src/cli.ts'],
  outfile: 'dist/trainer/cli.js',
  minify: true,
  external: ['pyodide', 'vscode', 'sharp', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', '*.node', 'cpu-features'],
};
const tfjsWasm = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'].map((f) => `node_modules/@tensorflow/tfjs-backend-wasm/dist/${f}`);

const wasm = ['node_modules/web-tree-sitter/web-tree-sitter.wasm', 'node_modules/tree-sitter-python/tree-sitter-python.wasm'];

for (const dir of ['dist/runtime', 'dist/server', 'dist/client', 'dist/trainer']) mkdirSync(dir, { recursive: true });
// The trainer's SIMD kernels: compiled from their .wat into a module the bundles import.
await writeKernelsModule();
rmSync('dist/runtime/python', { recursive: true, force: true });
cpSync('runtime/src/config/python', 'dist/runtime/python', { recursive: true, filter: (p) => !p.includes('__pycache__') });
// The server bundle parses Python with tree-sitter too; its config-engine workers live beside the runtime bundle.
for (const dir of ['dist/runtime', 'dist/server', 'dist/trainer']) {
  for (const file of wasm) cpSync(file, `${dir}/${file.split('/').pop()}`);
}
for (const file of tfjsWasm) cpSync(file, `dist/trainer/${file.split('/').pop()}`);
const trainerTpu = existsSync('runtime/src/cli/tpuCommands.ts') ? [esbuild.build({ ...trainer, entryPoints: ['runtime/src/cli/tpuCommands.ts'], outfile: 'dist/trainer/tpu.js' })] : [];
const trainerWorker = esbuild.build({ ...trainer, entryPoints: ['runtime/src/train/parallel/trainWorker.ts'], outfile: 'dist/trainer/trainWorker.js' });
await Promise.all([...entries.map((e) => esbuild.build({ ...common, entryPoints: [e.in], outfile: e.out })), esbuild.build(trainer), ...trainerTpu, trainerWorker, buildWebview()]);

// Go to definition's registry reference (dist/registry: Python-like files and their index), generated from the
// registry by a bundle of the generator, since the .vsix ships no TypeScript sources to point at.
await esbuild.build({ ...common, sourcemap: false, entryPoints: ['server/src/definitions/writeRegistryDocs.ts'], outfile: 'dist/.build/writeRegistryDocs.js' });
const registryDocs = spawnSync(process.execPath, ['dist/.build/writeRegistryDocs.js', 'dist/registry'], { stdio: 'inherit' });
rmSync('dist/.build', { recursive: true, force: true });
if (registryDocs.status !== 0) throw new Error('build: writing the registry reference (dist/registry) failed');

const snapshot = spawnSync(process.execPath, ['scripts/makeSnapshot.mjs', 'dist/runtime/pyodide.snapshot'], { stdio: 'inherit' });
if (snapshot.status !== 0) console.warn('build: no pyodide snapshot; the config engine will start without one (slower)');
