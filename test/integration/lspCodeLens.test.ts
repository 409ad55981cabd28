/**
 * Code lenses over real stdio: Run / Run on TPU / Check on `def get_config`, "Run sweep (N runs)" on the sweep
 * function that runs (an alias's target, or get_hyper), N listed from the editor's text and updated after an
 * edit, and a sweep that fails shown as an error lens that launches nothing.
 */
import * as assert from 'node:assert/strict';
import type { CodeLens, Range } from 'vscode-languageserver';
import { BigVisionCommand } from '../../server/src/protocol';
import { fileUri, LspClient, rangeOf } from './lspClient';
import { useLspWorkspace } from './lspFixtures';

const SWEEP = `import big_vision.configs.common as bvcc


def sweep_hyper(add):
  for lr in (1e-5, 3e-6):
    add(lr=lr)


def sweep_best(add, arg=None):
  add(lr=1e-5, **bvcc.arg(res=224))
  add(lr=1e-5, **bvcc.arg(res=448))


sweep = sweep_best


def get_config(arg=None):
  c = bvcc.parse_arg(arg, res=224)
  c.lr = 3e-6
  return c
`;

const HYPER = `import ml_collections as mlc


def logged(fn):
  return fn


@logged
def get_hyper(hyper):
  return hyper.product([hyper.sweep('config.lr', [0.1, 0.01]), hyper.sweep('config.seed', [0, 1, 2])])


def get_config():
  return mlc.ConfigDict({'lr': 0.1, 'seed': 0})
`;

/** The range of `def NAME` (from `def` to the end of the name). */
function defRange(text: string, name: string): Range {
  return rangeOf(text, `def ${name}`);
}

describe('code lenses over stdio', function () {
  this.timeout(60000);
  const { ws, client: started } = useLspWorkspace();
  let client: LspClient;
  beforeEach(() => {
    client = started();
  });

  const lenses = (uri: string) => client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
  /** Every lens with its command, resolving the ones that come without. */
  const resolved = async (uri: string) => Promise.all((await lenses(uri)).map((l) => (l.command ? l : client.request<CodeLens>('codeLens/resolve', l))));

  it('Run, Run on TPU and Check on get_config; the sweep lens on the def that `sweep =` aliases', async () => {
    const uri = fileUri(ws.file('sweep.py'));
    await client.open(uri, SWEEP);
    const all = await resolved(uri);
    const config = { uri };
    assert.deepEqual(all.map((l) => ({ range: l.range, title: l.command?.title, command: l.command?.command, arguments: l.command?.arguments })), [
      { range: defRange(SWEEP, 'get_config'), title: 'Run', command: BigVisionCommand.runConfig, arguments: [config] },
      { range: defRange(SWEEP, 'get_config'), title: 'Run on TPU', command: BigVisionCommand.runOnTpu, arguments: [config] },
      { range: defRange(SWEEP, 'get_config'), title: 'Check', command: BigVisionCommand.checkConfig, arguments: [config] },
      { range: defRange(SWEEP, 'sweep_best'), title: 'Run sweep (2 runs)', command: BigVisionCommand.runSweep, arguments: [{ uri, function: 'sweep_best', runs: 2 }] },
    ]);
    // The same version again: the listing is kept, so the lens comes resolved.
    const again = await lenses(uri);
    assert.equal(again[3].command?.title, 'Run sweep (2 runs)');
  });

  it('follows edits: a third run, lenses moved by an inserted line, then a sweep that raises', async () => {
    const uri = fileUri(ws.file('edited.py'));
    await client.open(uri, SWEEP);
    assert.equal((await resolved(uri))[3].command?.title, 'Run sweep (2 runs)');
    // Insert a third add(...) after the second one.
    const at = rangeOf(SWEEP, '  add(lr=1e-5, **bvcc.arg(res=448))\n').end;
    const third = '  add(lr=3e-6, **bvcc.arg(res=896))\n';
    await client.change(uri, [{ range: { start: at, end: at }, text: third }]);
    const edited = SWEEP.replace('res=448))\n', `res=448))\n${third}`);
    const after = await resolved(uri);
    assert.equal(after[3].command?.title, 'Run sweep (3 runs)');
    assert.deepEqual(after[3].command?.arguments, [{ uri, function: 'sweep_best', runs: 3 }]);
    assert.deepEqual(after[0].range, defRange(edited, 'get_config'));
    // Now the sweep raises on its third line.
    const raise = rangeOf(edited, third);
    await client.change(uri, [{ range: raise, text: "  raise ValueError('res 896 is not tuned yet')\n" }]);
    const failing = (await resolved(uri))[3];
    assert.equal(failing.command?.title, 'Sweep: error at line 12 (ValueError)');
    assert.equal(failing.command?.command, '');
    assert.match(failing.command?.tooltip ?? '', /res 896 is not tuned yet/);
  });

  it('get_hyper (decorated) lists its product; a config without a sweep has no sweep lens', async () => {
    const uri = fileUri(ws.file('hyper.py'));
    await client.open(uri, HYPER);
    const all = await resolved(uri);
    assert.equal(all.length, 4);
    assert.deepEqual(all[3].range, defRange(HYPER, 'get_hyper'));
    assert.deepEqual(all[3].command?.arguments, [{ uri, function: 'get_hyper', runs: 6 }]);
    const plain = fileUri(ws.file('plain.py'));
    await client.open(plain, "import ml_collections as mlc\n\n\ndef get_config():\n  return mlc.ConfigDict({'lr': 0.1})\n");
    assert.deepEqual((await lenses(plain)).map((l) => l.command?.title), ['Run', 'Run on TPU', 'Check']);
  });

  it('no lenses on Python files that are not configs', async () => {
    const uri = fileUri(ws.file('helper.py'));
    await client.open(uri, 'def sweep(add):\n  add(lr=1)\n', false);
    assert.deepEqual(await lenses(uri), []);
  });
});
