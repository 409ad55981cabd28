/**
 * `proj.distill.distance` (upstream `evaluators/proj/distill/distance.py`): how far the student is from a teacher
 * on a dataset, through a (student, teacher) predict fn such as the distillation trainer's `student_<T>_fwd`. For
 * each dict of `distances` (`kind` plus `dist`'s keywords) it yields `<name>/avg`, `/min` and `/max` over the
 * examples, `<name>` being the dict's `k=v` pairs joined by `_` (`kind=agree_k=5`). Upstream's `<name>/all` (every
 * example's distance, written to the metrics file as its shape) is not written. `what` picks the outputs compared
 * (`logits` or a named output); feature maps are flattened per example.
 */
import * as tf from '@tensorflow/tfjs';
import { DISTANCES, DISTANCE_KW, type KeyPath } from '../registry';
import { ConfigKeyError } from '../semantics/configKeyError';
import { distance } from '../trainers/distill/distances';
import type { DistanceKw } from '../trainers/distill/settings';
import type { EvalEntry, EvalState, Evaluator, EvaluatorContext, EvaluatorImpl, PredictOutputs } from './types';

interface Measured {
  readonly name: string;
  readonly kind: string;
  readonly kw: DistanceKw;
}

function distancesOf(value: unknown, path: KeyPath): Measured[] {
  if (!Array.isArray(value) || !value.length) throw new ConfigKeyError(path, "must be a list of dicts such as ({'kind': 'kl'}, {'kind': 'agree', 'k': 5})");
  return value.map((d: unknown, i): Measured => {
    if (typeof d !== 'object' || d === null || Array.isArray(d)) throw new ConfigKeyError([...path, String(i)], `must be a dict with a kind, got ${JSON.stringify(d)}`);
    const dict = d as Record<string, unknown>;
    const kind = dict.kind;
    if (typeof kind !== 'string' || !DISTANCES.some((x) => x.name === kind)) {
      throw new ConfigKeyError([...path, String(i), 'kind'], `unknown distance ${JSON.stringify(kind)} (known: ${DISTANCES.map((x) => x.name).join(', ')})`);
    }
    for (const k of Object.keys(dict)) {
      if (k !== 'kind' && !DISTANCE_KW.some((p) => p.name === k)) throw new ConfigKeyError([...path, String(i), k], `is not an argument of dist (it takes: ${DISTANCE_KW.map((p) => p.name).join(', ')})`);
    }
    const num = (k: string, def: number) => (typeof dict[k] === 'number' ? (dict[k] as number) : def);
    return { name: Object.entries(dict).map(([k, v]) => `${k}=${String(v)}`).join('_'), kind, kw: { t: num('t', 1), ls: num('ls', 0), k: num('k', 1), epsilon: num('epsilon', 1e-12) } };
  });
}

/** The compared output of one side, `[batch, features]`. */
function pick(o: PredictOutputs, what: string, path: KeyPath): tf.Tensor2D {
  const t = what === 'logits' ? o.logits : o.out[what];
  if (!t) throw new ConfigKeyError(path, `the predict fn has no output '${what}' (it has: logits${Object.keys(o.out).map((k) => `, ${k}`).join('')})`);
  return t.reshape([t.shape[0], -1]);
}

class DistillDistance implements Evaluator {
  private readonly measured: Measured[];
  private readonly what: [string, string];

  constructor(private readonly entry: EvalEntry, private readonly ctx: EvaluatorContext) {
    this.measured = distancesOf(entry.kwargs.distances, [...entry.path, 'distances']);
    const what = entry.kwargs.what;
    if (!Array.isArray(what) || what.length !== 2 || !what.every((w) => typeof w === 'string')) throw new ConfigKeyError([...entry.path, 'what'], `must be (student_output, teacher_output), e.g. ('logits', 'logits'), got ${JSON.stringify(what)}`);
    this.what = what as [string, string];
  }

  async *run(state: EvalState): AsyncIterable<[string, number]> {
    const { path, kwargs: kw } = this.entry;
    if (!state.pair) throw new ConfigKeyError([...path, 'pred'], `'${this.entry.pred}' is not a (student, teacher) predict fn; use one such as 'student_<teacher>_fwd' of the distillation trainer`);
    const all: number[][] = this.measured.map(() => []);
    for await (const batch of this.ctx.evalBatches({ data: kw.data as Record<string, unknown>, ppFn: kw.pp_fn as string, batchSize: kw.batch_size as number, cache: 'pipeline', path })) {
      const [s, t] = state.pair(batch, [...path, 'pp_fn']);
      try {
        const values = tf.tidy(() => {
          const rs = pick(s, this.what[0], [...path, 'what']);
          const rt = pick(t, this.what[1], [...path, 'what']);
          return this.measured.map((m) => Array.from(distance(rs, rt, m.kind, m.kw).dataSync()));
        });
        values.forEach((v, i) => all[i].push(...v));
      } finally {
        tf.dispose([...new Set([s.logits, ...Object.values(s.out), t.logits, ...Object.values(t.out)])]);
      }
    }
    for (const [i, m] of this.measured.entries()) {
      const ds = all[i];
      yield [`${m.name}/avg`, ds.reduce((a, b) => a + b, 0) / ds.length];
      yield [`${m.name}/min`, Math.min(...ds)];
      yield [`${m.name}/max`, Math.max(...ds)];
    }
  }
}

export const distillDistance: EvaluatorImpl = {
  name: 'proj.distill.distance',
  create: (entry, ctx) => new DistillDistance(entry, ctx),
};
