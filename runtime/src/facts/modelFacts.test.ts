/**
 * Model facts of whole configs: the image size as upstream finds it, the optimizer state per optax_name, the
 * accelerator table, the per-device memory split and the fit verdict, and errors that name the config key.
 */
import * as assert from 'node:assert/strict';
import type { JsonObject } from '../registry';
import { ConfigKeyError } from '../semantics/configKeyError';
import { parseAccelerator } from './accelerators';
import { configImageSize, ppImageSize } from './imageSize';
import { shardsEverything } from './memory';
import { configFacts } from './modelFacts';
import { optimizerState } from './optimizerState';

const GiB = 1024 ** 3;

function config(over: JsonObject = {}): JsonObject {
  return {
    model_name: 'vit', model: { variant: 'B/16' }, num_classes: 1000, optax_name: 'scale_by_adam',
    input: { batch_size: 4096, pp: 'decode_jpeg_and_inception_crop(224)|flip_lr|value_range(-1, 1)|onehot(1000)' },
    ...over,
  };
}

function keyError(fn: () => unknown): ConfigKeyError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigKeyError, `not a ConfigKeyError: ${String(err)}`);
    return err;
  }
  assert.fail('no error');
}

describe('model facts of a config', () => {
  it('image size: the last op fixing the size wins, decode(channels) sets the channels', () => {
    assert.deepEqual(ppImageSize('decode(channels=1)|resize(32)|random_crop(28)|value_range(-1, 1)'), { height: 28, width: 28, channels: 1, source: 'input.pp: random_crop(28)' });
    assert.equal(ppImageSize('decode|resize_small(256)|central_crop(224)')?.height, 224);
    assert.deepEqual(ppImageSize("decode|resize(size=(160, 128), method='bicubic')")?.width, 128);
    assert.equal(ppImageSize('decode|resize(224)|resize_small(256)'), undefined, 'resize_small leaves the size open');
    assert.equal(ppImageSize('decode|inception_crop|flip_lr'), undefined, 'inception_crop without size keeps the crop size');
  });

  it('image size: init_shapes when the pp fixes none, else an assumed 224', () => {
    assert.deepEqual(configImageSize({ input: { pp: 'decode' }, init_shapes: [[1, 256, 192, 3]] }), { height: 256, width: 192, channels: 3, source: 'init_shapes[0]' });
    const assumed = configImageSize({ input: { pp: 'decode|resize_small(256)' } });
    assert.equal(assumed.height, 224);
    assert.match(assumed.source, /^assumed/);
  });

  it('optimizer state: Adam with bfloat16 mu, momentum_hp, SGD and factored Adafactor', () => {
    const params = [{ name: 'k', shape: [768, 3072] }, { name: 'b', shape: [3072] }];
    const n = 768 * 3072 + 3072;
    assert.equal(optimizerState({ optax_name: 'scale_by_adam', optax: { mu_dtype: 'bfloat16' } }, params).bytes, 6 * n);
    assert.equal(optimizerState({ optax_name: 'scale_by_adam' }, params).bytes, 8 * n);
    assert.equal(optimizerState({ optax_name: 'big_vision.momentum_hp' }, params).bytes, 2 * n);
    assert.equal(optimizerState({ optax_name: 'identity' }, params).bytes, 0);
    // Row and column of the kernel, the whole bias (1-D), plus a bfloat16 momentum.
    assert.equal(optimizerState({ optax_name: 'big_vision.scale_by_adafactor' }, params).bytes, 4 * (768 + 3072 + 3072) + 2 * n);
    assert.equal(optimizerState({ optax_name: 'big_vision.scale_by_adafactor', optax: { momentum: null, min_dim_size_to_factor: 1024 } }, params).bytes, 4 * n);
  });

  it('accelerators: chips, JAX devices and HBM per device by type and generation', () => {
    const v4 = parseAccelerator('v4-8');
    assert.deepEqual([v4.chips, v4.devices, v4.deviceBytes / GiB], [4, 4, 32]);
    const v3 = parseAccelerator('v3-8');
    assert.deepEqual([v3.chips, v3.devices, v3.deviceBytes / GiB], [4, 8, 16]);
    const v5e = parseAccelerator('v5e');
    assert.deepEqual([v5e.type, v5e.devices, v5e.deviceBytes / GiB], ['v5litepod-8', 8, 16]);
    assert.deepEqual([parseAccelerator('v5p-32').chips, parseAccelerator('v5p').deviceBytes / GiB, parseAccelerator('v6e-16').hosts], [16, 95, 4]);
    assert.throws(() => parseAccelerator('v9-8'), /unknown accelerator 'v9-8': use a generation \(v2, v3, v4, v5e, v5p, v6e\)/);
  });

  it('memory: the batch is split over the devices; params, gradients and Adam state are replicated', () => {
    const one = configFacts(config());
    const pod = configFacts(config(), { accelerator: 'v3-128' });
    assert.equal(pod.memory.devices, 128);
    assert.equal(pod.memory.batchPerDevice, 32);
    assert.equal(pod.memory.params, one.memory.params);
    assert.equal(pod.memory.params, 4 * one.params);
    assert.equal(pod.memory.optimizer, 8 * one.params);
    assert.ok(Math.abs(pod.memory.activations * 128 - one.memory.activations) < 1e-3 * one.memory.activations);
    assert.equal(pod.fits, true, `${pod.memory.total / GiB} GiB on a 16 GiB device`);
    assert.equal(configFacts(config(), { accelerator: 'v4-8' }).fits, false);
    assert.equal(one.fits, undefined, 'no verdict without an accelerator');
  });

  it('memory: ema_decay keeps one more float32 copy of the params', () => {
    const plain = configFacts(config());
    const ema = configFacts(config({ ema_decay: 0.9999 }));
    assert.equal(ema.memory.ema, 4 * ema.params);
    assert.equal(ema.memory.total - plain.memory.total, 4 * ema.params);
    assert.equal(configFacts(config({ ema_decay: 0 })).memory.ema, 0);
  });

  it('distillation: the student is trained, the teachers add their params only; errors name their keys', () => {
    const distill = (over: JsonObject = {}): JsonObject => {
      const rest = config();
      delete rest.model_name;
      delete rest.model;
      return { ...rest, student_name: 'vit', student: { variant: 'S/16' }, teachers: ['prof_m'], prof_m_name: 'bit_paper', prof_m: { depth: 50, width: 1 }, ...over };
    };
    const f = configFacts(distill());
    const alone = configFacts(config({ model: { variant: 'S/16' } }));
    assert.deepEqual([f.role, f.modelName, f.params], ['student', 'vit', alone.params]);
    assert.deepEqual(f.teachers.map((t) => [t.key, t.title, t.params]), [['prof_m', 'BiT-R50x1, ResNet v2', 25549352]]);
    assert.equal(f.memory.teachers, 4 * 25549352);
    assert.equal(f.memory.total - alone.memory.total, 4 * 25549352);
    assert.deepEqual(keyError(() => configFacts(distill({ student: { variant: 'Q/16' } }))).path, ['student', 'variant']);
    assert.deepEqual(keyError(() => configFacts(distill({ prof_m: { depth: 7 } }))).path, ['prof_m', 'depth']);
    assert.deepEqual(keyError(() => configFacts(distill({ prof_m_name: 'proj.cappa.cappa' }))).path, ['prof_m_name']);
  });

  it('memory: fsdp over every parameter splits params, gradients and optimizer state', () => {
    assert.equal(shardsEverything([['.*', 'fsdp']]), true);
    assert.equal(shardsEverything([['.*', 'replicate']]), false);
    assert.equal(shardsEverything([['(', 'fsdp']]), false, 'a bad regex matches nothing');
    const f = configFacts(config({ sharding_strategy: [['.*', 'fsdp']] }), { accelerator: 'v4-32' });
    assert.equal(f.memory.sharded, true);
    assert.equal(f.memory.params, (4 * f.params) / 16);
  });

  it('assumptions say what the estimate counts, and a batch the devices do not divide', () => {
    const f = configFacts(config({ input: { batch_size: 1000, pp: 'resize(224)' }, optax: { mu_dtype: 'bfloat16' } }), { accelerator: 'v4-32' });
    assert.ok(f.assumptions.some((a) => /first moment in bfloat16 \+ second moment in float32/.test(a)), f.assumptions.join('\n'));
    assert.ok(f.assumptions.some((a) => /not divisible by the 16 devices of v4-32/.test(a)));
    assert.ok(configFacts(config({ model: { variant: 'B/16', scan: true } })).memory.activations < configFacts(config()).memory.activations / 5);
  });

  it('errors name the key: variant, model_name, batch size, Mixer sizes, BiT depth', () => {
    assert.deepEqual(keyError(() => configFacts(config({ model: { variant: 'X/16' } }))).path, ['model', 'variant']);
    assert.match(keyError(() => configFacts(config({ model: { variant: 'X/16' } }))).message, /unknown size 'X'/);
    assert.deepEqual(keyError(() => configFacts(config({ model_name: 'proj.givt.givt' }))).path, ['model_name']);
    assert.deepEqual(keyError(() => configFacts(config({ input: { pp: 'resize(224)' } }))).path, ['input', 'batch_size']);
    assert.deepEqual(keyError(() => configFacts(config({ model_name: 'mlp_mixer', model: { num_blocks: 2 } }))).path, ['model', 'patch_size']);
    assert.deepEqual(keyError(() => configFacts(config({ model_name: 'mlp_mixer', model: { variant: 'B/16', hidden_dim: 'x' } }))).path, ['model', 'hidden_dim']);
    assert.deepEqual(keyError(() => configFacts(config({ model_name: 'bit', model: { depth: 34 } }))).path, ['model', 'depth']);
    assert.match(keyError(() => configFacts(config({ model_name: 'bit_paper', model: { width: 0.25 } }))).message, /GroupNorm's 32 groups/);
  });
});
