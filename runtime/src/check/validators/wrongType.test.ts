import { assertProblems, checkFixture, type Expected } from '../testHelpers';
import { wrongType } from './wrongType';

const TABLE: readonly [string, readonly Expected[]][] = [
  ['wrong_types.py', [
    { code: 'wrong-type', severity: 'warning', at: 'seed', line: 11, message: /'seed' should be int, got str 'zero'/ },
    { code: 'wrong-type', severity: 'warning', at: "batch_size='32'", message: /should be int, got str '32'/ },
    { code: 'wrong-value', severity: 'warning', at: "pool_type='avg'", message: /valid values: 'gap', 'map', 'tok', '0', 'none'/ },
    { code: 'wrong-type', severity: 'warning', at: 'depth=2.5', message: /should be int, got float 2\.5/ },
    { code: 'wrong-type', severity: 'warning', at: "mult='high'", message: /'mult' in 'schedule' should be float/ },
    { code: 'wrong-value', severity: 'warning', at: "cache='always'", message: /'cache' in 'evals\.val'/ },
  ]],
  ['clean.py', []],
];

describe('check: wrongType', () => {
  for (const [name, expected] of TABLE) {
    it(`${name}: ${expected.length} problem(s)`, async () => {
      assertProblems(name, await checkFixture(name, { validators: [wrongType] }), expected);
    });
  }
});
