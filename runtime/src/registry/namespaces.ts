// The registry's namespaces, built from the spec tables by explicit registration (like tfjs's
// register_all_kernels.ts: one list in one place), and the prefixed lookup across them. index.ts re-exports them
// with the grammar and helpers; modules inside the registry import them from here.

import { CONFIG_KEYS } from './configKeys';
import { EVALUATORS } from './evaluators';
import { MODELS } from './models';
import { DECAY_TYPES, LOSSES, OPTIMIZERS } from './optimizers';
import { PP_OPS } from './ppOps';
import { Registry } from './registry';
import type { ConfigKeySpec, EvaluatorSpec, LossSpec, ModelSpec, Namespace, OpSpec, OptimizerSpec, ScheduleSpec } from './types';

function build<T extends { readonly name: string }>(namespace: Namespace, specs: readonly T[]): Registry<T> {
  const registry = new Registry<T>(namespace);
  for (const spec of specs) registry.register(spec.name, spec);
  return registry;
}

/** `pp.*`: the 67 upstream pp ops (`bundled` marks the trainer's 14). */
export const ppOps: Registry<OpSpec> = build('pp', PP_OPS);
/** `model.*`: the 23 model modules (`model_name`). */
export const models: Registry<ModelSpec> = build('model', MODELS);
/** `evaluator.*`: the 30 evaluator modules (`evals.<name>.type`). */
export const evaluators: Registry<EvaluatorSpec> = build('evaluator', EVALUATORS);
/** `optimizer.*`: `optax_name` values. */
export const optimizers: Registry<OptimizerSpec> = build('optimizer', OPTIMIZERS);
/** `schedule.*`: schedule `decay_type` values. */
export const decayTypes: Registry<ScheduleSpec> = build('schedule', DECAY_TYPES);
/** `loss.*`: `config.loss` values. */
export const losses: Registry<LossSpec> = build('loss', LOSSES);

/** `config.*`: config keys by path pattern (`keySpec` finds the pattern of a concrete path). */
export const configKeys: Registry<ConfigKeySpec> = (() => {
  const registry = new Registry<ConfigKeySpec>('config');
  for (const key of CONFIG_KEYS) registry.register(key.path, key);
  return registry;
})();

/** Every namespace, for prefixed lookups such as `lookup('pp.resize')`. */
export const registries = {
  pp: ppOps,
  model: models,
  evaluator: evaluators,
  optimizer: optimizers,
  schedule: decayTypes,
  loss: losses,
  config: configKeys,
} as const;

/** Resolves a prefixed key (`pp.resize`, `model.vit`, ...) in its namespace. */
export function lookup(key: string): OpSpec | ModelSpec | EvaluatorSpec | OptimizerSpec | ScheduleSpec | LossSpec | ConfigKeySpec | undefined {
  const dot = key.indexOf('.');
  const ns = key.slice(0, dot) as keyof typeof registries;
  return dot > 0 && ns in registries ? registries[ns].get(key) : undefined;
}
