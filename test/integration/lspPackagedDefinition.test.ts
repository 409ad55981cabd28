/**
 * Go to definition from the packaged extension: the built bundle copied where the repository is out of reach (a
 * temporary folder, laid out as the .vsix installs it), its language server started over stdio, and definitions
 * of a pp op, a model, an evaluator, an optimizer, config keys and a bvcc helper asked for: each must land in a file of the copy
 * that exists and holds the name at the position answered.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Location } from 'vscode-languageserver';
import { fileUri, LspClient, REPO, withCursor } from './lspClient';
import { BASE } from './lspFixtures';

/** What the .vsix ships of dist/ for the language server (see .vscodeignore), and pyodide as package.mjs adds it. */
const SHIPPED = ['dist/server', 'dist/registry', 'dist/runtime/configWorker.js', 'dist/runtime/python', 'dist/runtime/pyodide.snapshot', 'dist/runtime/pyodide.snapshot.version'];
const PYODIDE_FILES = ['package.json', 'pyodide.js', 'pyodide.mjs', 'pyodide.asm.js', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'];

describe('go to definition from a copy of the bundle outside the repository', function () {
  this.timeout(120000);
  let root = '';
  let client: LspClient | undefined;
  const uri = () => fileUri(path.join(root, 'work', 'config.py'));
  const DOC = BASE.replace('value_range(-1, 1)', 'value_range(-1, 1, clip_values=True)');

  before(async () => {
    assert.ok(fs.existsSync(path.join(REPO, 'dist/registry/index.json')), 'dist/registry is missing: run `npm run build`');
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-packaged-'));
    const ext = path.join(root, 'extension');
    for (const rel of SHIPPED) {
      // The pyodide snapshot is optional (the build goes on without one).
      if (fs.existsSync(path.join(REPO, rel))) fs.cpSync(path.join(REPO, rel), path.join(ext, rel), { recursive: true, filter: (p) => !p.endsWith('.map') });
    }
    for (const f of PYODIDE_FILES) {
      const from = path.join(REPO, 'node_modules/pyodide', f);
      if (fs.existsSync(from)) fs.cpSync(from, path.join(ext, 'dist/node_modules/pyodide', f));
    }
    fs.mkdirSync(path.join(root, 'work'));
    fs.writeFileSync(path.join(root, 'work', 'config.py'), DOC);
    client = await LspClient.start({ server: path.join(ext, 'dist/server/server.js') });
    // Definitions read the text, not the evaluation: no need to wait for Python.
    await client.open(uri(), DOC, false);
  });

  after(async () => {
    const code = await client?.stop();
    // Read-only reference files: a folder that holds them is still removed with its files.
    fs.rmSync(root, { recursive: true, force: true });
    assert.equal(code, 0, client?.log);
  });

  const cases: { at: string; file: string; name: string }[] = [
    { at: "'decode|resi§ze(28)", file: 'dist/registry/pp_ops.py', name: 'resize' },
    { at: 'clip_val§ues=True', file: 'dist/registry/pp_ops.py', name: 'clip_values' },
    { at: "model_name = 'v§it'", file: 'dist/registry/models.py', name: 'vit' },
    { at: "type='classifi§cation'", file: 'dist/registry/evaluators.py', name: 'classification' },
    { at: "optax_name = 'scale_§by_adam'", file: 'dist/registry/optimizers.py', name: 'scale_by_adam' },
    { at: 'config.l§r = 0.001', file: 'dist/registry/config_keys.py', name: 'config.lr' },
    { at: 'batch_si§ze=128', file: 'dist/registry/config_keys.py', name: 'config.input.batch_size' },
    // The bundled big_vision.configs helpers ship too.
    { at: 'bvcc.parse_§arg(', file: 'dist/runtime/python/big_vision/configs/common.py', name: 'parse_arg' },
  ];
  for (const c of cases) {
    it(`${c.at.replace('§', '')} → ${path.basename(c.file)}`, async () => {
      const { position } = withCursor(DOC.replace(c.at.replace('§', ''), c.at));
      const loc = await client!.request<Location | null>('textDocument/definition', { textDocument: { uri: uri() }, position });
      assert.ok(loc, `no definition; server log:\n${client!.log}`);
      const file = fileURLToPath(loc.uri);
      assert.equal(file, path.join(root, 'extension', c.file));
      const line = fs.readFileSync(file, 'utf8').split('\n')[loc.range.start.line];
      assert.equal(line.slice(loc.range.start.character, loc.range.end.character), c.name, line);
    });
  }
});
