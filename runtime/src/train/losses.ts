/**
 * `config.loss` and evaluators' `loss_name` → the losses of `runtime/src/optim/losses.ts`; an unknown name is a
 * ConfigKeyError at the key naming it (so `bv train` points at its line).
 */
import type * as tf from '@tensorflow/tfjs';
import type { PerExampleLoss } from '../evaluators/types';
import { lossFn } from '../optim/losses';
import type { KeyPath } from '../registry';
import type { BatchLoss } from './update';

/** The training loss named by `config.loss` (the schema's default `sigmoid_xent` when unset), mean over the batch. */
export function batchLoss(name: string): BatchLoss {
  const fn = lossFn(name, ['loss']);
  return (logits, labels) => fn(logits, labels, true) as tf.Scalar;
}

/** Per-example loss for evaluators (`reduction=False`); `path` is the key naming it. */
export function perExampleLoss(name: string, path: KeyPath): PerExampleLoss {
  const fn = lossFn(name, path);
  return (logits, labels) => fn(logits, labels, false) as tf.Tensor1D;
}
