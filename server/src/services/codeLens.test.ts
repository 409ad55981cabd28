/**
 * Where the code lenses go, from syntax alone: which `def` the sweep lens marks (the last binding of `sweep`
 * wins, an alias marks its target, `get_hyper` only when there is no `sweep`), and the sweep lens's command for
 * a listing and for an error.
 */
import * as assert from 'node:assert/strict';
import { initPyparse } from '../../../runtime/src/pyparse';
import { DocumentStore } from '../documents';
import { BigVisionCommand } from '../protocol';
import { lensTargets, sweepCommand } from './codeLens';

/** The 0-based line of the first line of `text` that starts with `prefix`. */
const lineOf = (text: string, prefix: string) => text.split('\n').findIndex((l) => l.startsWith(prefix));

describe('code lens targets', () => {
  const store = new DocumentStore();
  before(() => initPyparse());
  const targets = (text: string) => lensTargets(store.open('file:///w/c.py', 'python', 1, text));

  it('get_config and a plain def sweep, from def to the end of the name', () => {
    const text = 'def get_config():\n  return {}\n\n\nasync def sweep(add):\n  add(lr=1)\n';
    const t = targets(text);
    assert.deepEqual(t.getConfig, { start: { line: 0, character: 0 }, end: { line: 0, character: 14 } });
    assert.deepEqual(t.sweep, { range: { start: { line: 4, character: 0 }, end: { line: 4, character: 15 } }, function: 'sweep' });
  });

  it('an alias marks its target; the last binding wins; sweep wins over get_hyper', () => {
    const text = 'def get_hyper(h):\n  return []\n\ndef sweep(add):\n  pass\n\ndef sweep_a(add):\n  pass\n\n@deco\ndef sweep_b(add, arg=None):\n  pass\n\nsweep = sweep_b\n\ndef get_config():\n  return {}\n';
    const t = targets(text);
    assert.equal(t.sweep?.function, 'sweep_b');
    assert.equal(t.sweep?.range.start.line, lineOf(text, 'def sweep_b'));
  });

  it('a computed alias marks the assignment; a nested def sweep does not count', () => {
    const text = 'def get_config():\n  def sweep(add):\n    pass\n  return {}\n\nsweep = pick(1)\n';
    const t = targets(text);
    assert.deepEqual(t.sweep, { range: { start: { line: 5, character: 0 }, end: { line: 5, character: 5 } }, function: 'pick(1)' });
  });

  it('get_hyper when nothing binds sweep; nothing without either', () => {
    assert.equal(targets('def get_config():\n  pass\n\ndef get_hyper(hyper):\n  pass\n').sweep?.function, 'get_hyper');
    assert.equal(targets('def get_config():\n  pass\n').sweep, undefined);
    assert.equal(targets('x = 1\n').getConfig, undefined);
  });
});

describe('sweep lens command', () => {
  it('counts runs, or names the error without launching anything', () => {
    const uri = 'file:///w/c.py';
    const run = { overrides: {}, labels: {}, name: 'run' };
    assert.deepEqual(sweepCommand(uri, { ok: true, style: 'sweep', function: 'sweep_best', line: 3, runs: [run] }), {
      title: 'Run sweep (1 run)', command: BigVisionCommand.runSweep, arguments: [{ uri, function: 'sweep_best', runs: 1 }],
    });
    const error = sweepCommand(uri, { ok: false, error: { type: 'NoSweepError', message: 'defines no sweep', file: '/w/c.py', line: null, col: null } });
    assert.deepEqual(error, { title: 'Sweep: error (NoSweepError)', command: '', tooltip: 'NoSweepError: defines no sweep' });
  });
});
