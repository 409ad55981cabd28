/**
 * `classification` (upstream `evaluators/classification.py`): top-1 precision and mean loss of the predict fn's
 * logits against one/multi-hot labels. An example counts as correct when the label at the argmax logit is 1;
 * examples whose label vector is all zeros are ignored (upstream's `mask *= labels.max(axis=1)`).
 * Yields `prec@1` and `loss`.
 */
import * as tf from '@tensorflow/tfjs';
import type { HostData, HostTensor } from '../data/hostTensor';
import type { EvalEntry, EvalState, Evaluator, EvaluatorContext, EvaluatorImpl } from './types';

function labelsTensor(t: HostTensor | undefined, key: string, where: string): tf.Tensor2D {
  if (!t) throw new Error(`${where}: the batch has no '${key}' (label_key); the eval pp_fn must produce it, e.g. onehot(10, key="label", key_result="${key}")`);
  if (t.dtype === 'bytes' || t.dtype === 'int64' || t.shape.length !== 2) {
    throw new Error(`${where}: '${key}' must be one/multi-hot labels [batch, classes], got ${t.dtype}[${t.shape.join(',')}] (add onehot(...) to pp_fn)`);
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
  private readonly where: string;

  constructor(private readonly entry: EvalEntry, private readonly ctx: EvaluatorContext) {
    this.labelKey = (entry.kwargs.label_key as string | undefined) ?? 'labels';
    this.where = `config.evals.${entry.name}`;
    if (entry.pred !== 'predict') throw new Error(`${this.where}.pred: classification needs the 'predict' fn (logits), got '${entry.pred}'`);
  }

  async *run(state: EvalState): AsyncIterable<[string, number]> {
    const kw = this.entry.kwargs;
    const loss = this.ctx.loss(kw.loss_name as string, `${this.where}.loss_name`);
    const batches = this.ctx.evalBatches({
      data: kw.data as Record<string, unknown>,
      ppFn: kw.pp_fn as string,
      batchSize: kw.batch_size as number,
      cache: (kw.cache as string | undefined) ?? 'pipeline',
      key: this.where,
    });
    let ncorrect = 0;
    let lossSum = 0;
    let nseen = 0;
    for await (const batch of batches) {
      const { [this.labelKey]: labelsHost, ...rest } = batch as HostData;
      const labels = labelsTensor(labelsHost, this.labelKey, this.where);
      const logits = state.predict(rest);
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
