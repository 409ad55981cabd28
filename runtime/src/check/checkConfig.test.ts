import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { VALIDATORS } from './checkConfig';
import type { Problem } from './problem';
import { checkFixture, fixture, TFDS_FIXTURES } from './testHelpers';
import type { Validator } from './validator';

/** Codes of every problem of a fixture with all validators, sorted: catches one validator stepping on another. */
const ALL: readonly [string, string[]][] = [
  ['clean.py', []],
  ['parse_arg_config.py', []],
  // An ml_collections config of some other program: nothing big_vision-specific to say.
  ['other_program.py', []],
  ['eval_keys.py', ['engine-only', 'eval-unknown-key', 'eval-unknown-key', 'eval-unknown-key']],
  ['durations.py', ['duration-conflict', 'duration-conflict', 'duration-conflict', 'duration-conflict', 'duration-conflict', 'duration-conflict', 'invalid-duration']],
  ['pp.py', ['pp-arity', 'pp-missing-module', 'pp-parse-error', 'pp-unknown-keyword', 'pp-unknown-op', 'pp-unknown-op', 'pp-wrong-type', 'pp-wrong-type', 'pp-wrong-type', 'pp-wrong-type']],
  ['run_length.py', ['log-interval-too-long', 'log-interval-too-long', 'warmup-too-long']],
  ['syntax_error.py', ['syntax-error']],
  ['splits.py', ['invalid-split', 'invalid-split', 'invalid-split', 'unknown-dataset', 'unknown-split']],
];

describe('check: checkConfig', () => {
  for (const [name, codes] of ALL) {
    it(`${name}: ${codes.length ? codes.join(', ') : 'clean'}`, async () => {
      const problems = await checkFixture(name, { tfdsDataDir: TFDS_FIXTURES });
      assert.deepEqual(problems.map((p) => p.code).sort(), codes, problems.map((p) => p.message).join('\n'));
    });
  }

  it('an unknown model_name hides no other check: missing keys and wrong types are still reported', async () => {
    for (const name of ['missing.py', 'wrong_types.py']) {
      // Without the comment naming `bv train`, the config alone tells which trainer reads it.
      const source = fs.readFileSync(fixture(name), 'utf8').replace(/^#.*\bbv train\b.*\n/m, '');
      const lines = source.split('\n');
      const show = (p: Problem): string => `${p.code}@${p.range.line}`;
      const known = await checkFixture(name, { source });
      const typo = await checkFixture(name, { source: source.replace("model_name = 'vit'", "model_name = 'vitt'") });
      // Only the model's own kwargs need a known model to be judged.
      const expected = known.filter((p) => !lines[p.range.line - 1].includes('config.model =')).map(show);
      assert.ok(expected.some((e) => e.startsWith('missing-required') || e.startsWith('wrong-type')), `${name}: ${expected.join(', ')}`);
      const got = typo.map(show);
      for (const e of expected) assert.ok(got.includes(e), `${name}: '${e}' is hidden by model_name 'vitt'; reported: ${got.join(', ')}`);
      assert.ok(typo.some((p) => p.code === 'unknown-model' && /Did you mean 'vit'/.test(p.message)));
    }
  });

  it('sorts problems by position and runs every validator', async () => {
    const problems = await checkFixture('unknown_keys.py');
    const keys = problems.map((p) => p.range.line * 1000 + p.range.col);
    assert.deepEqual(keys, [...keys].sort((a, b) => a - b));
    assert.ok(VALIDATORS.length >= 10);
  });

  it('a validator that throws is reported and the others still run', async () => {
    const broken: Validator = { name: 'broken', validate: () => { throw new Error('boom'); } };
    const seen: string[] = [];
    const problems = await checkFixture('names.py', { validators: [broken, ...VALIDATORS], onValidatorError: (name, err) => seen.push(`${name}: ${(err as Error).message}`) });
    assert.deepEqual(seen, ['broken: boom']);
    assert.ok(problems.some((p) => p.code === 'unknown-loss'));
    await assert.rejects(checkFixture('names.py', { validators: [broken] }), /boom/, 'without a handler the error propagates');
  });

  it('an unknown pp op is reported once: the evaluated string wins over the static check of its literal', async () => {
    const source = [
      'import ml_collections as mlc',
      'def get_config():',
      '  res = 224',
      '  config = mlc.ConfigDict()',
      "  config.input = dict(pp=f'decode|resize({res})|flip_lrr')",
      '  return config',
      '',
    ].join('\n');
    const problems = (await checkFixture('pp.py', { source })).filter((p) => p.code === 'pp-unknown-op');
    const col = source.split('\n')[4].indexOf('flip_lrr');
    assert.deepEqual(problems.map((p) => [p.severity, p.range.line, p.range.col, p.range.endCol]), [['error', 5, col, col + 8]]);
  });

  it('a deferring validator gives way where an earlier one reported the same code at the same range', async () => {
    const at = (col: number): Problem => ({ code: 'pp-unknown-op', severity: 'warning', message: `at ${col}`, range: { file: fixture('clean.py'), line: 1, col, endLine: 1, endCol: col + 1 } });
    const first: Validator = { name: 'first', validate: () => [{ ...at(0), severity: 'error', message: 'first' }] };
    const second: Validator = { name: 'second', defers: true, validate: () => [at(0), at(5)] };
    const problems = await checkFixture('clean.py', { validators: [first, second] });
    assert.deepEqual(problems.map((p) => p.message), ['first', 'at 5']);
  });
});
