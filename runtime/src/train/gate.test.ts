import assert from 'node:assert/strict';
import type { JsonObject } from '../registry';
import { ConfigKeyError } from '../semantics/configKeyError';
import { gateVerdict, passGate } from './gate';

/** A config the bundled trainer runs, plus `over`. */
function config(over: JsonObject = {}): JsonObject {
  return {
    total_steps: 10, log_training_steps: 5, num_classes: 10, model_name: 'vit', model: { variant: 'Ti/16' },
    input: { batch_size: 8, data: { name: 'mnist', split: 'train' }, pp: 'decode' }, optax_name: 'scale_by_adam', lr: 0.001,
    schedule: { decay_type: 'cosine' }, evals: { val: { type: 'classification', data: { name: 'mnist', split: 'test' }, pp_fn: 'decode', loss_name: 'softmax_xent' } },
    ...over,
  };
}

/** The key the gate refuses `over` on, or undefined when it lets the run pass. */
function refused(over: JsonObject): string | undefined {
  try {
    passGate(config(over));
    return undefined;
  } catch (err) {
    assert.ok(err instanceof ConfigKeyError, String(err));
    return err.key;
  }
}

describe('train/gate', () => {
  it('lets a config the bundled trainer runs pass', () => {
    assert.deepEqual(passGate(config()), []);
  });

  it('refuses model.num_classes beside num_classes: train.py passes it to Model() itself', () => {
    const over = { model: { variant: 'Ti/16', num_classes: 10 } };
    assert.equal(refused(over), 'config.model.num_classes');
    assert.throws(() => passGate(config(over)), /config\.model\.num_classes: is rejected by big_vision\.train: .*multiple values for keyword argument 'num_classes'/);
  });

  it('refuses kwargs a call does not take, keys upstream refuses, and wrong types of keys it reads', () => {
    assert.equal(refused({ model: { pool: 'gap' } }), 'config.model.pool');
    assert.equal(refused({ optax: { beta1: 0.9 } }), 'config.optax.beta1', 'scale_by_adam takes b1: a TypeError upstream');
    assert.equal(refused({ schedule: { base: 1 } }), 'config.schedule.base');
    assert.equal(refused({ optim: 'sgd' }), 'config.optim');
    assert.equal(refused({ evals: { val: { ...(config().evals as JsonObject).val as JsonObject, colour: 1 } } }), 'config.evals.val.colour');
    assert.equal(refused({ evals: { val: { ...(config().evals as JsonObject).val as JsonObject, cache_final: true } } }), 'config.evals.val.cache_final');
    assert.equal(refused({ input: { batch_size: '8', data: { name: 'mnist', split: 'train' } } }), 'config.input.batch_size');
    assert.equal(refused({ model: { variant: 'Ti/16', pool_type: 'avg' } }), 'config.model.pool_type');
  });

  it('refuses what only upstream runs when it is in effect', () => {
    assert.equal(refused({ model_init: 'howto-i21k-B/16' }), undefined, 'the bundled trainer loads checkpoints');
    assert.equal(refused({ grad_clip_per_example: true }), 'config.grad_clip_per_example');
    assert.equal(refused({ mixup: { p: 0.2 } }), undefined, 'the bundled trainer mixes');
    assert.equal(refused({ mixup: { p: 0.0 }, model_init: null }), undefined, 'mixup with p=0 and model_init=None change nothing');
  });

  it('lets typos pass where train.py only reads with .get, as upstream does, and says so', () => {
    const v = gateVerdict(config({ num_clases: 10, schedule: { decay_type: 'cosine', warmup_step: 2 } }));
    assert.deepEqual(v.refused, []);
    assert.deepEqual(v.ignored.map((i) => [i.path.join('.'), i.kind]), [['num_clases', 'unknown'], ['schedule.warmup_step', 'unknown']]);
  });
});
