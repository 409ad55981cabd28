/**
 * `config.model_name` / `config.model` / `config.num_classes` → a model of `runtime/src/models`, looked up in the
 * bundled implementations registered against the registry's model specs. An unknown name lists the bundled
 * models (and suggests close names), an upstream model the bundled trainer lacks says so; the model's own errors
 * name `config.model.<key>`.
 */
import { modelImpls } from '../models/registerAll';
import type { Model } from '../models/types';
import { models as modelSpecs, suggestNames } from '../registry';
import { blameKey, ConfigKeyError } from '../semantics/configKeyError';

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
  const { name } = settings;
  const factory = modelImpls.get(name);
  if (!factory) {
    const bundled = modelImpls.names().join(', ');
    if (modelSpecs.get(name)) {
      throw new ConfigKeyError(['model_name'], `'${name}' is an upstream model the bundled trainer does not implement (bundled: ${bundled}); train it with upstream big_vision`);
    }
    const hints = suggestNames(name, modelSpecs.names());
    throw new ConfigKeyError(['model_name'], `unknown model '${name}'.${hints.length ? ` Did you mean ${hints.map((h) => `'${h}'`).join(', ')}?` : ''} Bundled: ${bundled}`);
  }
  return blameKey(['model'], () => factory({ ...settings.kwargs }, settings.numClasses));
}
