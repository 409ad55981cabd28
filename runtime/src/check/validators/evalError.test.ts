import * as assert from 'node:assert/strict';
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

  // CPython places these one past the end of the line; the problem marks the last character before it.
  const PAST_END: readonly [string, string, [number, number, number, number]][] = [
    ['def get_config():', 'IndentationError', [1, 16, 1, 17]],
    ['def get_config():\n  return 1 +\n', 'SyntaxError', [2, 11, 2, 12]],
    ['def get_config():\n  return dict(a=1,\n\n', 'SyntaxError', [2, 13, 2, 14]],
  ];
  for (const [source, type, range] of PAST_END) {
    it(`${JSON.stringify(source)}: ${type} inside the text`, async () => {
      const [p] = await checkFixture('syntax_error.py', { source, validators: [evalError] });
      assert.ok(p?.message.startsWith(type), p?.message);
      assert.deepEqual([p.range.line, p.range.col, p.range.endLine, p.range.endCol], range);
      const lines = source.split('\n');
      assert.ok(p.range.endCol <= lines[p.range.endLine - 1].length, 'the range ends inside its line');
    });
  }
});
