// The losses `config.loss` (train.py) and evaluators' `loss_name` can name,
// with big_vision/utils.py's semantics: sum over classes per example, then
// (with `reduction`) the mean over the batch.
//   sigmoid_xent: −Σ [y·log σ(z) + (1−y)·log σ(−z)]   (numerically stable log σ)
//   softmax_xent: −Σ y·log_softmax(z)

import * as tf from '@tensorflow/tfjs';
import { losses as lossSpecs, type KeyPath } from '../registry';
import { ConfigKeyError } from '../semantics/configKeyError';

/** `fn(logits=..., labels=..., reduction=...)`: a scalar, or per-example `[B]` without reduction. */
export type LossFn = (logits: tf.Tensor, labels: tf.Tensor, reduction?: boolean) => tf.Tensor;

// −[y·log σ(z) + (1−y)·log σ(−z)] = softplus(z) − y·z exactly (log σ(−z) = log σ(z) − z),
// which is stable for large |z| and avoids tf.logSigmoid, whose gradient in
// tfjs 4.22 reads an already-freed tensor. No tf.tidy here: the losses run
// inside tf.valueAndGrads, whose scope frees the intermediates.
export const sigmoidXent: LossFn = (logits, labels, reduction = true) => {
  const nll = tf.sum(tf.sub(tf.softplus(logits), tf.mul(labels, logits)), -1);
  return reduction ? tf.mean(nll) : nll;
};

export const softmaxXent: LossFn = (logits, labels, reduction = true) => {
  const nll = tf.neg(tf.sum(tf.mul(labels, tf.logSoftmax(logits)), -1));
  return reduction ? tf.mean(nll) : nll;
};

/** Implementations by registry name. */
export const LOSSES: Readonly<Record<string, LossFn>> = { sigmoid_xent: sigmoidXent, softmax_xent: softmaxXent };

/** The loss named `name`; `path` is the config key naming it (`['loss']`, `['evals', 'val', 'loss_name']`). */
export function lossFn(name: unknown, path: KeyPath = ['loss']): LossFn {
  if (typeof name === 'string' && LOSSES[name]) return LOSSES[name];
  const hints = typeof name === 'string' ? lossSpecs.suggest(name) : [];
  const hint = hints.length ? ` Did you mean ${hints.map((h) => `'${h}'`).join(', ')}?` : '';
  throw new ConfigKeyError(path, `${JSON.stringify(name)} is not a loss the trainer knows.${hint} Valid: ${Object.keys(LOSSES).join(', ')}.`);
}
