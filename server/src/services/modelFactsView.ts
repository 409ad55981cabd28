/**
 * Model facts in the editor: for the last good evaluation, the parameter count, GFLOPs per image and the training
 * step's memory estimate (the same closed forms as `bv info`, from the registry alone), shown in the hover of
 * `model_name` and `model.variant` and as an inlay hint after `model_name`. A config the facts cannot read (an
 * unknown variant, a model without closed forms) shows nothing here: its diagnostics say why.
 */
import { configFacts, factsHover, factsInlay, smallestFits, type ConfigFacts } from '../../../runtime/src/facts';
import type { Evaluated } from './pyValue';
import { isObject } from './registryView';

type Config = Evaluated['config'] | undefined;

/** The facts of an evaluated config, or undefined when it has none. */
export function modelFactsOf(config: Config): ConfigFacts | undefined {
  if (!isObject(config)) return undefined;
  try {
    return configFacts(config);
  } catch {
    return undefined;
  }
}

/**
 * The hover section for a string at `keyPath` holding `value`: only for the config's own `model_name` and
 * `model.variant`, and only while the evaluated config holds that very value (a branch not taken says nothing).
 */
export function modelFactsHover(config: Config, keyPath: readonly (string | number)[] | undefined, value: string): string | undefined {
  if (!isObject(config) || !keyPath) return undefined;
  const key = keyPath.join('.');
  const model = isObject(config.model) ? config.model : {};
  const current = key === 'model_name' ? config.model_name : key === 'model.variant' ? model.variant : undefined;
  if (current !== value) return undefined;
  const facts = modelFactsOf(config);
  return facts && factsHover(facts, smallestFits(config, facts));
}

/** The inlay hint label after `model_name`. */
export function modelFactsInlay(facts: ConfigFacts): string {
  return factsInlay(facts);
}
