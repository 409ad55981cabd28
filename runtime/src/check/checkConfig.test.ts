import * as assert from 'node:assert/strict';
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
  ['pp.py', ['engine-only', 'pp-arity', 'pp-missing-module', 'pp-parse-error', 'pp-unknown-keyword', 'pp-unknown-op', 'pp-unknown-op', 'pp-wrong-type', 'pp-wrong-type', 'pp-wrong-type', 'pp-wrong-type']],
  ['run_length.py', ['log-interval-too-long', 'log-interval-too-long', 'warmup-too-long']],
  ['syntax_error.py', ['syntax-error']],
];

describe('check: checkConfig', () => {
  for (const [name, codes] of ALL) {
    it(`${name}: ${codes.length ? codes.join(', ') : 'clean'}`, async () => {
      const problems = await checkFixture(name, { tfdsDataDir: TFDS_FIXTURES });
      assert.deepEqual(problems.map((p) => p.code).sort(), codes, problems.map((p) => p.message).join('\n'));
    });
  }

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
