import assert from 'node:assert/strict';
import { configChanges, formatChanges, isRunLengthKey } from './configChange';

describe('train/configChange', () => {
  const before = { total_steps: 60, log_training_steps: 10, ckpt_steps: 20, lr: 0.003, schedule: { warmup_steps: 5 }, evals: { val: { log_steps: 20, pp_fn: 'a' } }, model: { width: 16 } };

  it('ignores run length, logging and checkpoint cadence, at the top and per eval', () => {
    const after = { ...before, total_epochs: 3, total_steps: undefined, log_training_steps: 1, ckpt_steps: 5, keep_ckpt_steps: 50, evals: { val: { log_percent: 0.5, pp_fn: 'a' } } };
    assert.deepEqual(configChanges(before, JSON.parse(JSON.stringify(after))), []);
    assert.ok(isRunLengthKey(['evals', 'val', 'log_steps']) && !isRunLengthKey(['schedule', 'warmup_steps']) && !isRunLengthKey(['model', 'total_steps']));
  });

  it('lists every other difference by dotted key, sorted, with added and removed keys as unset', () => {
    const after = { ...before, lr: 0.002, schedule: { warmup_steps: 10 }, model: { width: 16, depth: 2 }, evals: { val: { log_steps: 20 } } };
    const changes = configChanges(before, after);
    assert.deepEqual(changes.map((c) => c.key), ['evals.val.pp_fn', 'lr', 'model.depth', 'schedule.warmup_steps']);
    assert.equal(formatChanges(changes), 'evals.val.pp_fn "a" → unset, lr 0.003 → 0.002, model.depth unset → 2, schedule.warmup_steps 5 → 10');
  });
});
