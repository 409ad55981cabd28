/**
 * Activation time of the built extension (dist/client/extension.js): loading the bundle and running its
 * `activate()` to completion, measured in a fresh Node process against a stand-in for VS Code's API (the API
 * object is provided by VS Code's extension host, so outside it something must play it: here a recording
 * stand-in whose calls return at once, so the time is the extension's own). The language server is started in
 * the background by `activate()` and is not part of it, as in VS Code.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/** Runs in the child: installs the stand-in as the `vscode` module, then times require + activate. */
const CHILD = `
const Module = require('module');
const path = require('path');
const root = process.argv[1];
function stub(name) {
  const fn = function () {};
  const props = new Map();
  return new Proxy(fn, {
    get: (t, p) => (props.has(p) ? props.get(p) : p === 'then' ? undefined : p === Symbol.toPrimitive ? () => name : p === 'event' ? () => ({ dispose() {} }) : stub(name + '.' + String(p))),
    set: (t, p, v) => (props.set(p, v), true),
    defineProperty: (t, p, d) => (props.set(p, d.value), true),
    apply: () => stub(name + '()'),
    construct: () => stub('new ' + name),
  });
}
const config = { get: (_k, d) => d, has: () => false, inspect: () => undefined, update: async () => undefined };
const memento = { get: (_k, d) => d, update: async () => undefined, keys: () => [] };
// Every top-level name of the API (from @types/vscode), so that bundlers' namespace copies see them all.
const dts = require('fs').readFileSync(require.resolve('@types/vscode/index.d.ts', { paths: [root] }), 'utf8');
const vscode = {};
for (const m of dts.matchAll(/^\\t(?:export )?(?:class|enum|namespace|function|const|let) (\\w+)/gm)) vscode[m[1]] = stub(m[1]);
vscode.workspace = new Proxy({ workspaceFolders: undefined, textDocuments: [], isTrusted: true, getConfiguration: () => config }, { get: (t, p) => (p in t ? t[p] : stub('workspace.' + String(p))) });
vscode.window = new Proxy({ activeTextEditor: undefined }, { get: (t, p) => (p in t ? t[p] : stub('window.' + String(p))) });
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) { return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest); };
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };
const context = { subscriptions: [], workspaceState: memento, globalState: memento, extensionUri: stub('extensionUri'), extensionPath: root, asAbsolutePath: (p) => path.join(root, p) };
const t0 = process.hrtime.bigint();
const ext = require(path.join(root, 'dist/client/extension.js'));
const t1 = process.hrtime.bigint();
Promise.resolve(ext.activate(context)).then(() => {
  const t2 = process.hrtime.bigint();
  process.stdout.write(JSON.stringify({ requireMs: Number(t1 - t0) / 1e6, activateMs: Number(t2 - t1) / 1e6 }));
  process.exit(0);
}, (err) => { process.stderr.write(String(err && err.stack || err)); process.exit(1); });
`;

export interface ActivationTime {
  requireMs: number;
  activateMs: number;
}

/** The median over `runs` fresh processes of loading the bundle and of `activate()`. */
export function measureActivation(runs = 5): ActivationTime {
  const samples: ActivationTime[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['-e', CHILD, ROOT], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`activating the extension failed: ${r.stderr}`);
    samples.push(JSON.parse(r.stdout) as ActivationTime);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { requireMs: median(samples.map((s) => s.requireMs)), activateMs: median(samples.map((s) => s.activateMs)) };
}
