// The gradient transformations `config.optax_name` can name in the bundled
// trainer, with optax's update rules: scale_by_adam (bias-corrected moments),
// big_vision.momentum_hp (optax.trace) and big_vision.sgd / identity. Each
// keeps per-parameter state "slots" (named arrays, saved in checkpoints as
// `opt/<slot>/<param name>`). Differences from upstream, both because tfjs has
// no bfloat16: `mu_dtype` and momentum_hp's `dtype` are accepted, but
// accumulators stay float32.

import * as tf from '@tensorflow/tfjs';
import type { FusedRule } from '../tf/fusedOptimizer';
import { implementations, optimizers, withDefaults, type KeyPath, type Registry } from '../registry';
import { ConfigKeyError } from '../semantics/configKeyError';
import { implementationAt } from '../semantics/dispatch';

/** A per-parameter gradient transformation. */
export interface GradTransform {
  /** State slots per parameter (checkpoint names `<slot>/<param>`). */
  readonly slots: readonly string[];
  /** `t` is the 1-based update count (optax's count after increment). */
  update(g: tf.Tensor, slots: readonly tf.Tensor[], t: number): { update: tf.Tensor; slots: tf.Tensor[] };
  /** The same rule as data, for the one-pass optimizer step on wasm (tf/fusedOptimizer.ts). */
  readonly fused: FusedRule;
}

type Kwargs = Record<string, unknown>;

/** `kw[key]` (the registry's default filled in) as a finite number; `where` is the kwargs' config key. */
function number(kw: Kwargs, key: string, where: KeyPath): number {
  const v = kw[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ConfigKeyError([...where, key], `${JSON.stringify(v)} must be a number.`);
  return v;
}

function scaleByAdam(kw: Kwargs, where: KeyPath): GradTransform {
  const b1 = number(kw, 'b1', where);
  const b2 = number(kw, 'b2', where);
  const eps = number(kw, 'eps', where);
  const epsRoot = number(kw, 'eps_root', where);
  const nesterov = kw.nesterov === true;
  return {
    slots: ['mu', 'nu'],
    fused: { kind: 'adam', b1, b2, eps, epsRoot, nesterov },
    update(g, [mu, nu], t) {
      const mu2 = tf.add(tf.mul(g, 1 - b1), tf.mul(mu, b1));
      const nu2 = tf.add(tf.mul(tf.square(g), 1 - b2), tf.mul(nu, b2));
      // optax bias correction: m / (1 - b1^t); with nesterov, b1·m/(1 - b1^(t+1)) + (1 - b1)·g/(1 - b1^t).
      const muHat = nesterov
        ? tf.add(tf.mul(mu2, b1 / (1 - Math.pow(b1, t + 1))), tf.mul(g, (1 - b1) / (1 - Math.pow(b1, t))))
        : tf.mul(mu2, 1 / (1 - Math.pow(b1, t)));
      const nuHat = tf.mul(nu2, 1 / (1 - Math.pow(b2, t)));
      const denom = tf.add(tf.sqrt(epsRoot ? tf.add(nuHat, epsRoot) : nuHat), eps);
      return { update: tf.div(muHat, denom), slots: [mu2, nu2] };
    },
  };
}

function momentumHp(kw: Kwargs, where: KeyPath): GradTransform {
  const decay = number(kw, 'momentum', where);
  const nesterov = kw.nesterov === true;
  return {
    slots: ['trace'],
    fused: { kind: 'trace', decay, nesterov },
    update(g, [trace]) {
      // optax.trace: t' = g + decay·t; the update is t' (or g + decay·t' with Nesterov).
      const next = tf.add(g, tf.mul(trace, decay));
      return { update: nesterov ? tf.add(g, tf.mul(next, decay)) : next.clone(), slots: [next] };
    },
  };
}

const identity = (): GradTransform => ({ slots: [], fused: { kind: 'identity' }, update: (g) => ({ update: g.clone(), slots: [] }) });

/** `optimizer.*`: implementations of the specs marked bundled, by `optax_name`. */
export const transformImpls: Registry<(kw: Kwargs, where: KeyPath) => GradTransform> = implementations(optimizers, {
  scale_by_adam: scaleByAdam,
  'big_vision.momentum_hp': momentumHp,
  'big_vision.sgd': identity,
  identity,
});

/** `optax.<optax_name>(**config.optax)` (the trainer's gate has checked the kwargs against the registry spec). */
export function makeTransform(name: string, kwargs: Kwargs): GradTransform {
  const impl = implementationAt(transformImpls, optimizers, name, ['optax_name'], 'optax transform');
  return impl(withDefaults(optimizers.require(name).params, kwargs), ['optax']);
}
