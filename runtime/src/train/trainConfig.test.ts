import assert from 'node:assert/strict';
import type { JsonObject } from '../registry';
import { ConfigKeyError } from '../semantics/configKeyError';
import { resolveTrainConfig } from './trainConfig';

const EVAL = { type: 'classification', data: { name: 'mnist', split: 'test' }, pp_fn: 'decode', loss_name: 'softmax_xent' };

/** A config the bundled trainer runs, with `over` set and the `drop` keys removed (as a config that never sets them). */
function config(over: JsonObject = {}, drop: string[] = []): JsonObject {
  const c: JsonObject = {
    total_epochs: 2, log_training_steps: 5, num_classes: 10, model_name: 'vit', model: { variant: 'Ti/16' },
    input: { batch_size: 32, data: { name: 'mnist', split: 'train' }, pp: 'decode' }, optax_name: 'scale_by_adam', lr: 0.001,
    schedule: { decay_type: 'cosine' }, evals: { val: EVAL }, ...over,
  };
  for (const k of drop) delete c[k];
  return c;
}

const resolve = (over: JsonObject = {}, drop: string[] = []) => resolveTrainConfig(config(over, drop));

/** The key path (dotted) the config is refused at. */
function refusedAt(over: JsonObject, drop: string[] = []): string {
  try {
    resolve(over, drop);
  } catch (err) {
    assert.ok(err instanceof ConfigKeyError, String(err));
    return err.path.join('.');
  }
  assert.fail('resolved');
}

describe('train/trainConfig', () => {
  it('hands out typed slices with the schema defaults filled in', () => {
    const c = resolve();
    assert.equal(c.seed, 0);
    assert.equal(c.loss, 'sigmoid_xent');
    assert.deepEqual({ ...c.input, data: undefined }, { data: undefined, batchSize: 32, pp: 'decode', shuffleBufferSize: 0, prefetch: 2, cacheRaw: false });
    assert.deepEqual(c.input.data, { path: ['input', 'data'], name: 'mnist', split: 'train' });
    assert.deepEqual(c.model, { name: 'vit', kwargs: { variant: 'Ti/16' }, numClasses: 10 });
    assert.deepEqual([c.optimizer.wd, c.optimizer.gradClipNorm, c.optimizer.lrMults, c.optimizer.wdMults], [0, 0, null, [['.*/kernel$', 1.0]]]);
    assert.equal(c.total.steps({ dataSize: 320, batchSize: 32 }), 20, '2 epochs of 10 batches');
    assert.equal(c.ckpt, undefined);
    const [val] = c.evals;
    assert.deepEqual([val.name, val.type, val.pred, val.prefix, val.skipFirst, val.log], ['val', 'classification', 'predict', 'val/', false, undefined]);
    assert.deepEqual([val.kwargs.cache, val.kwargs.label_key, val.kwargs.batch_size], ['pipeline', 'labels', 32], "evaluator defaults from the registry, batch_size from input's");
    assert.equal('type' in val.kwargs || 'pred' in val.kwargs, false, 'generic keys are taken off');
  });

  it('raises a ConfigKeyError at the key, for every problem it finds', () => {
    assert.equal(refusedAt({}, ['lr']), 'lr');
    assert.equal(refusedAt({ model: { variant: 'Ti/16', num_classes: 10 } }), 'model.num_classes');
    assert.equal(refusedAt({ input: { batch_size: 0, data: { name: 'mnist', split: 'train' } } }), 'input.batch_size');
    assert.equal(refusedAt({ input: { batch_size: 8, data: { name: 'bv:jsonl', fname: 'x' } } }), 'input.data.fname', 'only upstream reads bv:jsonl');
    assert.equal(refusedAt({ total_epochs: 2, total_steps: 5 }), 'total_epochs', 'two spellings of one duration');
    assert.equal(refusedAt({ evals: { val: { ...EVAL, type: 'clasification' } } }), 'evals.val.type');
    assert.equal(refusedAt({ evals: { val: { ...EVAL, pred: 'logits' } } }), 'evals.val.pred');
    assert.equal(refusedAt({ evals: { val: { type: 'classification', data: EVAL.data, pp_fn: 'decode' } } }), 'evals.val.loss_name');
    assert.equal(refusedAt({ evals: { m: { type: 'mean' } } }), 'evals.m.type', 'what cannot run before what it lacks');
    assert.equal(refusedAt({ seed: 1.5 }), 'seed');
  });

  it('an eval-only run needs no schedule and no training log interval', () => {
    const c = resolve({ total_steps: 0 }, ['total_epochs', 'log_training_steps', 'schedule']);
    assert.equal(c.logTraining, undefined);
    assert.equal(c.total.steps({}), 0);
  });
});
