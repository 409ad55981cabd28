import { assertProblems, checkFixture, type Expected } from '../testHelpers';
import { missingRequired } from './missingRequired';

const TABLE: readonly [string, readonly Expected[]][] = [
  ['missing.py', [
    { code: 'missing-required', severity: 'error', at: 'get_config', message: /'num_classes'/ },
    { code: 'missing-required', severity: 'error', at: 'get_config', message: /'lr'/ },
    { code: 'missing-required', severity: 'error', at: 'get_config', message: /duration 'total': set one of total_steps, total_epochs, total_examples/ },
    { code: 'missing-required', severity: 'error', at: 'input', line: 9, message: /'input\.batch_size'/ },
    { code: 'missing-required', severity: 'error', at: "data=dict(name='cifar10')", message: /'input\.data\.split'/ },
    { code: 'missing-required', severity: 'error', at: 'val', line: 14, nth: 1, message: /'loss_name' in 'evals\.val'/ },
  ]],
  ['clean.py', []],
  // Project trainers have their own required keys.
  ['proj_trainer.py', []],
];

describe('check: missingRequired', () => {
  for (const [name, expected] of TABLE) {
    it(`${name}: ${expected.length} problem(s)`, async () => {
      assertProblems(name, await checkFixture(name, { validators: [missingRequired] }), expected);
    });
  }
});
