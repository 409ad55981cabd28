// Config keys: duration families, wildcard lookup, required keys and the
// bundled-trainer support flags.

import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { CONFIG_KEYS, durationFamilyOf, FORBIDDEN_CONFIG_KEYS } from './configKeys';
import { keySpec } from './schema/keySpec';

describe('durationFamilyOf', () => {
  it('maps suffixed keys to family and unit', () => {
    assert.deepEqual(pick(durationFamilyOf('total_epochs')), ['total', 'epochs', true]);
    assert.deepEqual(pick(durationFamilyOf('log_training_steps')), ['log_training', 'steps', true]);
    assert.deepEqual(pick(durationFamilyOf('keep_ckpt_steps')), ['keep_ckpt', 'steps', true]);
    assert.deepEqual(pick(durationFamilyOf('ckpt_percent')), ['ckpt', 'percent', true]);
    assert.deepEqual(pick(durationFamilyOf('warmup_examples')), ['warmup', 'examples', true]);
    assert.deepEqual(pick(durationFamilyOf('evals.val.log_percent')), ['log', 'percent', true]);
  });

  it('marks total_percent invalid and reads bare timescale/shift as steps', () => {
    assert.deepEqual(pick(durationFamilyOf('total_percent')), ['total', 'percent', false]);
    assert.deepEqual(pick(durationFamilyOf('timescale')), ['timescale', 'steps', true]);
    assert.deepEqual(pick(durationFamilyOf('shift_epochs')), ['shift', 'epochs', true]);
  });

  it('respects the scope and ignores non-durations', () => {
    assert.equal(durationFamilyOf('log_steps', 'top'), undefined);
    assert.equal(pick(durationFamilyOf('log_steps', 'eval'))[0], 'log');
    assert.equal(durationFamilyOf('warmup', 'schedule'), undefined);
    assert.equal(durationFamilyOf('batch_size'), undefined);
    assert.equal(durationFamilyOf('total_hours'), undefined);
  });
});

describe('config keys', () => {
  it('marks the train.py required keys', () => {
    const required = CONFIG_KEYS.filter((k) => k.required && k.scope !== 'input').map((k) => k.path);
    assert.deepEqual(required.sort(), ['input', 'lr', 'model_name', 'num_classes', 'optax_name', 'schedule']);
    assert.ok(keySpec('input.batch_size')?.required);
  });

  it('finds concrete paths through wildcards, exact paths first', () => {
    assert.equal(keySpec('evals.val.pp_fn')?.path, 'evals.*.pp_fn');
    assert.equal(keySpec('evals.fewshot.log_steps')?.durationFamily, 'log');
    assert.equal(keySpec('input.data.name')?.path, 'input.data.name');
    assert.equal(keySpec('schedule.decay_type')?.default, 'stair');
    assert.equal(keySpec('nope'), undefined);
    assert.equal(keySpec('input.src.data')?.path, 'input.*.data', 'a mixture source');
    assert.equal(keySpec('input.data')?.path, 'input.data', 'an exact path before any pattern');
    assert.equal(new Set(CONFIG_KEYS.map((k) => k.path)).size, CONFIG_KEYS.length);
  });

  it('records bundled support', () => {
    assert.equal(keySpec('mesh')?.bundled, 'ignored');
    assert.equal(keySpec('sharding_strategy')?.bundled, 'ignored');
    assert.equal(keySpec('mixup')?.bundled, 'supported');
    assert.equal(keySpec('model_init')?.bundled, 'supported');
    assert.equal(keySpec('ema_decay')?.default, 0);
    assert.equal(keySpec('total_steps')?.bundled, 'supported');
    assert.equal(keySpec('evals.x.pred_kw')?.bundled, 'supported');
    assert.deepEqual(keySpec('loss')?.choices, ['sigmoid_xent', 'softmax_xent']);
    assert.ok(FORBIDDEN_CONFIG_KEYS.some((k) => k.path === 'weight_decay'));
  });
});

function pick(d: ReturnType<typeof durationFamilyOf>): [string, string, boolean] | [] {
  return d ? [d.family, d.unit, d.valid] : [];
}
