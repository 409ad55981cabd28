// The bundled model implementations, registered by `model_name` against the
// registry's specs (the specs live in runtime/src/registry, with no tfjs).

import { models as modelSpecs, Registry } from '../registry';
import type { Model } from './types';
import { createModel as createVit } from './vit';

/** `Model(num_classes=config.num_classes, **config.model)` of one module. */
export type ModelFactory = (model: Record<string, unknown>, numClasses: number | null) => Model;

/** `model.*` implementations; each name must have a spec marked bundled. */
export const modelImpls: Registry<ModelFactory> = new Registry<ModelFactory>('model');

function register(name: string, factory: ModelFactory): void {
  if (!modelSpecs.require(name).bundled) throw new Error(`model spec '${name}' is not marked bundled`);
  modelImpls.register(name, factory);
}

register('vit', (model, numClasses) => createVit(model, numClasses));
