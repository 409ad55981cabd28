// The bundled optimizer pieces, registered by name against the registry's
// specs: `optax_name` transforms, schedule `decay_type`s and losses.

import { decayTypes, losses as lossSpecs, optimizers as optimizerSpecs, Registry, type KeyPath } from '../registry';
import { LOSSES, type LossFn } from './losses';
import { TRANSFORMS, type GradTransform } from './transforms';

type TransformFactory = (kw: Record<string, unknown>, where: KeyPath) => GradTransform;

/** `optimizer.*`: gradient transforms by `optax_name`. */
export const transformImpls: Registry<TransformFactory> = new Registry<TransformFactory>('optimizer');
/** `loss.*`: losses by `config.loss` / `loss_name`. */
export const lossImpls: Registry<LossFn> = new Registry<LossFn>('loss');
/** `schedule.*`: decay types schedule.ts evaluates (aliases included). */
export const decayTypeImpls: Registry<string> = new Registry<string>('schedule');

for (const [name, impl] of Object.entries(TRANSFORMS)) {
  optimizerSpecs.require(name);
  transformImpls.register(name, impl);
}
for (const [name, impl] of Object.entries(LOSSES)) {
  lossSpecs.require(name);
  lossImpls.register(name, impl);
}
for (const name of ['cosine', 'linear', 'polynomial', 'rsqrt', 'stair']) {
  decayTypeImpls.register(name, decayTypes.require(name).aliasOf ?? name);
}
