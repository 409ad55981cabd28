/**
 * `fewshot_lsr` (upstream `evaluators/fewshot_lsr.py`): linear probes on frozen representations. For every dataset
 * of `datasets` (`name → (tfds_name, train_split, test_split)`) the representations of both splits are computed
 * once per run (`representation_layer` of the predict fn's outputs, e.g. `pre_logits`; its first output when None),
 * then for each seed and each shot count `shots` examples per class are drawn from the train split, a closed-form
 * ridge regression (`l2_reg`) is fitted on them and its test accuracy is reported as `a/<name>_<shots>shot-seed-<s>`
 * for the pairs of `display_first` and `z/...` otherwise (upstream's names; prefix '' in its standard config).
 * Labels are the integer `label_key` feature; the class count comes from the dataset's ClassLabel feature.
 */
import * as tf from '@tensorflow/tfjs';
import { hashSeed, Rng } from '../data/rng';
import type { HostData, HostTensor } from '../data/hostTensor';
import type { KeyPath } from '../registry';
import { ConfigKeyError } from '../semantics/configKeyError';
import { fitProbe, probeAccuracy, type Mat } from './fewshotSolve';
import type { EvalEntry, EvalState, Evaluator, EvaluatorContext, EvaluatorImpl } from './types';

interface Representations {
  readonly x: Mat;
  readonly labels: Int32Array;
}

function intLabels(t: HostTensor | undefined, key: string, where: KeyPath): number[] {
  if (!t) throw new ConfigKeyError(where, `the batch has no '${key}' (label_key); the pp string must keep the integer label, e.g. keep("image", "${key}")`);
  if (t.dtype === 'bytes' || t.shape.length !== 1) throw new ConfigKeyError(where, `'${key}' must be one integer label per example, got ${t.dtype}[${t.shape.join(',')}] (do not onehot it for fewshot_lsr)`);
  return Array.from(t.data as ArrayLike<number | bigint>, Number);
}

class FewshotLsr implements Evaluator {
  private readonly kw: Readonly<Record<string, unknown>>;
  private readonly datasets: [string, [string, string, string]][];
  private readonly shots: number[];
  private readonly display: Set<string>;

  constructor(private readonly entry: EvalEntry, private readonly ctx: EvaluatorContext) {
    this.kw = entry.kwargs;
    const at = (k: string): KeyPath => [...entry.path, k];
    const ds = this.kw.datasets;
    if (typeof ds !== 'object' || ds === null || Array.isArray(ds)) throw new ConfigKeyError(at('datasets'), 'must be a dict name → (tfds_name, train_split, test_split)');
    this.datasets = Object.entries(ds).map(([name, v]) => {
      if (!Array.isArray(v) || v.length !== 3 || !v.every((s) => typeof s === 'string')) throw new ConfigKeyError([...at('datasets'), name], `must be (tfds_name, train_split, test_split), got ${JSON.stringify(v)}`);
      return [name, v as [string, string, string]];
    });
    const shots = this.kw.shots;
    if (!Array.isArray(shots) || !shots.every((s) => Number.isInteger(s) && (s as number) > 0)) throw new ConfigKeyError(at('shots'), `must be a list of positive shot counts, e.g. (1, 5, 10, 25), got ${JSON.stringify(shots)}`);
    this.shots = shots as number[];
    if (!(typeof this.kw.l2_reg === 'number' && this.kw.l2_reg > 0)) throw new ConfigKeyError(at('l2_reg'), `must be a positive number (upstream's standard is 2.0 ** 10), got ${JSON.stringify(this.kw.l2_reg)}`);
    const first = Array.isArray(this.kw.display_first) ? (this.kw.display_first as unknown[]) : [];
    this.display = new Set(first.filter(Array.isArray).map((p) => `${String(p[0])}/${String(p[1])}`));
  }

  /** Representations and labels of one split, in order. */
  private async represent(state: EvalState, name: string, split: string, pp: string, ppKey: string): Promise<Representations> {
    const path = this.entry.path;
    const labelKey = this.kw.label_key as string;
    const layer = this.kw.representation_layer as string | null;
    const data = { name, split, ...(typeof this.kw.data_dir === 'string' ? { data_dir: this.kw.data_dir } : {}) };
    const rows: Float32Array[] = [];
    const labels: number[] = [];
    let dim = 0;
    for await (const batch of this.ctx.evalBatches({ data, ppFn: pp, batchSize: this.kw.batch_size as number, cache: 'pipeline', path, ppKey })) {
      const { [labelKey]: labelsHost, ...rest } = batch as HostData;
      labels.push(...intLabels(labelsHost, labelKey, [...path, ppKey]));
      const { logits, out } = state.outputs(rest, [...path, ppKey]);
      try {
        const rep = layer === null ? logits : out[layer];
        if (!rep) throw new ConfigKeyError([...path, 'representation_layer'], `the predict fn has no output '${layer}' (it has: ${Object.keys(out).join(', ') || 'none'})`);
        const flat = tf.tidy(() => rep.reshape([rep.shape[0], -1]));
        dim = flat.shape[1] as number;
        const values = flat.dataSync() as Float32Array;
        for (let i = 0; i < flat.shape[0]; i++) rows.push(values.slice(i * dim, (i + 1) * dim));
        flat.dispose();
      } finally {
        tf.dispose([...new Set([logits, ...Object.values(out)])]);
      }
    }
    const x = { rows: rows.length, cols: dim, data: new Float64Array(rows.length * dim) };
    rows.forEach((r, i) => x.data.set(r, i * dim));
    return { x, labels: Int32Array.from(labels) };
  }

  async *run(state: EvalState): AsyncIterable<[string, number]> {
    const path = this.entry.path;
    const reps = new Map<string, { train: Representations; test: Representations; classes: number }>();
    for (const [name, [tfds, trainSplit, testSplit]] of this.datasets) {
      const train = await this.represent(state, tfds, trainSplit, this.kw.pp_train as string, 'pp_train');
      const test = await this.represent(state, tfds, testSplit, this.kw.pp_eval as string, 'pp_eval');
      const data = { name: tfds, split: trainSplit, ...(typeof this.kw.data_dir === 'string' ? { data_dir: this.kw.data_dir } : {}) };
      const known = this.ctx.classCount?.(data, this.kw.label_key as string, [...path, 'datasets', name]);
      reps.set(name, { train, test, classes: known ?? Math.max(...train.labels, ...test.labels) + 1 });
    }
    const seeds = this.kw.num_seeds as number;
    for (let seed = 0; seed < seeds; seed++) {
      for (const [name] of this.datasets) {
        const { train, test, classes } = reps.get(name) as { train: Representations; test: Representations; classes: number };
        // Per class, a seeded permutation of its examples; the first `shots` of each are the probe's training set.
        const rng = new Rng(hashSeed(seed));
        const byClass = Array.from({ length: classes }, (_, c) => shuffle([...train.labels.keys()].filter((i) => train.labels[i] === c), rng));
        for (const shots of this.shots) {
          const idx = byClass.flatMap((ix) => ix.slice(0, shots));
          const x = { rows: idx.length, cols: train.x.cols, data: new Float64Array(idx.length * train.x.cols) };
          idx.forEach((i, r) => x.data.set(train.x.data.subarray(i * train.x.cols, (i + 1) * train.x.cols), r * train.x.cols));
          const probe = fitProbe(x, idx.map((i) => train.labels[i]), classes, this.kw.l2_reg as number);
          const prefix = this.display.has(`${name}/${shots}`) ? 'a/' : 'z/';
          yield [`${prefix}${name}_${shots}shot-seed-${seed}`, probeAccuracy(probe, test.x, test.labels)];
        }
      }
    }
  }
}

/** Fisher-Yates in place. */
function shuffle<T>(xs: T[], rng: Rng): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

export const fewshotLsr: EvaluatorImpl = {
  name: 'fewshot_lsr',
  create: (entry, ctx) => new FewshotLsr(entry, ctx),
};
