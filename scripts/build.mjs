// Bundles the CLI, the config-engine worker, the language server and the VS Code client with esbuild.
// The config engine's Python sources are copied beside the bundles (dist/runtime/python).
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // pyodide locates its wasm and stdlib next to its own module file, so it is loaded from node_modules.
  external: ['pyodide', 'vscode', '@tensorflow/*', 'sharp'],
};

const entries = [
  { in: 'runtime/src/cli.ts', out: 'dist/runtime/cli.js' },
  { in: 'runtime/src/config/worker/configWorker.ts', out: 'dist/runtime/configWorker.js' },
];

mkdirSync('dist/runtime', { recursive: true });
rmSync('dist/runtime/python', { recursive: true, force: true });
cpSync('runtime/src/config/python', 'dist/runtime/python', { recursive: true, filter: (p) => !p.includes('__pycache__') });
await Promise.all(entries.map((e) => esbuild.build({ ...common, entryPoints: [e.in], outfile: e.out })));
