// The one registry's public entry point: the namespaces (pp ops, models, evaluators, optimizers, decay types,
// losses, config keys), the config schema, the pp grammar and the formatting helpers. The language server and the
// bundled trainer import from here; there is no second copy of any spec.

export { configKeys, decayTypes, evaluators, losses, lookup, models, optimizers, ppOps, registries } from './namespaces';
export { Registry, editDistance, suggestNames, type RegisterOptions } from './registry';
export * from './types';
export { parsePp, parsePpCall, callArguments, type PpCall, type PpKeywordArg, type PpParseError, type PpParseResult } from './ppGrammar';
export { checkCall, checkPp, literalFits, type PpProblem, type CheckPpOptions } from './ppCheck';
export { literalToJs, formatLiteral, PyComplex, PY_ELLIPSIS, type PyLiteral, type PyJsValue, type PyKind, type Span } from './pyLiteral';
export { PySyntaxError } from './pyScanner';
export { formatSignature, formatOpSignature, formatDefault, formatParam, formatType, pyRepr } from './signature';
export { parseVitVariant, parseMixerVariant, VIT_SIZES, MIXER_SIZES, COMMON_VIT_VARIANTS, type VitVariant, type VariantResult } from './variants';
export { VIT_VANITY_NAMES, SIGLIP_VANITY_NAMES, VIT_KWARGS, DONT_LOAD } from './modelCommon';
export { checkpointFileOf, VIT_CHECKPOINT_FILES, MIXER_CHECKPOINT_FILES } from './checkpointNames';
export { EVAL_COMMON_KEYS, EVAL_PIPELINE_KEYS, acceptedEvalKeys, PMAP_EVALUATOR_NOTE } from './evaluators';
export { SCHEDULE_KEYS } from './optimizers';
export { DEFAULT_PP_MODULES } from './ppOps';
export {
  DURATION_FAMILIES, DURATION_UNITS, durationFamilyOf, durationKeyDoc, FORBIDDEN_CONFIG_KEYS, IGNORED_CONFIG_KEYS, type DurationKey,
} from './configKeys';
export * from './schema';
export { implementations } from './implementations';
export { DISTANCES, DISTANCE_KW, DISTILL_KEYS, distillIssues, distillPredictFns, isDistillConfig, teacherKeys, type DistanceSpec, type DistillIssue } from './distill';
