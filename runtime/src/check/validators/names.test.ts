import { assertProblems, checkFixture, type Expected } from '../testHelpers';
import { names } from './names';

const N = 'names.py';
const COMMON: readonly Expected[] = [
  { code: 'unknown-loss', severity: 'error', at: 'softmax', line: 11, message: /Did you mean 'softmax_xent'/, fix: 'softmax_xent' },
  { code: 'unknown-dataset', severity: 'error', at: 'bv:dummy', message: /bv: sources are 'bv:jsonl'/ },
  { code: 'unknown-optimizer', severity: 'error', at: 'big_vision.sgdd', fix: 'big_vision.sgd' },
  { code: 'unknown-decay-type', severity: 'error', at: 'cosin', fix: 'cosine' },
  { code: 'unknown-evaluator', severity: 'error', at: 'classificaton', fix: 'classification' },
  // No `type`: the eval's name is the type, so the key is underlined.
  { code: 'unknown-evaluator', severity: 'error', at: 'test', line: 20, nth: 0, message: /defaults to the eval's name/ },
];

const TABLE: readonly [string, string | undefined, readonly Expected[]][] = [
  [N, undefined, [...COMMON, { code: 'unknown-variant', severity: 'error', at: 'X', line: 14, message: /unknown size 'X'/ }]],
  [N, 'typo', [...COMMON, { code: 'unknown-model', severity: 'error', at: 'vitt', message: /Did you mean 'vit'/, fix: 'vit' }]],
  ['clean.py', undefined, []],
];

describe('check: names', () => {
  for (const [name, arg, expected] of TABLE) {
    it(`${name}${arg ? `:${arg}` : ''}: ${expected.length} problem(s)`, async () => {
      assertProblems(name, await checkFixture(name, { arg, validators: [names] }), expected);
    });
  }
});
