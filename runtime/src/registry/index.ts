// The one registry: builds every namespace from the spec tables by explicit
// registration (like tfjs's register_all_kernels.ts, one list in one place)
// and re-exports the grammar and helpers. The language server and the bundled
// trainer import from here; there is no second copy of any spec.

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

/** `config.*`: config keys by path pattern (use `findConfigKey` for concrete paths). */
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

export { Registry, editDistance, suggestNames, type RegisterOptions } from './registry';
export * from './types';
export { parsePp, parsePpCall, callArguments, type PpCall, type PpKeywordArg, type PpParseError, type PpParseResult } from './ppGrammar';
export { checkCall, checkPp, literalFits, type PpProblem, type CheckPpOptions } from './ppCheck';
export { literalToJs, formatLiteral, PyComplex, PY_ELLIPSIS, type PyLiteral, type PyJsValue, type PyKind, type Span } from './pyLiteral';
export { PySyntaxError } from './pyScanner';
export { formatSignature, formatOpSignature, formatDefault, formatParam, formatType, pyRepr } from './signature';
export { parseVitVariant, parseMixerVariant, VIT_SIZES, MIXER_SIZES, COMMON_VIT_VARIANTS, type VitVariant, type VariantResult } from './variants';
export { VIT_VANITY_NAMES, SIGLIP_VANITY_NAMES, VIT_KWARGS, DONT_LOAD } from './modelCommon';
export { EVAL_COMMON_KEYS, EVAL_PIPELINE_KEYS, acceptedEvalKeys, PMAP_EVALUATOR_NOTE } from './evaluators';
export { SCHEDULE_KEYS } from './optimizers';
export { DEFAULT_PP_MODULES } from './ppOps';
export {
  DURATION_FAMILIES, DURATION_UNITS, durationFamilyOf, durationKeyDoc, findConfigKey, FORBIDDEN_CONFIG_KEYS, IGNORED_CONFIG_KEYS, type DurationKey,
} from './configKeys';
