import { assertProblems, checkFixture, type Expected } from '../testHelpers';
import { durationConflicts } from './durationConflicts';

const TABLE: readonly [string, readonly Expected[]][] = [
  ['durations.py', [
    { code: 'duration-conflict', severity: 'error', at: 'total_steps', message: /'total' is set 2 times \(total_steps, total_epochs\)/ },
    { code: 'duration-conflict', severity: 'error', at: 'total_epochs' },
    { code: 'invalid-duration', severity: 'error', at: 'log_training_percent', message: /fractions in \[0, 1\] \(0\.05 for 5%\)/ },
    { code: 'duration-conflict', severity: 'error', at: 'warmup_steps=10', message: /schedule\.warmup_steps, schedule\.warmup_percent/ },
    { code: 'duration-conflict', severity: 'error', at: 'warmup_percent=0.1' },
    // log_epochs=-1 does not count (utils.steps ignores negative values).
    { code: 'duration-conflict', severity: 'error', at: 'log_steps=10', message: /evals\.val\.log_steps, evals\.val\.log_examples/ },
    { code: 'duration-conflict', severity: 'error', at: 'log_examples=100' },
  ]],
  ['clean.py', []],
];

describe('check: durationConflicts', () => {
  for (const [name, expected] of TABLE) {
    it(`${name}: ${expected.length} problem(s)`, async () => {
      assertProblems(name, await checkFixture(name, { validators: [durationConflicts] }), expected);
    });
  }
});
