// Parameter initialisers with flax's definitions (jax.nn.initializers), made
// deterministic per parameter: each draws from a seed derived from the run's
// `seed` and the parameter's name, so adding a parameter never changes the
// others' values and a restart re-creates the same initial model.

import * as tf from '@tensorflow/tfjs';

/** An initialiser: shape and a numeric seed → a float32 tensor. */
export type Initializer = (shape: number[], seed: number) => tf.Tensor;

/** 32-bit FNV-1a of `text`: stable per-parameter seeds. */
export function hashSeed(seed: number, text: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  const s = `${seed}:${text}`;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Fresh parameters from a model's `paramInits`, deterministic in `seed` (each parameter seeded by its name). */
export function initParams(inits: readonly { name: string; shape: number[]; init: Initializer }[], seed: number): Record<string, tf.Tensor> {
  const params: Record<string, tf.Tensor> = {};
  for (const p of inits) params[p.name] = tf.tidy(() => p.init(p.shape, hashSeed(seed, p.name)));
  return params;
}

/** jax's `_compute_fans` with in_axis=-2, out_axis=-1 (leading axes are the receptive field). */
export function fans(shape: number[]): { fanIn: number; fanOut: number } {
  if (shape.length < 2) return { fanIn: shape[0] ?? 1, fanOut: shape[0] ?? 1 };
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[shape.length - 2] * receptive, fanOut: shape[shape.length - 1] * receptive };
}

export const zeros: Initializer = (shape) => tf.zeros(shape);
export const ones: Initializer = (shape) => tf.ones(shape);

/** `nn.initializers.normal(stddev)`. */
export const normal = (stddev: number): Initializer => (shape, seed) => tf.randomNormal(shape, 0, stddev, 'float32', seed);

/**
 * `xavier_uniform` = variance_scaling(1, 'fan_avg', 'uniform'). `flatShape`
 * gives the 2-D shape flax's DenseGeneral hands the initialiser (attention
 * kernels are initialised as [D, heads·head_dim] and then reshaped).
 */
export const xavierUniform = (flatShape?: number[]): Initializer => (shape, seed) => {
  const { fanIn, fanOut } = fans(flatShape ?? shape);
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return tf.randomUniform(shape, -limit, limit, 'float32', seed);
};

/** `lecun_normal` = variance_scaling(1, 'fan_in', 'truncated_normal'): flax's default kernel init. */
export const lecunNormal: Initializer = (shape, seed) => {
  // jax divides by the std of a standard normal truncated to [-2, 2] so the variance is 1/fan_in.
  const std = Math.sqrt(1 / fans(shape).fanIn) / 0.8796256610342398;
  return tf.truncatedNormal(shape, 0, std, 'float32', seed);
};
