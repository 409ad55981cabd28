/**
 * `config.model_name` / `config.model` / `config.num_classes` → a model of `runtime/src/models`, looked up in the
 * bundled implementations registered against the registry's model specs. An unknown name lists the bundled
 * models (and suggests close names), an upstream model the bundled trainer lacks says so; the model's own errors
 * name `config.model.<key>`.
 */
import { modelImpls } from '../models/registerAll';
import type { Model } from '../models/types';
import { models as modelSpecs } from '../registry';
import { blameKey } from '../semantics/configKeyError';
import { implementationAt } from '../semantics/dispatch';

/** The model keys of a config as the trainer resolved them. */
export interface ModelSettings {
  /** `config.model_name`. */
  readonly name: string;
  /** `config.model` (the model fills in its defaults from the registry). */
  readonly kwargs: Readonly<Record<string, unknown>>;
  /** `config.num_classes`; null (or 0 upstream) = no head. */
  readonly numClasses: number | null;
}

/** Builds `Model(num_classes=config.num_classes, **config.model)` of `config.model_name`. */
export function modelFromConfig(settings: ModelSettings): Model {
  const factory = implementationAt(modelImpls, modelSpecs, settings.name, ['model_name'], 'model');
  return blameKey(['model'], () => factory({ ...settings.kwargs }, settings.numClasses));
}
