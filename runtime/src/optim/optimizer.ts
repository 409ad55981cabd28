// big_vision's optimizer (big_vision/optax.py `make`), per parameter p with
// gradient g and update count t (0-based), in upstream's order:
//   1. clip g by the global norm over non-frozen params (grad_clip_norm);
//   2. o = optax_name(**optax) applied to g;
//   3-4. × lr × lr_mult (first matching lr_mults regex);
//   5. + wd · wd_mult · p (first matching wd_mults regex; default '.*/kernel$');
//   6. × sched(t) of the first matching schedule entry;
//   7. frozen params (schedule entry None) get no update at all;
//   8. × −1:   p ← p − sched(t)·(lr·lr_mult·o + wd·wd_mult·p).
// State is plain named tensors (`count`, `<slot>/<param>`) for checkpoints.

import * as tf from '@tensorflow/tfjs';
import type { Params } from '../models/types';
import type { KeyPath } from '../registry';
import { ConfigKeyError } from '../semantics/configKeyError';
import { compileRules, type ParamRules } from '../semantics/paramRules';
import { fusedOptimizerStep } from '../tf/fusedOptimizer';
import { evaluateSchedule, resolveSchedule, type ResolvedSchedule, type ScheduleContext } from './schedule';
import { makeTransform, type GradTransform } from './transforms';

/** What the training loop calls. */
export interface Optimizer {
  /** Updates applied so far (optax's count): the loop's next step is `count() + 1`. */
  count(): number;
  /**
   * One update; returns new params (frozen ones are the same tensors) and the step's global L2 norms: of the
   * gradients of non-frozen params (before clipping), of all params after the update, and of the updates.
   */
  update(grads: Params, params: Params): { params: Params; l2: StepNorms };
  /** Values of the schedules (`global_schedule`, `global_schedule1`, ...) at 0-based count `t`. */
  schedules(t: number): number[];
  /** Frozen by a None schedule entry (no update, no weight decay, excluded from clipping and l2_grads). */
  isFrozen(name: string): boolean;
  /** State leaves by name (the checkpoint puts them under `opt/`); owned by the optimizer. */
  state(): Record<string, tf.Tensor>;
  /** Restores `state()` leaves (copies them; the caller keeps ownership of `leaves`). */
  load(leaves: Record<string, tf.Tensor>): void;
  /** Frees the state tensors. */
  dispose(): void;
}

/**
 * The optimizer keys of a config as the trainer resolved them (types checked, the schema's defaults filled in):
 * `optax_name`/`optax`, `lr`, `wd` (0 = none), `wd_mults`, `lr_mults` (null = none), `grad_clip_norm` (0 = none)
 * and `schedule` (a dict, or the list form), whose entries are checked here, where their paths are known.
 */
export interface OptimizerSettings {
  readonly optaxName: string;
  readonly optax: Readonly<Record<string, unknown>>;
  readonly lr: number;
  readonly wd: number;
  readonly wdMults: unknown;
  readonly lrMults: unknown;
  readonly gradClipNorm: number;
  readonly schedule: unknown;
}

export interface StepNorms {
  grads: number;
  params: number;
  updates: number;
}

interface ParamPlan {
  frozen: boolean;
  schedule: number;
  lrMult: number;
  wdMult: number;
}

function positive(v: unknown, at: KeyPath): number {
  if (typeof v !== 'number' || !(v > 0)) throw new ConfigKeyError(at, `${JSON.stringify(v)}: lr_mults must be > 0 (freeze params with a None schedule entry instead).`);
  return v;
}
function finite(v: unknown, at: KeyPath): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ConfigKeyError(at, `${JSON.stringify(v)} must be a number.`);
  return v;
}

/** Builds the optimizer of `settings` for `params`; `ctx` resolves schedule durations. */
export function makeOptimizer(settings: OptimizerSettings, params: Params, ctx: ScheduleContext): Optimizer {
  const transform: GradTransform = makeTransform(settings.optaxName, settings.optax);
  const { lr, wd, gradClipNorm: clip } = settings;

  const rawSchedule = settings.schedule ?? {};
  const listForm = Array.isArray(rawSchedule);
  const scheduleRules: ParamRules<ResolvedSchedule | null> = compileRules(listForm ? rawSchedule : [['.*', rawSchedule]], ['schedule'], (v, at) => {
    if (v === null) return null;
    const where = listForm ? at : ['schedule'];
    if (typeof v !== 'object' || Array.isArray(v)) throw new ConfigKeyError(where, `must be a schedule dict or None, got ${JSON.stringify(v)}.`);
    return resolveSchedule(v as Record<string, unknown>, ctx, where);
  });
  const lrRules = settings.lrMults ? compileRules(settings.lrMults, ['lr_mults'], positive) : undefined;
  const wdRules = wd ? compileRules(settings.wdMults, ['wd_mults'], finite) : undefined;

  // Schedule functions in list order without the None entries, as upstream numbers global_schedule{i}.
  const schedules = scheduleRules.values.filter((v): v is ResolvedSchedule => v !== null);
  const scheduleIndex = (ruleIndex: number): number => {
    const v = scheduleRules.values[ruleIndex];
    return v === null ? -1 : schedules.indexOf(v);
  };

  const plan = new Map<string, ParamPlan>();
  const uncovered: string[] = [];
  for (const name of Object.keys(params)) {
    const s = scheduleRules.match(name);
    if (!s) {
      uncovered.push(name);
      continue;
    }
    plan.set(name, {
      frozen: s.value === null,
      schedule: scheduleIndex(s.index),
      lrMult: lrRules?.match(name)?.value ?? 1,
      wdMult: wdRules?.match(name)?.value ?? 0,
    });
  }
  if (uncovered.length) throw new ConfigKeyError(['schedule'], `every parameter must match an entry (use None to freeze); unmatched: ${uncovered.slice(0, 5).join(', ')}${uncovered.length > 5 ? ` and ${uncovered.length - 5} more` : ''}.`);

  let count = 0;
  let countTensor: tf.Tensor | undefined;
  let slots = new Map<string, tf.Tensor[]>();
  const initSlots = (): void => {
    for (const [name, p] of plan) if (!p.frozen) slots.set(name, transform.slots.map(() => tf.zerosLike(params[name])));
  };
  initSlots();

  return {
    count: () => count,
    isFrozen: (name) => plan.get(name)?.frozen ?? false,
    schedules: (t) => schedules.map((s) => evaluateSchedule(s, t)),
    update(grads, current) {
      const t = count;
      const values = schedules.map((s) => evaluateSchedule(s, t));
      const live = [...plan].filter(([, p]) => !p.frozen);
      const scales = (p: ParamPlan): { lrScale: number; wdScale: number } => {
        const s = values[p.schedule];
        return { lrScale: -s * lr * p.lrMult, wdScale: p.wdMult && wd ? s * wd * p.wdMult : 0 };
      };
      const fused = fusedOptimizerStep({
        rule: transform.fused, t: t + 1, clip,
        live: live.map(([name, p]) => ({ grad: grads[name], param: current[name], slots: slots.get(name) as tf.Tensor[], ...scales(p) })),
        frozen: [...plan].filter(([, p]) => p.frozen).map(([name]) => current[name]),
      });
      const nextSlots = new Map<string, tf.Tensor[]>();
      let newParams: Params = {};
      let l2: StepNorms;
      if (fused) {
        live.forEach(([name], i) => {
          newParams[name] = fused.params[i];
          // Kept like the tf-op path's: the state outlives any tidy the caller runs the step in.
          nextSlots.set(name, fused.slots[i].map((x) => tf.keep(x)));
        });
        l2 = fused.l2;
      } else {
        const out = tf.tidy(() => {
          const gradNorm = tf.sqrt(tf.addN([tf.scalar(0), ...live.map(([n]) => tf.sum(tf.square(grads[n])))]));
          // optax.clip_by_global_norm: g if ‖g‖ < clip else g / ‖g‖ · clip.
          const factor = clip && live.length ? (tf.where(tf.less(gradNorm, clip), tf.scalar(1), tf.div(clip, gradNorm)) as tf.Scalar) : undefined;
          const updated: Params = {};
          const updates: tf.Tensor[] = [];
          for (const [name, p] of live) {
            const g = factor ? tf.mul(grads[name], factor) : grads[name];
            const r = transform.update(g, slots.get(name) as tf.Tensor[], t + 1);
            const { lrScale, wdScale } = scales(p);
            let u = tf.mul(r.update, lrScale);
            if (wdScale) u = tf.sub(u, tf.mul(current[name], wdScale));
            updates.push(u);
            updated[name] = tf.add(current[name], u);
            nextSlots.set(name, r.slots.map((x) => tf.keep(x)));
          }
          const all = Object.keys(current).map((n) => updated[n] ?? current[n]);
          const sumSq = (ts: tf.Tensor[]) => tf.addN([tf.scalar(0), ...ts.map((x) => tf.sum(tf.square(x)))]);
          return { updated, norms: tf.stack([gradNorm, tf.sqrt(sumSq(all)), tf.sqrt(sumSq(updates))]) };
        });
        const [g, p, u] = out.norms.dataSync();
        out.norms.dispose();
        newParams = out.updated;
        l2 = { grads: g, params: p, updates: u };
      }
      for (const ts of slots.values()) tf.dispose(ts);
      slots = nextSlots;
      count++;
      const params: Params = {};
      for (const name of Object.keys(current)) params[name] = newParams[name] ?? current[name];
      return { params, l2 };
    },
    state() {
      if (!countTensor || countTensor.dataSync()[0] !== count) {
        countTensor?.dispose();
        countTensor = tf.scalar(count, 'int32');
      }
      // The leaves stay owned by the optimizer: read them, do not dispose them.
      const st: Record<string, tf.Tensor> = { count: countTensor };
      for (const [name, ts] of slots) transform.slots.forEach((slot, i) => (st[`${slot}/${name}`] = ts[i]));
      return st;
    },
    load(leaves) {
      const c = leaves.count;
      if (!c) throw new Error("optimizer state has no 'count' leaf");
      const next = new Map<string, tf.Tensor[]>();
      for (const name of slots.keys()) {
        next.set(name, transform.slots.map((slot) => {
          const leaf = leaves[`${slot}/${name}`];
          if (!leaf) throw new Error(`optimizer state lacks '${slot}/${name}' (was the checkpoint written with another optax_name or schedule?)`);
          if (leaf.shape.join(',') !== params[name].shape.join(',')) throw new Error(`optimizer state '${slot}/${name}' has shape [${leaf.shape}], the parameter [${params[name].shape}]`);
          return leaf.clone();
        }));
      }
      for (const ts of slots.values()) tf.dispose(ts);
      slots = next;
      count = c.dataSync()[0];
    },
    dispose() {
      countTensor?.dispose();
      for (const ts of slots.values()) tf.dispose(ts);
      slots.clear();
    },
  };
}
