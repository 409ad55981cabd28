/**
 * The predict fns a trainer offers its evaluators (`config.evals.*.pred`): train.py's `predict` (the model's
 * logits and named outputs), and whatever another trainer adds (the distillation trainer's `student_fwd`,
 * `<teacher>_fwd`, `teacher_ensemble_fwd`). Each is turned into the `EvalState` an evaluator runs on.
 */
import * as tf from '@tensorflow/tfjs';
import type { HostData } from '../data/hostTensor';
import type { EvalState, PredictOutputs } from '../evaluators/types';
import type { Model, Params } from '../models/types';
import type { KeyPath } from '../registry';
import { imagesOf } from './update';

/** A predict fn bound to its params: every output of a batch (the caller disposes them). */
export type Forward = (batch: HostData, pp: KeyPath) => PredictOutputs;

/** The forward pass of `model` with the params `params()` returns at call time (they change every step). */
export function modelForward(model: Model, params: () => Params): Forward {
  return (batch, pp) =>
    tf.tidy(() => {
      const { logits, out } = model.apply(params(), imagesOf(batch, pp));
      return { logits: logits as tf.Tensor2D, out: { ...out } };
    });
}

/** The state an evaluator runs on, from one predict fn. */
export function evalStateOf(forward: Forward): EvalState {
  return {
    outputs: forward,
    predict(batch, pp) {
      const { logits, out } = forward(batch, pp);
      // `out` may hold the logits themselves (a model without head returns its pre-logits as logits).
      tf.dispose(Object.values(out).filter((t) => t !== logits));
      return logits;
    },
  };
}

/** Disposes every tensor of a predict fn's outputs once. */
export function disposeOutputs(o: PredictOutputs): void {
  tf.dispose([...new Set([o.logits, ...Object.values(o.out)])]);
}

/** A (student, teacher) predict fn: both outputs of a batch. */
export type PairForward = (batch: HostData, pp: KeyPath) => [PredictOutputs, PredictOutputs];

/** The state of an eval whose `pred` is `pred`, from the trainer's predict fns (checked when the config was read). */
export function evalStateFor(pred: string, fns: Readonly<Record<string, Forward>>, pairs: Readonly<Record<string, PairForward>> = {}): EvalState {
  const single = fns[pred] as Forward | undefined;
  const pair = pairs[pred] as PairForward | undefined;
  const refuse = (): never => {
    throw new Error(`the predict fn '${pred}' returns ${pair ? 'a (student, teacher) pair: use it with the proj.distill.distance evaluator' : 'no logits (e.g. train.py\'s loss)'}`);
  };
  return single ? evalStateOf(single) : { predict: refuse, outputs: refuse, ...(pair ? { pair } : {}) };
}
