// The bundled model implementations, registered by `model_name` against the
// registry's specs (the specs live in runtime/src/registry, with no tfjs).

import { implementations, models as modelSpecs, type Registry } from '../registry';
import type { Model } from './types';
import { createBit, createBitPaper } from './bit';
import { createModel as createMixer } from './mlpMixer';
import { createModel as createVit } from './vit';

/** `Model(num_classes=config.num_classes, **config.model)` of one module. */
export type ModelFactory = (model: Record<string, unknown>, numClasses: number | null) => Model;

/** `model.*`: implementations of the specs marked bundled. */
export const modelImpls: Registry<ModelFactory> = implementations(modelSpecs, {
  vit: (model, numClasses) => createVit(model, numClasses),
  bit: (model, numClasses) => createBit(model, numClasses),
  bit_paper: (model, numClasses) => createBitPaper(model, numClasses),
  mlp_mixer: (model, numClasses) => createMixer(model, numClasses),
});
