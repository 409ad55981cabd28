/**
 * `classification` (upstream `evaluators/classification.py`): top-1 precision and mean loss of the predict fn's
 * logits against one/multi-hot labels. An example counts as correct when the label at the argmax logit is 1;
 * examples whose label vector is all zeros are ignored (upstream's `mask *= labels.max(axis=1)`).
 * Yields `prec@1` and `loss`.
 */
import * as tf from '@tensorflow/tfjs';
import type { HostData, HostTensor } from '../data/hostTensor';
import type { KeyPath } from '../registry';
import { ConfigKeyError } from '../semantics/configKeyError';
import type { EvalEntry, EvalState, Evaluator, EvaluatorContext, EvaluatorImpl } from './types';

/** The labels of a batch; errors name the eval's `pp_fn` (at `where`), which must produce them. */
function labelsTensor(t: HostTensor | undefined, key: string, where: KeyPath): tf.Tensor2D {
  if (!t) throw new ConfigKeyError(where, `the batch has no '${key}' (label_key); the eval pp_fn must produce it, e.g. onehot(10, key="label", key_result="${key}")`);
  if (t.dtype === 'bytes' || t.dtype === 'int64' || t.shape.length !== 2) {
    throw new ConfigKeyError(where, `'${key}' must be one/multi-hot labels [batch, classes], got ${t.dtype}[${t.shape.join(',')}] (add onehot(...) to pp_fn)`);
  }
  return tf.tensor2d(t.data instanceof Float32Array ? t.data : Float32Array.from(t.data), [t.shape[0], t.shape[1]]);
}

/** Sums of one batch: [ncorrect, loss, nseen]. */
export function classificationSums(logits: tf.Tensor2D, labels: tf.Tensor2D, loss: (l: tf.Tensor2D, y: tf.Tensor2D) => tf.Tensor1D): [number, number, number] {
  const out = tf.tidy(() => {
    const mask = labels.max(1);
    const lossSum = loss(logits, labels).mul(mask).sum();
    const top1 = logits.argMax(1);
    const correct = labels.mul(tf.oneHot(top1, labels.shape[1])).sum(1);
    return tf.stack([correct.mul(mask).sum(), lossSum, mask.sum()]);
  });
  const [c, l, n] = out.dataSync();
  out.dispose();
  return [c, l, n];
}

class Classification implements Evaluator {
  private readonly labelKey: string;

  constructor(private readonly entry: EvalEntry, private readonly ctx: EvaluatorContext) {
    this.labelKey = entry.kwargs.label_key as string;
    // Every predict fn returns (logits, ...) but train.py's `loss`, which returns a dict of per-example losses.
    if (entry.pred === 'loss') throw new ConfigKeyError([...entry.path, 'pred'], "classification needs a predict fn that returns logits (e.g. 'predict'), got 'loss'");
  }

  async *run(state: EvalState): AsyncIterable<[string, number]> {
    const kw = this.entry.kwargs;
    const path = this.entry.path;
    const loss = this.ctx.loss(kw.loss_name as string, [...path, 'loss_name']);
    const batches = this.ctx.evalBatches({
      data: kw.data as Record<string, unknown>,
      ppFn: kw.pp_fn as string,
      batchSize: kw.batch_size as number,
      cache: kw.cache as string,
      path,
    });
    let ncorrect = 0;
    let lossSum = 0;
    let nseen = 0;
    for await (const batch of batches) {
      const { [this.labelKey]: labelsHost, ...rest } = batch as HostData;
      const labels = labelsTensor(labelsHost, this.labelKey, [...path, 'pp_fn']);
      const logits = state.predict(rest, [...path, 'pp_fn']);
      try {
        const [c, l, n] = classificationSums(logits, labels, loss);
        ncorrect += c;
        lossSum += l;
        nseen += n;
      } finally {
        logits.dispose();
        labels.dispose();
      }
    }
    yield ['prec@1', ncorrect / nseen];
    yield ['loss', lossSum / nseen];
  }
}

export const classification: EvaluatorImpl = {
  name: 'classification',
  create: (entry, ctx) => new Classification(entry, ctx),
};
