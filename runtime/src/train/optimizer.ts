/**
 * What the loop needs of the optimizer (big_vision's `optax.make` chain: clipping, the optax transform, lr,
 * lr_mults, decoupled wd, schedules, freezing), and the adapter to `runtime/src/optim`. Errors that name a config key
 * (`config.lr=...`, `config.schedule...`) are blamed on that key.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Params } from '../models/types';
import type { DurationInputs } from '../check/durations';
import { makeOptimizer } from '../optim/optimizer';
import { blameKeySync } from './errors';

export interface LoopOptimizer {
  /** Updates applied so far (optax's count): the loop's first step is `count() + 1`. */
  count(): number;
  /** Applies one update; returns the new parameters and the updates (the caller disposes both old params and updates). */
  update(grads: Params, params: Params): { params: Params; updates: Params };
  /** Values of the schedules (`global_schedule`, `global_schedule1`, ...) at 0-based update count `t`. */
  schedules(t: number): number[];
  /** True for params frozen by a `None` schedule (excluded from `l2_grads`). */
  isFrozen(name: string): boolean;
  /** The state as named leaves (checkpoint names under `opt/`). */
  state(): Record<string, tf.Tensor>;
  /** Restores `state()` leaves from a checkpoint. */
  load(leaves: Record<string, tf.Tensor>): void;
}

/**
 * The optimizer of `config.optax_name` / `optax` / `lr` / `lr_mults` / `wd` / `wd_mults` / `schedule` /
 * `grad_clip_norm` for `params`; errors name the config key.
 */
export function optimizerFromConfig(config: Record<string, unknown>, params: Params, durations: DurationInputs & { totalSteps: number }): LoopOptimizer & { dispose(): void } {
  return blameKeySync('config.optax_name', () => makeOptimizer(config, params, durations));
}
