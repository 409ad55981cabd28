import * as assert from 'node:assert/strict';
import { assertProblems, checkFixture, type Expected } from '../testHelpers';
import { ppStringsValidator } from './ppStrings';

const P = 'pp.py';

const TABLE: readonly [string, readonly Expected[]][] = [
  [P, [
    // Inside an implicit concatenation, found by the piece's text.
    { code: 'pp-unknown-op', severity: 'error', at: 'flip_lrr', line: 18, message: /Did you mean 'flip_lr'\? \(in 'input\.pp'\)/, fix: 'flip_lr' },
    { code: 'pp-wrong-type', severity: 'warning', at: '2', line: 18, nth: 0, message: /'method' expects str, got int 2/ },
    { code: 'pp-wrong-type', severity: 'warning', at: '3', line: 18, nth: 0, message: /'antialias' expects bool/ },
    { code: 'pp-arity', severity: 'error', at: '4, 5', line: 18, message: /resize\(\) takes 3 positional arguments but 5 were given/ },
    { code: 'pp-unknown-keyword', severity: 'error', at: 'clip', line: 19, nth: 0, message: /Did you mean 'clip_values'/, fix: 'clip_values' },
    // randaug is registered by archive.randaug, which pp_modules (the default) lacks.
    { code: 'pp-missing-module', severity: 'warning', at: 'randaug', message: /add 'archive\.randaug' to pp_modules/ },
    { code: 'pp-wrong-type', severity: 'warning', at: '"big"', message: /'size' expects int \| list \| tuple, got str 'big' \(in 'evals\.val\.pp_fn'\)/ },
    { code: 'pp-parse-error', severity: 'error', at: '(', line: 27, nth: 1, message: /'\(' was never closed/ },
    // Through the escapes of `'dec\x6fde|...lab\\nel...'`: the value offsets map back to the right characters.
    { code: 'pp-wrong-type', severity: 'warning', at: '2', line: 29, nth: 0, message: /'multi' expects bool/ },
  ]],
  ['clean.py', []],
];

describe('check: ppStrings', () => {
  for (const [name, expected] of TABLE) {
    it(`${name}: ${expected.length} problem(s)`, async () => {
      assertProblems(name, await checkFixture(name, { validators: [ppStringsValidator] }), expected);
    });
  }

  it('falls back to the key when no literal holds the piece', async () => {
    const source = [
      'import ml_collections as mlc',
      'def get_config():',
      "  op = 'flip' + '_lrr'",
      '  config = mlc.ConfigDict()',
      "  config.input = {'pp': 'decode|' + op}",
      '  return config',
      '',
    ].join('\n');
    const problems = await checkFixture(P, { source, validators: [ppStringsValidator] });
    const p = problems.find((x) => x.code === 'pp-unknown-op');
    assert.ok(p, 'unknown op reported');
    // 'decode|' + op: the piece 'flip_lrr' is in no literal, so the `'pp': ...` entry is underlined.
    assert.deepEqual([p.range.line, p.range.col, p.range.endCol], [5, 18, 38]);
    assert.equal(source.split('\n')[4].slice(18, 38), "'pp': 'decode|' + op");
    assert.equal(p.fix, undefined);
  });
});
