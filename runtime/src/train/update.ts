/**
 * One training step, as train.py's `update_fn`: loss and gradients of the model on a batch, the optimizer update,
 * and the measurements `training_loss`, `l2_grads` (over non-frozen params), `l2_params` (after the update) and
 * `l2_updates`. Parameters are replaced by new tensors; the old ones are disposed here. With `mixup` the batch is
 * mixed first (images and labels); the distillation trainer brings its own objective.
 */
import * as tf from '@tensorflow/tfjs';
import type { HostData, HostTensor } from '../data/hostTensor';
import type { Model, Params } from '../models/types';
import type { Optimizer } from '../optim/optimizer';
import type { KeyPath } from '../registry';
import { ConfigKeyError } from '../semantics/configKeyError';
import { mixBatch, mixupCoefficient } from './mixup';

/** A batch loss: mean over the batch of the per-example loss of `logits` against `labels`. */
export type BatchLoss = (logits: tf.Tensor2D, labels: tf.Tensor2D) => tf.Scalar;

/** Host tensor → tfjs tensor (images as float32 `[B, H, W, C]`). */
export function toTensor(t: HostTensor, key: string): tf.Tensor {
  if (t.dtype === 'bytes' || t.dtype === 'int64') {
    throw new Error(`batch feature '${key}' is ${t.dtype}[${t.shape.join(',')}]; the model needs numbers (decode images and onehot labels in the pp string)`);
  }
  return tf.tensor(t.data, t.shape, t.dtype === 'uint8' ? 'int32' : t.dtype);
}

/** The images of a batch as float32 `[B, H, W, C]`; `pp` is the config key of the pp string that made it. */
export function imagesOf(batch: HostData, pp: KeyPath): tf.Tensor4D {
  const img = batch.image;
  if (!img) throw new ConfigKeyError(pp, `the batch has no 'image'; the pp string must produce it (keys: ${Object.keys(batch).join(', ')})`);
  if (img.shape.length !== 4) throw new ConfigKeyError(pp, `'image' must be [batch, height, width, channels], got [${img.shape.join(', ')}] (add decode to the pp string)`);
  return tf.tidy(() => toTensor(img, 'image').toFloat() as tf.Tensor4D);
}

export interface StepMeasurements {
  training_loss: number;
  l2_grads: number;
  l2_params: number;
  l2_updates: number;
}

/** A batch's training objective other than `loss(logits, labels)` (distillation: the teachers' logits). */
export interface Objective {
  /** Whether the batch must carry `labels`. */
  readonly needsLabels: boolean;
  /** Prepares one (mixed) batch, outside the gradient tape. */
  batch(images: tf.Tensor4D, labels: tf.Tensor2D | undefined): ObjectiveBatch;
}

/** An objective bound to one batch. */
export interface ObjectiveBatch {
  /** The scalar loss of the trained model's logits (inside the gradient tape). */
  loss(logits: tf.Tensor2D): tf.Scalar;
  /** Extra measurements of the step (e.g. `distill_loss_<teacher>`), from the trained model's logits. */
  measure(logits: tf.Tensor2D): Record<string, tf.Scalar>;
  dispose(): void;
}

export interface UpdateContext {
  model: Model;
  optimizer: Optimizer;
  loss: BatchLoss;
  seed: number;
  /** `config.mixup.p` when mixup is on: the batch's images and labels are mixed first. */
  mixupP?: number;
  /** Another trainer's objective (distillation); default: `loss(logits, labels)`. */
  objective?: Objective;
}

/** Loss and gradients of the model on `batch` (the first half of a step; data-parallel workers average them). */
export interface Gradients {
  loss: tf.Scalar;
  grads: Params;
  /** The objective's extra measurements (plain numbers). */
  extra?: Record<string, number>;
}

/**
 * Loss and gradients of `params` on `batch`. `step` is the 1-based step being taken (dropout masks derive from it,
 * so a resumed run draws the same ones). The caller owns (and disposes) what is returned.
 */
export function gradients(ctx: UpdateContext, params: Params, batch: HostData, step: number): Gradients {
  const names = Object.keys(params);
  const labelsHost = batch.labels;
  if (!labelsHost && (ctx.objective?.needsLabels ?? true)) {
    throw new ConfigKeyError(['input', 'pp'], `the batch has no 'labels' (keys: ${Object.keys(batch).join(', ')}); add e.g. onehot(10, key="label", key_result="labels")`);
  }
  let images = imagesOf(batch, ['input', 'pp']);
  let labels = labelsHost ? tf.tidy(() => toTensor(labelsHost, 'labels').toFloat() as tf.Tensor2D) : undefined;
  if (ctx.mixupP) {
    const a = mixupCoefficient(ctx.mixupP, ctx.seed, step);
    const mixed: [tf.Tensor4D, tf.Tensor2D | undefined] = [mixBatch(images, a), labels && mixBatch(labels, a)];
    tf.dispose([images, ...(labels ? [labels] : [])]);
    [images, labels] = mixed;
  }
  const target = ctx.objective?.batch(images, labels);
  let extra: Record<string, number> | undefined;
  try {
    const { value, grads } = tf.valueAndGrads((...ts: tf.Tensor[]) => {
      const p: Params = {};
      names.forEach((n, i) => (p[n] = ts[i]));
      const { logits } = ctx.model.apply(p, images, { train: true, seed: ctx.seed, step });
      if (!target) return ctx.loss(logits as tf.Tensor2D, labels as tf.Tensor2D);
      const m = target.measure(logits as tf.Tensor2D);
      const keys = Object.keys(m);
      const values = keys.length ? tf.stack(keys.map((k) => m[k])).dataSync() : [];
      extra = Object.fromEntries(keys.map((k, i) => [k, values[i]]));
      return target.loss(logits as tf.Tensor2D);
    })(names.map((n) => params[n]));
    const g: Params = {};
    names.forEach((n, i) => (g[n] = grads[i]));
    return { loss: value, grads: g, ...(extra ? { extra } : {}) };
  } finally {
    target?.dispose();
    tf.dispose([images, ...(labels ? [labels] : [])]);
  }
}

/**
 * The optimizer update of `params` by `g` (the second half of a step) and the step's measurements; `g`, `loss`
 * and the replaced parameters are disposed here.
 */
export function applyGradients(ctx: UpdateContext, params: Params, { loss: value, grads: g, extra }: Gradients): { params: Params; measurements: StepMeasurements & Record<string, number> } {
  const names = Object.keys(params);
  const { params: next, l2 } = ctx.optimizer.update(g, params);
  const loss = value.dataSync()[0];
  tf.dispose([value, Object.values(g)]);
  for (const n of names) if (next[n] !== params[n]) params[n].dispose();
  return { params: next, measurements: { training_loss: loss, l2_grads: l2.grads, l2_params: l2.params, l2_updates: l2.updates, ...extra } };
}

/**
 * Runs one update on `batch` and returns the new parameters and the measurements. `step` is the 1-based step
 * being taken (dropout masks derive from it, so a resumed run draws the same ones).
 */
export function updateStep(ctx: UpdateContext, params: Params, batch: HostData, step: number): { params: Params; measurements: StepMeasurements & Record<string, number> } {
  return applyGradients(ctx, params, gradients(ctx, params, batch, step));
}
