import { assertProblems, checkFixture, FIXTURES, TFDS_FIXTURES, type Expected } from '../testHelpers';
import { runLength } from './runLength';

const R = 'run_length.py';

describe('check: runLength', () => {
  it('with the dataset size (1 epoch = 60 steps): warmup and log intervals longer than the run', async () => {
    const expected: Expected[] = [
      { code: 'warmup-too-long', severity: 'error', at: 'warmup_epochs=2', message: /2 epochs = 120 steps\) is not shorter than the run \(60 steps\)/ },
      { code: 'log-interval-too-long', severity: 'warning', at: 'log_training_steps', message: /every 100 steps, longer than the run \(60 steps\)/ },
      // 61 > 60 is reported, 60 is not.
      { code: 'log-interval-too-long', severity: 'warning', at: 'log_steps=61', message: /'evals\.val' runs every 61 steps/ },
    ];
    assertProblems(R, await checkFixture(R, { validators: [runLength], tfdsDataDir: TFDS_FIXTURES }), expected);
  });

  it('without the dataset size nothing can be judged', async () => {
    assertProblems(R, await checkFixture(R, { validators: [runLength], tfdsDataDir: FIXTURES }), []);
  });

  it('clean.py: 0 problems', async () => {
    assertProblems('clean.py', await checkFixture('clean.py', { validators: [runLength] }), []);
  });
});
