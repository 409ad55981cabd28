import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../tf/backend';
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

// cpu runs the step as tf ops, wasm as one fused kernel (tf/fusedOptimizer.ts): both must give these values.
for (const backend of ['cpu', 'wasm'] as const) describe(`optim/optimizer (${backend})`, () => {
  useBackend(backend);

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
    // Norms: gradients before clipping, params after the step, updates = new − old.
    close([r.l2.grads, r.l2.params, r.l2.updates], [13, Math.hypot(...w1, 0.3), Math.hypot(w1[0] - 1, w1[1] + 2, 0.2)], 'l2 norms');
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
    // l2_grads over w only (5); l2_params over both, the frozen b included; l2_updates over w only.
    close([r.l2.grads, r.l2.params, r.l2.updates], [5, Math.hypot(-0.5, -4, 0.5), Math.hypot(1.5, 2)], 'l2 norms');
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

describe('optim/optimizer: the fused step on wasm equals the tf-op step', () => {
  let previous = '';
  before(() => (previous = tf.getBackend()));
  after(async () => {
    await tf.setBackend(previous);
  });

  /** Deterministic values in [-scale, scale), the same on every backend. */
  const fill = (n: number, seed: number, scale: number): Float32Array => {
    let x = seed;
    return Float32Array.from({ length: n }, () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 2 * scale);
  };
  const shapes: Record<string, number[]> = { 'a/kernel': [7, 5], 'a/bias': [5], 'b/kernel': [3, 3, 2] };

  /** Three steps of `config` on `backend`: every param value, the state and the norms of each step, flattened. */
  async function run(backend: 'cpu' | 'wasm', config: Record<string, unknown>): Promise<number[]> {
    await selectBackend(backend);
    let params: Params = Object.fromEntries(Object.entries(shapes).map(([n, s], i) => [n, tf.tensor(fill(s.reduce((a, b) => a * b, 1), i + 1, 2), s)]));
    const opt = makeOptimizer({ schedule: { decay_type: 'cosine', warmup_steps: 1 }, ...config }, params, ctx);
    const out: number[] = [];
    for (let step = 0; step < 3; step++) {
      // Gradients large enough that a clip of 1 acts.
      const grads = Object.fromEntries(Object.entries(shapes).map(([n, s], i) => [n, tf.tensor(fill(s.reduce((a, b) => a * b, 1), 10 * step + i + 7, 3), s)]));
      const r = opt.update(grads, params);
      out.push(r.l2.grads, r.l2.params, r.l2.updates);
      tf.dispose(Object.values(grads));
      params = r.params;
    }
    for (const name of Object.keys(shapes)) out.push(...params[name].dataSync());
    for (const leaf of Object.values(opt.state())) out.push(...leaf.dataSync());
    opt.dispose();
    return out;
  }

  const configs: Record<string, unknown>[] = [
    { optax_name: 'scale_by_adam', lr: 0.01, wd: 0.1, grad_clip_norm: 1.0 },
    { optax_name: 'scale_by_adam', optax: { nesterov: true, eps_root: 1e-6, b2: 0.95 }, lr: 0.01, wd: 0.1, wd_mults: [['.*', 0.5]], grad_clip_norm: 1000 },
    { optax_name: 'big_vision.momentum_hp', optax: { nesterov: true }, lr: 0.1, wd: 0.01, lr_mults: [['.*/bias', 2.0], ['.*', 1.0]] },
    { optax_name: 'big_vision.momentum_hp', lr: 0.1, grad_clip_norm: 1.0 },
    { optax_name: 'identity', lr: 0.5, grad_clip_norm: 2.0, schedule: [['.*/bias', null], ['.*', { decay_type: 'cosine' }]] },
  ];
  for (const config of configs) {
    it(`${config.optax_name} ${JSON.stringify(config.optax ?? {})}, clip ${config.grad_clip_norm ?? 0}, wd ${config.wd ?? 0}`, async () => {
      const [want, got] = [await run('cpu', config), await run('wasm', config)];
      assert.equal(got.length, want.length);
      got.forEach((g, i) => assert.ok(Math.abs(g - want[i]) <= 1e-5 * Math.max(1, Math.abs(want[i])), `value ${i}: ${g} (wasm) vs ${want[i]} (cpu)`));
    });
  }
});
