/**
 * `config.loss` and evaluators' `loss_name` → the losses of `runtime/src/optim/losses.ts`, with errors as
 * ConfigKeyErrors naming the key (so `bv train` points at its line).
 */
import type * as tf from '@tensorflow/tfjs';
import type { PerExampleLoss } from '../evaluators/types';
import { lossFn, type LossFn } from '../optim/losses';
import { blameKeySync } from './errors';
import type { BatchLoss } from './update';

function resolve(name: unknown, key: string): LossFn {
  return blameKeySync(key, () => lossFn(name, key));
}

/** The training loss of `config.loss` (upstream default `sigmoid_xent`), mean over the batch. */
export function batchLoss(config: Record<string, unknown>): BatchLoss {
  const fn = resolve(config.loss ?? 'sigmoid_xent', 'config.loss');
  return (logits, labels) => fn(logits, labels, true) as tf.Scalar;
}

/** Per-example loss for evaluators (`reduction=False`). */
export function perExampleLoss(name: string, key: string): PerExampleLoss {
  const fn = resolve(name, key);
  return (logits, labels) => fn(logits, labels, false) as tf.Tensor1D;
}
