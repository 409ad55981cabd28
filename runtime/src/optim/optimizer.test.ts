import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../tf/testBackend';
import type { Params } from '../models/types';
import { ConfigKeyError } from '../semantics/configKeyError';
import { makeOptimizer as make, type OptimizerSettings } from './optimizer';

const ctx = { totalSteps: 10, batchSize: 4, dataSize: 40 };

/** Settings as the trainer resolves them from config keys (the defaults written out). */
function settings(c: Record<string, unknown>): OptimizerSettings {
  return {
    optaxName: c.optax_name as string, optax: (c.optax ?? {}) as Record<string, unknown>, lr: c.lr as number, wd: (c.wd ?? 0) as number,
    wdMults: c.wd_mults ?? [['.*/kernel$', 1.0]], lrMults: c.lr_mults ?? null, gradClipNorm: (c.grad_clip_norm ?? 0) as number, schedule: c.schedule,
  };
}
const makeOptimizer = (c: Record<string, unknown>, params: Params, context: typeof ctx) => make(settings(c), params, context);
const values = (p: Params, name: string): number[] => Array.from(p[name].dataSync());
const close = (actual: number[], expected: number[], what: string): void =>
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]) < 1e-5, `${what}[${i}]: ${a} vs ${expected[i]}`));

// Two parameters with big_vision names: w (a kernel: weight decay applies) and b (a bias: lr_mult 2).
function problem(): { params: Params; grads: () => Params } {
  return {
    params: { 'dense/kernel': tf.tensor1d([1, -2]), 'dense/bias': tf.tensor1d([0.5]) },
    // ‖g‖ = √(3² + 4² + 12²) = 13.
    grads: () => ({ 'dense/kernel': tf.tensor1d([3, 4]), 'dense/bias': tf.tensor1d([12]) }),
  };
}

describe('optim/optimizer', () => {
  useBackend('cpu');

  it('applies clip → adam → lr·lr_mult → +wd·p → ·sched → −1 (hand-computed, two steps)', () => {
    const { params, grads } = problem();
    const opt = makeOptimizer(
      {
        optax_name: 'scale_by_adam', lr: 0.1, wd: 0.01, lr_mults: [['.*/bias', 2.0]], grad_clip_norm: 6.5,
        schedule: { decay_type: 'cosine' },
      },
      params, ctx,
    );
    // Clipping halves g (13 → 6.5). Adam's first step is m̂/√v̂ = g/|g| = ±1 (eps 1e-8 is negligible);
    // so is its second step for an unchanged gradient (both moments are bias-corrected back to g and g²).
    const s0 = 1;
    const s1 = 0.5 * (1 + Math.cos(Math.PI * 0.1));
    assert.deepEqual(opt.schedules(0), [s0]);
    assert.ok(Math.abs(opt.schedules(1)[0] - s1) < 1e-7);

    let p = params;
    let r = opt.update(grads(), p);
    // w ← w − s0·(0.1·1·sign(g) + 0.01·w);  b ← b − s0·(0.1·2·sign(g))  (wd only on kernels by default).
    const w1 = [1 - s0 * (0.1 + 0.01 * 1), -2 - s0 * (0.1 + 0.01 * -2)];
    close(values(r.params, 'dense/kernel'), w1, 'w after step 1');
    close(values(r.params, 'dense/bias'), [0.5 - 0.2], 'b after step 1');
    close(values(r.updates, 'dense/kernel'), [w1[0] - 1, w1[1] + 2], 'updates are new − old');
    p = r.params;
    r = opt.update(grads(), p);
    close(values(r.params, 'dense/kernel'), w1.map((w) => w - s1 * (0.1 + 0.01 * w)), 'w after step 2');
    close(values(r.params, 'dense/bias'), [0.3 - s1 * 0.2], 'b after step 2');
    assert.equal(opt.count(), 2);
  });

  it('freezes params with a None schedule entry and clips only over the others', () => {
    const { params, grads } = problem();
    const opt = makeOptimizer(
      { optax_name: 'big_vision.sgd', lr: 1, grad_clip_norm: 2.5, schedule: [['.*/bias', null], ['.*', { decay_type: 'stair' }]] },
      params, ctx,
    );
    assert.equal(opt.isFrozen('dense/bias'), true);
    assert.equal(opt.isFrozen('dense/kernel'), false);
    const r = opt.update(grads(), params);
    // Norm over w alone is 5, clipped to 2.5: g·0.5; plain SGD with lr 1.
    close(values(r.params, 'dense/kernel'), [1 - 1.5, -2 - 2], 'w');
    assert.equal(r.params['dense/bias'], params['dense/bias'], 'a frozen param keeps its tensor');
    assert.equal(r.updates['dense/bias'], undefined);
    assert.deepEqual(opt.schedules(0), [1], 'one schedule: the None entry is not numbered');
  });

  it('momentum_hp keeps a trace; its state round-trips through state()/load()', () => {
    const { params, grads } = problem();
    const config = { optax_name: 'big_vision.momentum_hp', lr: 0.1, schedule: {} };
    const opt = makeOptimizer(config, params, ctx);
    const r1 = opt.update(grads(), params);
    const r2 = opt.update(grads(), r1.params);
    // trace₁ = g, trace₂ = g + 0.9·g: w₂ = w₀ − 0.1·(1 + 1.9)·g.
    close(values(r2.params, 'dense/kernel'), [1 - 0.1 * 2.9 * 3, -2 - 0.1 * 2.9 * 4], 'w');
    const saved = opt.state();
    assert.deepEqual(Object.keys(saved).sort(), ['count', 'trace/dense/bias', 'trace/dense/kernel']);
    const again = makeOptimizer(config, params, ctx);
    again.load(saved);
    assert.equal(again.count(), 2);
    close(values(again.update(grads(), r2.params).params, 'dense/kernel'), values(opt.update(grads(), r2.params).params, 'dense/kernel'), 'resumed step');
  });

  it('wd_mults and lr_mults take the first matching regex', () => {
    const { params, grads } = problem();
    const opt = makeOptimizer(
      { optax_name: 'identity', lr: 1, wd: 0.5, wd_mults: [['.*/bias', 2.0], ['.*', 0.0]], lr_mults: [['dense/.*', 0.5], ['.*', 3.0]], schedule: {} },
      params, ctx,
    );
    const r = opt.update(grads(), params);
    close(values(r.params, 'dense/kernel'), [1 - 0.5 * 3, -2 - 0.5 * 4], 'w: lr_mult 0.5, no wd');
    close(values(r.params, 'dense/bias'), [0.5 - (0.5 * 12 + 0.5 * 2 * 0.5)], 'b: lr_mult 0.5, wd·2');
  });

  it('names the config key of bad settings', () => {
    const { params } = problem();
    const base = { optax_name: 'scale_by_adam', lr: 0.1, schedule: {} };
    assert.throws(() => makeOptimizer({ ...base, optax_name: 'scale_by_adamw' }, params, ctx), /config\.optax_name: unknown optax transform 'scale_by_adamw'\. Did you mean 'scale_by_adam'/);
    assert.throws(() => makeOptimizer({ ...base, optax_name: 'scale_by_lion' }, params, ctx), /optax transform 'scale_by_lion' exists upstream, but the bundled trainer does not implement it \(bundled: scale_by_adam/);
    assert.throws(() => makeOptimizer({ ...base, schedule: [['.*/kernel', {}]] }, params, ctx), /every parameter must match an entry \(use None to freeze\); unmatched: dense\/bias/);
    assert.throws(() => makeOptimizer({ ...base, lr_mults: [['.*', 0]] }, params, ctx), (e: ConfigKeyError) => e.key === 'config.lr_mults[0][1]' && /0: lr_mults must be > 0/.test(e.message));
    assert.throws(() => makeOptimizer({ ...base, schedule: [['/dense/.*', {}]] }, params, ctx), (e: ConfigKeyError) => e.key === 'config.schedule[0][0]' && /starts with '\/'/.test(e.message));
  });
});
