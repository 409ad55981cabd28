import { assertProblems, checkFixture, type Expected } from '../testHelpers';
import { engineOnly } from './engineOnly';

const TABLE: readonly [string, readonly Expected[]][] = [
  ['engine_only.py', [
    { code: 'engine-only', severity: 'information', at: 'bit', line: 14, message: /Model 'bit' runs only with upstream big_vision/ },
    { code: 'engine-only', severity: 'information', at: 'scale_by_rms', message: /Optimizer 'scale_by_rms'/ },
    { code: 'engine-only', severity: 'information', at: 'mixup', line: 19, message: /'mixup'/ },
    { code: 'engine-only', severity: 'information', at: 'resize_long', message: /pp op 'resize_long' \(ops_image\)/ },
  ]],
  // A project trainer: one note for the file.
  ['proj_trainer.py', [{ code: 'engine-only', severity: 'information', at: 'get_config', message: /big_vision\.trainers\.proj\.distill\.distill/ }]],
  ['clean.py', []],
];

describe('check: engineOnly', () => {
  for (const [name, expected] of TABLE) {
    it(`${name}: ${expected.length} problem(s)`, async () => {
      assertProblems(name, await checkFixture(name, { validators: [engineOnly] }), expected);
    });
  }
});
