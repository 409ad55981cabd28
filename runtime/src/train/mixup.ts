/**
 * Mixup (`config.mixup = dict(p=...)`, upstream `utils.get_mixup`): one coefficient per step, `a ~ Beta(p, p)`
 * folded to `max(a, 1-a)` so the original example dominates, and every array of the batch (images, labels, a
 * distillation teacher's view) becomes `a*x + (1-a)*roll(x, 1)`: each example mixed with the one before it.
 * The coefficient is a pure function of (seed, step), so a resumed run mixes exactly as the uninterrupted one.
 */
import * as tf from '@tensorflow/tfjs';
import { hashSeed, Rng } from '../data/rng';

/** Stream id of mixup's draws (distinct from the input pipeline's and the pp ops'). */
const MIXUP_STREAM = 0x6d697875;

/** A standard normal draw (Box-Muller). */
function normal(rng: Rng): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** A Gamma(shape, 1) draw: Marsaglia and Tsang, boosted for shape < 1. */
export function gammaSample(rng: Rng, shape: number): number {
  if (shape < 1) return gammaSample(rng, shape + 1) * Math.pow(1 - rng.next(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.next();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** A Beta(a, b) draw. */
export function betaSample(rng: Rng, a: number, b: number): number {
  const x = gammaSample(rng, a);
  const y = gammaSample(rng, b);
  return x / (x + y);
}

/** The mixing coefficient of `step`: `max(a, 1-a)` with `a ~ Beta(p, p)`. */
export function mixupCoefficient(p: number, seed: number, step: number): number {
  const a = betaSample(new Rng(hashSeed(MIXUP_STREAM, seed, step)), p, p);
  return Math.max(a, 1 - a);
}

/** `a*x + (1-a)*roll(x, 1, axis=0)` (jnp.roll: example i is mixed with example i-1, the first with the last). */
export function mixBatch<T extends tf.Tensor>(x: T, a: number): T {
  return tf.tidy(() => {
    const n = x.shape[0];
    if (n < 2) return x.clone();
    const rolled = tf.concat([x.slice([n - 1], [1]), x.slice([0], [n - 1])]);
    return x.mul(a).add(rolled.mul(1 - a)) as T;
  });
}
