// Packages the extension as a .vsix offline (`npm run package`, after `npm run build`). The bundles in dist/
// keep `vscode` and `pyodide` external; pyodide's runtime files are copied to dist/node_modules/pyodide for the
// time of packaging, where Node's resolution from dist/server and dist/runtime finds them in the installed
// extension: vsce, run without dependencies (nothing else from node_modules is needed), never packs the
// top-level node_modules. Prints the .vsix's size.
import { createVSIX } from '@vscode/vsce';
import { builtinModules } from 'node:module';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const out = path.join(root, `${manifest.name}-${manifest.version}.vsix`);

const bundles = ['dist/client/extension.js', 'dist/client/main.js', 'dist/client/metricsReader.js', 'dist/server/server.js', 'dist/runtime/configWorker.js', 'dist/trainer/cli.js', 'dist/trainer/tpu.js', 'dist/trainer/trainWorker.js'];
for (const file of bundles) {
  if (!existsSync(file)) fail(`${file} is missing: run \`npm run build\` first (its source may not exist yet)`);
}

// What the bundles may still require at run time: Node's own modules, VS Code's API, and pyodide (shipped below).
// esbuild prints every require it leaves with double quotes; single-quoted ones are text in strings (the config
// engine's from-sources fallback, which never runs from a bundle).
const shipped = new Set(['vscode', 'pyodide']);
// Requires inside a try that fall back when the package is absent: node-fetch's optional `encoding` (pulled in by
// tfjs, used only for non-UTF-8 bodies, which the trainer never fetches), and ssh2's optional `cpu-features`
// (it picks the fastest cipher; without it ssh2 uses its default order).
const optional = new Set(['encoding', 'cpu-features']);
for (const file of bundles) {
  const text = readFileSync(file, 'utf8');
  // Not `x.require("...")`: minified method calls (the registry's `require(name)`) look alike.
  const missing = [...text.matchAll(/(?<![.\w$])require\("([^".][^"]*)"\)/g)]
    .map((m) => m[1])
    .filter((name) => !name.startsWith('node:') && !builtinModules.includes(name.split('/')[0]) && !shipped.has(name) && !optional.has(name));
  if (missing.length) {
    fail(`${file} requires ${[...new Set(missing)].join(', ')}, which the .vsix does not ship: bundle them (scripts/build.mjs) or copy them like pyodide`);
  }
}

const PYODIDE_FILES = ['package.json', 'pyodide.js', 'pyodide.mjs', 'pyodide.asm.js', 'pyodide.asm.mjs', 'pyodide.asm.wasm',
  'python_stdlib.zip', 'pyodide-lock.json'];
const pyodideDest = 'dist/node_modules/pyodide';
rmSync(pyodideDest, { recursive: true, force: true });
mkdirSync(pyodideDest, { recursive: true });
for (const file of PYODIDE_FILES) {
  const from = path.join('node_modules/pyodide', file);
  if (existsSync(from)) cpSync(from, path.join(pyodideDest, file));
}
for (const file of ['package.json', 'pyodide.js', 'pyodide.asm.wasm', 'python_stdlib.zip']) {
  if (!existsSync(path.join(pyodideDest, file))) fail(`node_modules/pyodide/${file} is missing: run \`npm ci\``);
}

rmSync(out, { force: true });
try {
  await createVSIX({ cwd: root, packagePath: out, dependencies: false });
} finally {
  // Only the .vsix needs the copy; left in dist/ it would shadow node_modules/pyodide after an upgrade.
  rmSync('dist/node_modules', { recursive: true, force: true });
}
const mib = (statSync(out).size / 1024 / 1024).toFixed(1);
console.log(`package: ${path.relative(process.cwd(), out)} ${mib} MiB`);

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}
