import { assertProblems, checkFixture, type Expected } from '../testHelpers';
import { evalKeys } from './evalKeys';

const TABLE: readonly [string, readonly Expected[]][] = [
  ['eval_keys.py', [
    // Both evals come from one helper: one problem names them both.
    { code: 'eval-unknown-key', severity: 'error', at: 'cache_final=True', message: /'classification' does not accept 'cache_final' \(in 'evals\.train' and 'evals\.val'\).*cache=/ },
    { code: 'eval-unknown-key', severity: 'error', at: 'prefetchh=2', message: /Did you mean 'prefetch'/, fix: 'prefetch' },
    { code: 'eval-unknown-key', severity: 'error', at: 'shots=3', message: /'mean' does not accept 'shots' \(in 'evals\.mean'\)/ },
  ]],
  ['clean.py', []],
];

describe('check: evalKeys', () => {
  for (const [name, expected] of TABLE) {
    it(`${name}: ${expected.length} problem(s)`, async () => {
      assertProblems(name, await checkFixture(name, { validators: [evalKeys] }), expected);
    });
  }
});
