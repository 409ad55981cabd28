/**
 * What the loop needs of the optimizer (big_vision's `optax.make` chain: clipping, the optax transform, lr,
 * lr_mults, decoupled wd, schedules, freezing), and the adapter to `runtime/src/optim`. Errors that name a config key
 * (`config.lr=...`, `config.schedule...`) are blamed on that key.
 */
import type { Params } from '../models/types';
import type { DurationInputs } from '../check/durations';
import { makeOptimizer, type Optimizer } from '../optim/optimizer';
import { blameKeySync } from './errors';

/** The loop uses the optimizer of runtime/src/optim as it is. */
export type LoopOptimizer = Optimizer;

/**
 * The optimizer of `config.optax_name` / `optax` / `lr` / `lr_mults` / `wd` / `wd_mults` / `schedule` /
 * `grad_clip_norm` for `params`; errors name the config key.
 */
export function optimizerFromConfig(config: Record<string, unknown>, params: Params, durations: DurationInputs & { totalSteps: number }): LoopOptimizer {
  return blameKeySync('config.optax_name', () => makeOptimizer(config, params, durations));
}
