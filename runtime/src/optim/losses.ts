// The losses `config.loss` (train.py) and evaluators' `loss_name` can name,
// with big_vision/utils.py's semantics: sum over classes per example, then
// (with `reduction`) the mean over the batch.
//   sigmoid_xent: −Σ [y·log σ(z) + (1−y)·log σ(−z)]   (numerically stable log σ)
//   softmax_xent: −Σ y·log_softmax(z)

import * as tf from '@tensorflow/tfjs';
import { implementations, losses as lossSpecs, type Registry } from '../registry';

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

/** `loss.*`: implementations of the specs marked bundled, by `config.loss` / `loss_name`. */
export const lossImpls: Registry<LossFn> = implementations(lossSpecs, { sigmoid_xent: sigmoidXent, softmax_xent: softmaxXent });
