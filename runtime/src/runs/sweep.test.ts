/**
 * Sweep expansion through the real config engine (pyodide worker), against run lists derived by hand: the
 * `get_hyper` combinators and their order, the `sweep(add, arg)` style with `bvcc.arg`, which keys become
 * overrides, errors with their lines, and flags that the override parser reads back to the swept values.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ConfigEngine } from '../config/engine';
import type { ConfigError, JsonValue } from '../config/protocol';
import { expandSweep, overrideFlags, runName, type SweepResult, type SweepRun } from './sweep';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/sweeps');
const fixture = (name: string) => path.join(FIXTURES, name);
/** A path for inline sources (never read: the source is passed). */
const INLINE = path.join(FIXTURES, 'inline.py');

function ok(r: SweepResult): Extract<SweepResult, { ok: true }> {
  if (!r.ok) assert.fail(`sweep failed: ${r.error.type}: ${r.error.message} at line ${r.error.line}`);
  return r;
}

function failed(r: SweepResult): ConfigError {
  if (r.ok) assert.fail(`sweep listed ${r.runs.length} runs but should have failed`);
  return r.error;
}

/** The parts of a run a test states by hand. */
const brief = (r: SweepRun) => ({ arg: r.arg, overrides: r.overrides, labels: r.labels });

const HEADER = 'import big_vision.configs.common as bvcc\nimport ml_collections as mlc\n\n\ndef get_config(arg=None):\n  c = bvcc.parse_arg(arg, res=224)\n  c.lr = 0.1\n  c.seed = 0\n  return c\n\n\n';

describe('sweep expansion', function () {
  this.timeout(30000);
  const engine = new ConfigEngine({ timeoutMs: 2000, graceMs: 1500 });
  before(() => engine.start());
  after(() => engine.dispose());
  const inline = (body: string, arg?: string, timeoutMs?: number) => expandSweep(engine, INLINE, arg, HEADER + body, { timeoutMs });

  describe('get_hyper', () => {
    it('product varies its first factor slowest; zipit pairs, chainit concatenates, fixed repeats', async () => {
      const r = ok(await expandSweep(engine, fixture('hyper_grid.py')));
      assert.equal(r.style, 'get_hyper');
      assert.equal(r.function, 'get_hyper');
      // lr (outermost) × (depth, width) zipped × seed chained [0] + [1] × the fixed label.
      const want: [number, number, number, number][] = [];
      for (const lr of [0.1, 1e-5]) for (const [depth, width] of [[6, 256], [12, 512]]) for (const seed of [0, 1]) want.push([lr, depth, width, seed]);
      assert.deepEqual(r.runs.map(brief), want.map(([lr, depth, width, seed]) => ({
        arg: undefined,
        overrides: { 'config.lr': lr, 'config.model.depth': depth, 'config.model.width': width, 'config.seed': seed },
        labels: { note: 'grid' },
      })));
      assert.deepEqual(r.runs.map((run) => run.name).slice(3, 5), ['lr=0.1,model.depth=12,model.width=512,seed=1', 'lr=1e-05,model.depth=6,model.width=256,seed=0']);
    });

    it('fixed with a length, an empty product, a config_arg key and the sweep\'s own arg', async () => {
      const r = ok(await inline(`def get_hyper(hyper):
  return hyper.chainit([
      hyper.fixed('config.seed', 7, length=3),
      hyper.product([]),
      hyper.zipit([hyper.sweep('config_arg', ['res=448']), hyper.sweep('config.lr', hyper.categorical([0.5]))]),
  ])
`, 'res=128'));
      assert.deepEqual(r.runs.map(brief), [
        { arg: 'res=128', overrides: { 'config.seed': 7 }, labels: {} },
        { arg: 'res=128', overrides: { 'config.seed': 7 }, labels: {} },
        { arg: 'res=128', overrides: { 'config.seed': 7 }, labels: {} },
        { arg: 'res=128', overrides: {}, labels: {} },
        { arg: 'res=448', overrides: { 'config.lr': 0.5 }, labels: {} },
      ]);
      // Runs that differ in nothing that names them still get their own workdirs.
      assert.deepEqual(r.runs.map((run) => run.name), ['res=128,seed=7', 'res=128,seed=7-2', 'res=128,seed=7-3', 'res=128', 'res=448,lr=0.5']);
    });

    it('zipped sweeps of different lengths: one error naming the lengths, at the zipit line', async () => {
      const body = "def get_hyper(hyper):\n  a = hyper.sweep('config.lr', [1, 2])\n  return hyper.zipit([a, hyper.sweep('config.seed', [1, 2, 3])])\n";
      const e = failed(await inline(body));
      assert.equal(e.type, 'HyperError');
      assert.match(e.message, /different lengths \(2, 3\)/);
      assert.equal(e.file, INLINE);
      assert.equal(e.line, HEADER.split('\n').length + 2);
    });

    it('a get_hyper that returns something else than runs is refused at its def line', async () => {
      const e = failed(await inline("def get_hyper(hyper):\n  return {'config.lr': 1}\n"));
      assert.equal(e.type, 'TypeError');
      assert.match(e.message, /get_hyper must return a sweep/);
      assert.equal(e.line, HEADER.split('\n').length);
    });
  });

  describe('sweep(add, arg)', () => {
    it('sweep = sweep_best: config_arg is the arg, keys it packed are labels, fields depend on the arg', async () => {
      const r = ok(await expandSweep(engine, fixture('paligemma_style.py')));
      assert.equal(r.style, 'sweep');
      assert.equal(r.function, 'sweep_best');
      assert.equal(r.line, 13);
      assert.deepEqual(r.runs.map(brief), [
        // `ema` is a field only when res > 300: a label of the 224 run, an override of the 448 run.
        { arg: 'res=224,final_split=False', overrides: { 'config.lr': 1e-5, 'config.wd': 1e-6, 'config.total_epochs': 10 }, labels: { ema: 0.999, res: 224, final_split: false } },
        { arg: 'res=448,final_split=False', overrides: { 'config.lr': 1e-5, 'config.wd': 0, 'config.total_epochs': 10, 'config.ema': 0.999 }, labels: { res: 448, final_split: false } },
      ]);
      assert.deepEqual(r.runs.map(overrideFlags), [['lr=1e-05', 'wd=1e-06', 'total_epochs=10'], ['lr=1e-05', 'wd=0.0', 'total_epochs=10', 'ema=0.999']]);
      assert.equal(r.runs[0].name, 'res=224,final_split=False,lr=1e-05,wd=1e-06,total_epochs=10');
    });

    it('passes FILE:ARG to the sweep function', async () => {
      const r = ok(await expandSweep(engine, fixture('paligemma_style.py'), 'final_split=True'));
      assert.deepEqual(r.runs.map((run) => run.arg), ['res=224,final_split=True', 'res=448,final_split=True']);
    });

    it('sweep(add) without arg: fields become overrides, the rest labels, runs keep no arg', async () => {
      const r = ok(await expandSweep(engine, fixture('plain_add.py')));
      assert.equal(r.function, 'sweep');
      assert.deepEqual(r.runs.map(brief), [
        { arg: undefined, overrides: { 'config.lr': 3e-5, 'config.total_steps': 200, 'config.model.variant': 'L/16', 'config.model.remat': true }, labels: {} },
        { arg: undefined, overrides: { 'config.model.patch': [8, 8], 'config.wd_mults': [['.*/kernel', 0.5]] }, labels: { comment: 'small patches' } },
        { arg: undefined, overrides: { 'config.total_steps': 200 }, labels: { comment: 'again' } },
        { arg: undefined, overrides: { 'config.total_steps': 200 }, labels: { comment: 'and again' } },
      ]);
      assert.deepEqual(r.runs.map((run) => run.name), [
        'lr=3e-05,total_steps=200,model.variant=L_16,model.remat=true',
        'model.patch=8,8,wd_mults=._kernel,0.5',
        'total_steps=200',
        'total_steps=200-2',
      ]);
    });

    it('flags read back by the override parser give the swept values (float, int, str, bool, tuple, list)', async () => {
      const r = ok(await expandSweep(engine, fixture('plain_add.py')));
      for (const run of r.runs.slice(0, 2)) {
        const evaluated = await engine.evaluate({ file: fixture('plain_add.py'), overrides: overrideFlags(run) });
        if (!evaluated.ok) assert.fail(`${overrideFlags(run).join(' ')}: ${evaluated.error.message}`);
        for (const [key, value] of Object.entries(run.overrides)) {
          let node: JsonValue = evaluated.config;
          for (const part of key.split('.').slice(1)) node = (node as Record<string, JsonValue>)[part];
          assert.deepEqual(node, value, key);
        }
      }
      // Python's repr: a tuple stays a tuple (JSON would have made it a list), a float keeps its exponent.
      assert.deepEqual(overrideFlags(r.runs[1]), ['model.patch=(8, 8)', "wd_mults=[('.*/kernel', 0.5)]"]);
      assert.deepEqual(overrideFlags(r.runs[0]), ['lr=3e-05', 'total_steps=200', 'model.variant=L/16', 'model.remat=true']);
    });

    it('a sweep(add) given an arg: refused at its def line', async () => {
      const e = failed(await expandSweep(engine, fixture('plain_add.py'), 'x=1'));
      assert.equal(e.type, 'TypeError');
      assert.match(e.message, /sweep\(add\) takes no argument, but the sweep was given 'x=1'/);
      assert.equal(e.line, 18);
    });

    it('a sweep that raises: one error at the raising line', async () => {
      const e = failed(await inline("def sweep(add, arg=None):\n  add(lr=1.0)\n  raise ValueError('no such mode')\n"));
      assert.deepEqual([e.type, e.message, e.file, e.line], ['ValueError', 'no such mode', INLINE, HEADER.split('\n').length + 2]);
    });

    it('add() with a positional argument: an error at the call', async () => {
      const e = failed(await inline('def sweep(add):\n  add(1.0)\n'));
      assert.equal(e.type, 'TypeError');
      assert.match(e.message, /keyword arguments only/);
      assert.equal(e.line, HEADER.split('\n').length + 1);
    });

    it('a run whose get_config fails: the run, its arg and the config line', async () => {
      // The failing run sets nothing but its arg: its config is evaluated all the same.
      const e = failed(await inline("def sweep(add):\n  add(lr=1.0, **bvcc.arg(res=224))\n  add(**bvcc.arg(typo=1))\n"));
      assert.equal(e.type, 'ValueError');
      assert.match(e.message, /^run 2 \(arg 'typo=1'\): get_config failed: Unhandled config args remain/);
      assert.equal(e.line, 6);
    });

    it('a sweep that loops forever stops at the time limit', async () => {
      const e = failed(await inline('def sweep(add):\n  while True:\n    pass\n', undefined, 300));
      assert.equal(e.type, 'TimeoutError');
      // The engine still works afterwards.
      ok(await expandSweep(engine, fixture('paligemma_style.py')));
    });
  });

  it('a file without a sweep: NoSweepError saying what to add', async () => {
    const e = failed(await inline(''));
    assert.equal(e.type, 'NoSweepError');
    assert.match(e.message, /defines no sweep: add def sweep\(add, arg=None\)/);
  });
});

describe('run names and flags', () => {
  it('writes flags from Python\'s text, else from the value', () => {
    assert.deepEqual(overrideFlags({ overrides: { 'config.lr': 1e-5, 'config.x': 'a b', 'config.on': false, 'config.t': [1, 2] }, texts: { 'config.lr': '1e-05' } }), ['lr=1e-05', 'x=a b', 'on=false', 't=[1,2]']);
  });

  it('keeps names safe for folders and short', () => {
    assert.equal(runName({ overrides: {} }), 'run');
    assert.equal(runName({ arg: 'variant=B/16', overrides: { 'config.pp': '-x' } }), 'variant=B_16,pp=-x');
    assert.equal(runName({ arg: '.hidden', overrides: {} }), '_.hidden');
    const long = runName({ overrides: { 'config.pp': `decode${'|resize(224)'.repeat(20)}` } });
    assert.equal(long.length, 120);
    assert.match(long, /^pp=decode_resize224_resize224_.*-[0-9a-f]{8}$/);
  });
});
