import { assertProblems, checkFixture, type Expected } from '../testHelpers';
import { evalError } from './evalError';

const TABLE: readonly [string, readonly Expected[]][] = [
  ['syntax_error.py', [{ code: 'syntax-error', severity: 'error', at: "'", line: 4, message: /^SyntaxError: unterminated string literal/ }]],
  // Raised in a helper of the same file: the raising expression.
  ['raises.py', [{ code: 'eval-error', severity: 'error', at: "{'a': 1}[n]", message: /^KeyError: 'b'/ }]],
  ['clean.py', []],
];

describe('check: evalError', () => {
  for (const [name, expected] of TABLE) {
    it(`${name}: ${expected.length} problem(s)`, async () => {
      assertProblems(name, await checkFixture(name, { validators: [evalError] }), expected);
    });
  }
});
