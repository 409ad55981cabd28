/**
 * The evaluator interface of the bundled trainer. An evaluator is built from one `config.evals` entry and yields
 * `[metric, value]` pairs from `run(state)` (upstream: `Evaluator.run(train_state)`); the trainer writes them as
 * `<prefix><metric>`. Evaluators reach the model only through the predict functions of `EvalState`, and the data
 * only through `EvaluatorContext.evalBatches`, so they stay independent of how models and datasets are built.
 */
import type * as tf from '@tensorflow/tfjs';
import type { HostData } from '../data/hostTensor';
import type { KeyPath } from '../registry';

/** What a predict fn returns: its first output (logits) and its named outputs (`pre_logits`, ...). */
export interface PredictOutputs {
  readonly logits: tf.Tensor2D;
  readonly out: Readonly<Record<string, tf.Tensor>>;
}

/**
 * What `run` gets: the eval's predict fn (its `pred`, e.g. train.py's `predict`, the distill trainer's
 * `student_fwd`) bound to the current parameters (the EMA ones with `pred_kw=dict(use_ema=True)`).
 */
export interface EvalState {
  /** Logits `[batch, classes]` of a batch (the caller disposes them); `pp` is the key of its pp string. */
  predict(batch: HostData, pp: KeyPath): tf.Tensor2D;
  /** Every output of a batch; the caller disposes `logits` and each tensor of `out`. */
  outputs(batch: HostData, pp: KeyPath): PredictOutputs;
  /** A (student, teacher) predict fn's two outputs (the distillation trainer's `student_<T>_fwd`). */
  pair?(batch: HostData, pp: KeyPath): [PredictOutputs, PredictOutputs];
}

/** An entry of `config.evals` as handed to an implementation: generic keys removed, batch size filled in. */
export interface EvalEntry {
  readonly name: string;
  /** Its config key path, `['evals', name]`, for errors. */
  readonly path: KeyPath;
  /** The predict fn's name (checked against what the trainer offers). */
  readonly pred: string;
  readonly kwargs: Readonly<Record<string, unknown>>;
}

/** Per-example loss `[batch]` of logits against one/multi-hot labels (a registered loss, reduction=False). */
export type PerExampleLoss = (logits: tf.Tensor2D, labels: tf.Tensor2D) => tf.Tensor1D;

/** Services the trainer provides to evaluators. */
export interface EvaluatorContext {
  /**
   * The eval pipeline (upstream `common.eval_input_pipeline`): every example of `data` once, in order,
   * preprocessed with `pp_fn`, batched by `batchSize` (the last batch may be smaller). `path` is the entry's
   * config key path (e.g. `['evals', 'test']`), for errors; `ppKey` the key under it holding the pp string
   * (default `pp_fn`).
   */
  evalBatches(opts: { data: Record<string, unknown>; ppFn: string; batchSize: number; cache: string; path: KeyPath; ppKey?: string }): AsyncIterable<HostData>;
  /** The loss named `name` (e.g. `softmax_xent`); throws a ConfigKeyError at `path` when unknown. */
  loss(name: string, path: KeyPath): PerExampleLoss;
  /** The class count of a dataset's ClassLabel feature `key`, when its features say (for `fewshot_lsr`). */
  classCount?(data: Record<string, unknown>, key: string, path: KeyPath): number | undefined;
}

export interface Evaluator {
  run(state: EvalState): AsyncIterable<[string, number]>;
}

/** An implementation registered under an evaluator spec's name. */
export interface EvaluatorImpl {
  readonly name: string;
  create(entry: EvalEntry, ctx: EvaluatorContext): Evaluator;
}
