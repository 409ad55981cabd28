import assert from 'node:assert/strict';
import { resolveSchedule, scheduleValue } from './schedule';

// 100 steps of batch 10 over 200 examples: 20 steps per epoch.
const ctx = { totalSteps: 100, batchSize: 10, dataSize: 200 };
const near = (actual: number, expected: number, what: string): void => assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: ${actual} vs ${expected}`);
const at = (dict: Record<string, unknown>, steps: number[]): number[] => steps.map((s) => scheduleValue(dict, s, ctx));

describe('optim/schedule', () => {
  it('cosine with warmup: linear ramp, then mult·½(1+cos(π·progress))', () => {
    const v = at({ decay_type: 'cosine', warmup_steps: 10, mult: 2 }, [0, 5, 10, 55, 100]);
    // progress = (step - 10) / 90, clipped; warmup factor min(1, step / 10).
    near(v[0], 0, 'step 0');
    near(v[1], 2 * 0.5, 'step 5: half-way up the ramp');
    near(v[2], 2, 'step 10: peak');
    near(v[3], 2 * 0.5 * (1 + Math.cos(Math.PI * 0.5)), 'step 55: progress 0.5');
    near(v[4], 0, 'step 100: the end');
  });

  it('linear/polynomial: end + (mult − end)·(1 − progress)^power, warmup in epochs', () => {
    // warmup_epochs 0.5 = 10 steps; at step 55 progress is 0.5.
    const dict = { decay_type: 'linear', warmup_epochs: 0.5, end: 0.1, power: 2 };
    near(scheduleValue(dict, 55, ctx), 0.1 + 0.9 * 0.25, 'linear');
    near(scheduleValue({ ...dict, decay_type: 'polynomial' }, 55, ctx), 0.325, 'polynomial is the same');
    near(scheduleValue({ decay_type: 'linear', linear_end: 0.5 }, 50, ctx), 0.75, 'linear_end is the old name of end');
  });

  it('rsqrt: mult/√(1 + (step + shift − warmup)/timescale), constant during warmup', () => {
    const dict = { decay_type: 'rsqrt', warmup_steps: 10, timescale: 10 };
    near(scheduleValue(dict, 5, ctx), (1 / Math.sqrt(1)) * 0.5, 'warmup');
    near(scheduleValue(dict, 30, ctx), 1 / Math.sqrt(3), 'decay');
    near(scheduleValue({ decay_type: 'rsqrt', timescale_examples: 100, shift_steps: 10 }, 30, ctx), 1 / Math.sqrt(1 + 40 / 10), 'durations in examples/steps');
    near(scheduleValue({ decay_type: 'rsqrt' }, 10_000, ctx), 1 / Math.sqrt(2), 'default timescale 10000');
  });

  it('stair (the default type): mults switch at the boundary step', () => {
    const v = at({ steps: [30, 60], mults: [0.1, 0.01] }, [0, 28, 29, 30, 59, 60, 99]);
    // searchsorted(steps, step + 1): the 0-based update 30 is the first at 0.1.
    assert.deepEqual(v.map((x) => Math.round(x * 1e6) / 1e6), [1, 1, 1, 0.1, 0.1, 0.01, 0.01]);
    assert.equal(scheduleValue({}, 42, ctx), 1, 'an empty dict is a constant 1');
  });

  it('cooldown, percent durations and scale_with_batchsize', () => {
    near(scheduleValue({ cooldown_steps: 20 }, 90, ctx), 0.5, 'cooldown: (100 - 90) / 20');
    near(scheduleValue({ cooldown_steps: 20 }, 80, ctx), 1, 'before the cooldown');
    near(scheduleValue({ decay_type: 'cosine', warmup_percent: 0.1 }, 5, ctx), 0.5, 'warmup_percent 0.1 = 10 steps');
    near(scheduleValue({ mult: 1, scale_with_batchsize: true }, 0, ctx), 10 / 256, 'base · batch / 256');
  });

  it('rejects what upstream rejects, naming the key', () => {
    assert.throws(() => resolveSchedule({ decay_type: 'exp' }, ctx), /config\.schedule\.decay_type: unknown decay_type 'exp'\. Bundled: cosine, linear, polynomial, rsqrt, stair/);
    assert.throws(() => resolveSchedule({ warmup_steps: 100 }, ctx), /warmup \(100 steps\) must be shorter than training/);
    assert.throws(() => resolveSchedule({ warmup_steps: 5, warmup_epochs: 1 }, ctx, ['schedule', 0, 1]), /config\.schedule\[0\]\[1\]\.warmup_epochs: only one of warmup_steps, warmup_epochs/);
    assert.throws(() => resolveSchedule({ steps: [10, 20], mults: [0.1] }, ctx), /one entry of 'mults' per boundary/);
    assert.throws(() => resolveSchedule({ warmup_epochs: 1 }, { totalSteps: 100 }), /warmup_epochs: 1 cannot be converted to steps: missing the batch size/);
  });
});
