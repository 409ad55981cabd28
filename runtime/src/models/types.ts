// What the training loop, the optimizer and the checkpoints see of a model:
// parameters are a flat record keyed by big_vision's `/`-joined param names
// (`Transformer/encoderblock_0/MlpBlock_0/Dense_0/kernel`), in creation order.

import type * as tf from '@tensorflow/tfjs';
import type { Initializer } from './init';

/** Parameters by upstream name. */
export type Params = Record<string, tf.Tensor>;

/** One parameter's name, shape and initialiser. */
export interface ParamInit {
  readonly name: string;
  readonly shape: number[];
  readonly init: Initializer;
}

/** Options of `Model.apply`. */
export interface ApplyOptions {
  /** Training mode: dropout active. */
  readonly train?: boolean;
  /** Run seed (config.seed): dropout masks derive from (seed, step). */
  readonly seed?: number;
  /** Step number, so a resumed run draws the same dropout masks. */
  readonly step?: number;
}

/** A model implementation, `Model(num_classes, **config.model)` upstream. */
export interface Model {
  /** Parameter names, shapes and initialisers for images of `imageShape` ([H, W, C]). */
  paramInits(imageShape: readonly number[]): ParamInit[];
  /** Freshly initialised parameters (deterministic in `seed`). */
  init(seed: number, imageShape: readonly number[]): Params;
  /** Forward pass: `logits` plus named intermediate outputs (`pre_logits`, `logits`). */
  apply(params: Params, images: tf.Tensor4D, opts?: ApplyOptions): { logits: tf.Tensor; out: Record<string, tf.Tensor> };
}
