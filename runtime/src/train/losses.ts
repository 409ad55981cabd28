/**
 * `config.loss` and evaluators' `loss_name` → the losses of `runtime/src/optim/losses.ts`; an unknown name is a
 * ConfigKeyError at the key naming it (so `bv train` points at its line).
 */
import type * as tf from '@tensorflow/tfjs';
import type { PerExampleLoss } from '../evaluators/types';
import { lossImpls, type LossFn } from '../optim/losses';
import { losses as lossSpecs, type KeyPath } from '../registry';
import { implementationAt } from '../semantics/dispatch';
import type { BatchLoss } from './update';

/** The loss a config names at `path`. */
function lossAt(name: unknown, path: KeyPath): LossFn {
  return implementationAt(lossImpls, lossSpecs, name, path, 'loss');
}

/** The training loss named by `config.loss` (the schema's default `sigmoid_xent` when unset), mean over the batch. */
export function batchLoss(name: string): BatchLoss {
  const fn = lossAt(name, ['loss']);
  return (logits, labels) => fn(logits, labels, true) as tf.Scalar;
}

/** Per-example loss for evaluators (`reduction=False`); `path` is the key naming it. */
export function perExampleLoss(name: string, path: KeyPath): PerExampleLoss {
  const fn = lossAt(name, path);
  return (logits, labels) => fn(logits, labels, false) as tf.Tensor1D;
}
