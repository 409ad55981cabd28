/**
 * Polyak averaging of the parameters (`config.ema_decay`, as upstream's jetformer trainer): one extra copy of the
 * params, started as a copy of the initial params and moved after every update by `ema = d*ema + (1-d)*params`.
 * It is checkpointed under `params_ema/` beside `params/`, so a resumed run continues the same average, and evals
 * read it with `pred_kw=dict(use_ema=True)`.
 */
import * as tf from '@tensorflow/tfjs';
import type { Params } from '../models/types';

export class ParamsEma {
  private current: Params;

  /** Starts the average at a copy of `params` (the caller keeps its own tensors). */
  constructor(readonly decay: number, params: Params) {
    if (!(decay > 0 && decay < 1)) throw new RangeError(`ema_decay must be in (0, 1), got ${decay}`);
    this.current = Object.fromEntries(Object.entries(params).map(([k, t]) => [k, t.clone()]));
  }

  /** The averaged params (owned here: valid until the next `update`, `load` or `dispose`). */
  get params(): Params {
    return this.current;
  }

  /** One step of the average towards `params`. */
  update(params: Params): void {
    const d = this.decay;
    const next: Params = {};
    tf.tidy(() => {
      for (const [k, e] of Object.entries(this.current)) next[k] = tf.keep(e.mul(d).add(params[k].mul(1 - d)));
    });
    tf.dispose(Object.values(this.current));
    this.current = next;
  }

  /** Replaces the average by restored tensors (taken over, not copied). */
  load(params: Params): void {
    tf.dispose(Object.values(this.current));
    this.current = params;
  }

  dispose(): void {
    tf.dispose(Object.values(this.current));
    this.current = {};
  }
}
