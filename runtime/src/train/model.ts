/**
 * `config.model_name` / `config.model` / `config.num_classes` → a model of `runtime/src/models`, with errors
 * naming the config key: an unknown name lists the bundled models (and suggests close names), an upstream model
 * the bundled trainer lacks says so, a bad kwarg names `config.model.<key>`.
 */
import { models as modelSpecs, suggestNames } from '../registry';
import { createModel as createVit } from '../models/vit';
import type { Model } from '../models/types';
import { ConfigKeyError, blameKeySync } from './errors';

type Dict = Record<string, unknown>;

/** Bundled model implementations by `model_name`. */
const IMPLS: Record<string, (model: Dict, numClasses: number | null) => Model> = {
  vit: (model, numClasses) => createVit(model, numClasses),
};

/** Builds `Model(num_classes=config.num_classes, **config.model)` of `config.model_name`. */
export function modelFromConfig(config: Dict): Model {
  const name = config.model_name;
  if (typeof name !== 'string') throw new ConfigKeyError('config.model_name', `is required: the model module, e.g. 'vit' (bundled: ${Object.keys(IMPLS).join(', ')})`);
  const impl = IMPLS[name];
  if (!impl) {
    if (modelSpecs.get(name)) {
      throw new ConfigKeyError('config.model_name', `'${name}' is an upstream model the bundled trainer does not implement (bundled: ${Object.keys(IMPLS).join(', ')}); train it with upstream big_vision`);
    }
    const hints = suggestNames(name, modelSpecs.names());
    throw new ConfigKeyError('config.model_name', `unknown model '${name}'.${hints.length ? ` Did you mean ${hints.map((h) => `'${h}'`).join(', ')}?` : ''} Bundled: ${Object.keys(IMPLS).join(', ')}`);
  }
  const model = config.model ?? {};
  if (typeof model !== 'object' || model === null || Array.isArray(model)) throw new ConfigKeyError('config.model', 'must be a dict of model kwargs');
  const numClasses = config.num_classes;
  if (numClasses !== undefined && numClasses !== null && (typeof numClasses !== 'number' || !Number.isInteger(numClasses) || numClasses < 0)) {
    throw new ConfigKeyError('config.num_classes', `must be a non-negative integer (0 or None = no head), got ${JSON.stringify(numClasses)}`);
  }
  return blameKeySync('config.model', () => impl(model as Dict, (numClasses as number | null | undefined) ?? null));
}
