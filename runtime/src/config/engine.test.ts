/**
 * The config engine end to end: spans, errors, overrides and the sandbox, through the real pyodide worker.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigEngine } from './engine';
import type { EvaluateResult, Span } from './protocol';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/configs');
const fixture = (name: string) => path.join(FIXTURES, name);

function ok(r: EvaluateResult): Extract<EvaluateResult, { ok: true }> {
  if (!r.ok) assert.fail(`evaluation failed: ${r.error.type}: ${r.error.message} at line ${r.error.line}`);
  return r;
}

function failed(r: EvaluateResult): Extract<EvaluateResult, { ok: false }>['error'] {
  if (r.ok) assert.fail('evaluation succeeded but should have failed');
  return r.error;
}

/** The span of `needle` on the given 1-based line of a fixture (exact columns, found rather than counted). */
function spanOf(file: string, line: number, needle: string, endNeedle?: string): Omit<Span, 'via'> {
  const text = fs.readFileSync(file, 'utf8').split('\n')[line - 1];
  const col = text.indexOf(needle);
  assert.ok(col >= 0, `${needle} not on line ${line}`);
  const endCol = endNeedle === undefined ? col + needle.length : text.indexOf(endNeedle) + endNeedle.length;
  return { file, line, col, endLine: line, endCol };
}

function spanAt(r: Extract<EvaluateResult, { ok: true }>, ...keyPath: (string | number)[]): Span {
  const hit = r.spans.find(([p]) => JSON.stringify(p) === JSON.stringify(keyPath));
  assert.ok(hit, `no span for ${keyPath.join('.')}`);
  return hit[1];
}

describe('config engine', function () {
  this.timeout(30000);
  const engine = new ConfigEngine({ timeoutMs: 1500, graceMs: 1500 });
  before(() => engine.start());
  after(() => engine.dispose());

  describe('spans', () => {
    const file = fixture('positions.py');
    let r: Extract<EvaluateResult, { ok: true }>;
    before(async () => {
      r = ok(await engine.evaluate({ file }));
    });

    it('a key set directly spans its statement', () => {
      assert.deepEqual(spanAt(r, 'seed'), spanOf(file, 11, 'config.seed = 3'));
    });
    it('keys of a dict literal span their entries', () => {
      assert.deepEqual(spanAt(r, 'input', 'batch_size'), spanOf(file, 12, "'batch_size': 64"));
      assert.deepEqual(spanAt(r, 'input', 'pp'), spanOf(file, 12, "'pp': 'decode|flip_lr'"));
      assert.deepEqual(spanAt(r, 'input'), spanOf(file, 12, 'config.input =', "flip_lr'}"));
    });
    it('keys of dict(...) span their keyword arguments', () => {
      assert.deepEqual(spanAt(r, 'model', 'variant'), spanOf(file, 13, "variant='Ti/16'"));
      assert.deepEqual(spanAt(r, 'model', 'pool_type'), spanOf(file, 13, "pool_type='gap'"));
    });
    it('keys set in a helper span the helper line, with the call site in get_config', () => {
      const callSite = spanOf(file, 15, "config.evals.val = make_eval('test')");
      assert.deepEqual(spanAt(r, 'evals', 'val'), callSite);
      assert.deepEqual(spanAt(r, 'evals', 'val', 'type'), { ...spanOf(file, 6, "type='classification'"), via: callSite });
      assert.deepEqual(spanAt(r, 'evals', 'val', 'data', 'split'), { ...spanOf(file, 6, 'split=split'), via: callSite });
    });
    it('** unpacking keeps the spans of the unpacked entries; new entries span themselves', () => {
      assert.deepEqual(spanAt(r, 'evals', 'val/real', 'prefix'), spanOf(file, 16, "'prefix': 'real/'"));
      assert.deepEqual(spanAt(r, 'evals', 'val/real', 'type').line, 6);
    });
    it('an augmented assignment is the statement that last set the key', () => {
      assert.deepEqual(spanAt(r, 'lr'), spanOf(file, 18, 'config.lr *= 2'));
    });
    it('each key carries its Python type, which JSON loses', () => {
      const kind = (...p: string[]) => r.spans.find(([k]) => JSON.stringify(k) === JSON.stringify(p))?.[2];
      assert.deepEqual(kind('lr'), { type: 'float' });
      assert.deepEqual(kind('seed'), { type: 'int' });
      assert.deepEqual(kind('input'), { type: 'ConfigDict' });
    });
  });

  describe('a big_vision checkout', () => {
    it('imports its config modules (user code: spans inside them, with the call site in the config)', async () => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-checkout-'));
      const configs = path.join(root, 'big_vision', 'configs');
      fs.mkdirSync(configs, { recursive: true });
      fs.writeFileSync(path.join(configs, '__init__.py'), '');
      const helper = path.join(configs, 'common.py');
      fs.writeFileSync(helper, 'def add_eval(c):\n  c.evals = dict(val=dict(type="classification"))\n');
      const file = path.join(configs, 'my_config.py');
      const source = 'import ml_collections\nimport big_vision.configs.common as bvcc\n\ndef get_config():\n  c = ml_collections.ConfigDict()\n  bvcc.add_eval(c)\n  return c\n';
      fs.writeFileSync(file, source);
      const r = ok(await engine.evaluate({ file }));
      assert.deepEqual(r.config, { evals: { val: { type: 'classification' } } });
      const callSite = spanOf(file, 6, 'bvcc.add_eval(c)');
      assert.deepEqual(spanAt(r, 'evals', 'val', 'type'), { ...spanOf(helper, 2, 'type="classification"'), via: callSite });
      // An edited helper is read again.
      fs.writeFileSync(helper, 'def add_eval(c):\n  c.evals = dict(v2=dict(type="classification"))\n');
      engine.invalidateCheckout();
      assert.deepEqual(ok(await engine.evaluate({ file })).config, { evals: { v2: { type: 'classification' } } });
      fs.rmSync(root, { recursive: true, force: true });
    });
  });

  describe('evaluation', () => {
    it('evaluates closures, get_ref arithmetic, ** unpacking, f-string specs and typed parse_arg', async () => {
      const r = ok(await engine.evaluate({ file: fixture('constructs.py'), arg: 'variant=B/32,res=384,scale=2' }));
      const c = r.config as Record<string, never>;
      assert.equal(c['steps_ref'], 4001);
      assert.equal(c['half'], 1000);
      assert.deepEqual(r.spans.find(([k]) => k[0] === 'steps_ref')?.[2], { type: 'int', ref: true });
      assert.deepEqual(c['input'], { data: { name: 'imagenet2012', split: 'train[:99%]' }, batch_size: 4096, pp: 'decode|resize(384)|central_crop(0384)' });
      assert.deepEqual(c['model'], { variant: 'B/32', scale: 2.0, pool_type: 'gap', head_zeroinit: true });
      assert.deepEqual(c['evals'], { val: { type: 'classification', prefix: 'val/00' }, v2: { type: 'classification', prefix: 'v2/01' } });
      assert.deepEqual(c['schedule'], [['.*', { decay_type: 'cosine' }], ['head/.*', null]]);
    });
    it('reports a syntax error at its line and column', async () => {
      const e = failed(await engine.evaluate({ file: fixture('syntax_error.py') }));
      assert.equal(e.type, 'SyntaxError');
      assert.equal(e.line, 6);
      assert.equal(e.file, fixture('syntax_error.py'));
    });
    it('reports an exception at the raising line, with the frames in user files', async () => {
      const e = failed(await engine.evaluate({ file: fixture('raises.py') }));
      assert.equal(e.type, 'TypeError');
      assert.equal(e.line, 7);
      assert.deepEqual(e.frames?.map((f) => [f.name, f.line]), [['get_config', 7]]);
    });
    it('evaluates an unsaved buffer instead of the file on disk', async () => {
      const r = ok(await engine.evaluate({ file: fixture('raises.py'), source: 'import ml_collections\ndef get_config():\n  return ml_collections.ConfigDict({"x": 1})\n' }));
      assert.deepEqual(r.config, { x: 1 });
    });
  });

  describe('overrides', () => {
    const file = fixture('constructs.py');
    it('parses values by the field type and updates references', async () => {
      const r = ok(await engine.evaluate({ file, overrides: ['total_steps=10', 'input.batch_size=8', 'model.scale=3', 'evals["v2"].prefix=x/', 'model.head_zeroinit=false'] }));
      const c = r.config as Record<string, Record<string, unknown>>;
      assert.equal(c['steps_ref'] as unknown, 21);
      assert.equal(c['input']['batch_size'], 8);
      assert.equal(c['model']['scale'], 3.0);
      assert.equal(c['model']['head_zeroinit'], false);
      assert.equal((c['evals']['v2'] as Record<string, unknown>)['prefix'], 'x/');
    });
    it('refuses a new field, an int field given a float, and a field holding None', async () => {
      const missing = failed(await engine.evaluate({ file, overrides: ['input.batchsize=8'] }));
      assert.equal(missing.type, 'AttributeError');
      assert.match(missing.message, /--config\.input\.batchsize=8: input has no field 'batchsize'/);
      const badInt = failed(await engine.evaluate({ file, overrides: ['input.batch_size=0.5'] }));
      assert.match(badInt.message, /is not an int/);
      const none = failed(await engine.evaluate({ file, source: 'import ml_collections\ndef get_config():\n  return ml_collections.ConfigDict({"wd": None})\n', overrides: ['wd=0.1'] }));
      assert.equal(none.type, 'TypeError');
      assert.match(none.message, /NoneType is not supported for overriding/);
    });
  });

  describe('sandbox', () => {
    const cases: [string, RegExp, number][] = [
      ['read_passwd.py', /may not do file access/, 2],
      ['os_system.py', /may not import 'os'/, 1],
      ['subprocess_run.py', /may not import 'subprocess'/, 2],
      ['socket_open.py', /may not import 'socket'/, 1],
      ['import_js.py', /may not import 'js'/, 2],
      ['pyodide_js.py', /may not import 'pyodide_js'/, 2],
      ['mount_host.py', /pyodide_js.*bridge to the host/, 4],
      ['subclass_os.py', /may not do running shell commands/, 4],
    ];
    for (const [name, message, line] of cases) {
      it(`refuses ${name.replace('.py', '')} with a clear error at its line, and the next evaluation works`, async () => {
        const e = failed(await engine.evaluate({ file: fixture(`sandbox/${name}`) }));
        assert.equal(e.type, 'SandboxError', `${e.type}: ${e.message}`);
        assert.match(e.message, message);
        assert.equal(e.line, line);
        ok(await engine.evaluate({ file: fixture('positions.py') }));
      });
    }
    it('stops an endless loop with "evaluation timed out"; the engine stays usable', async () => {
      const e = failed(await engine.evaluate({ file: fixture('sandbox/forever.py'), timeoutMs: 300 }));
      assert.equal(e.type, 'TimeoutError');
      assert.match(e.message, /evaluation timed out/);
      assert.equal(e.line, 3);
      ok(await engine.evaluate({ file: fixture('positions.py') }));
    });
    it('replaces the worker when a loop swallows the interrupt', async () => {
      const e = failed(await engine.evaluate({ file: fixture('sandbox/forever_swallow.py'), timeoutMs: 300 }));
      assert.equal(e.type, 'TimeoutError');
      ok(await engine.evaluate({ file: fixture('positions.py') }));
    });
  });
});
