/**
 * The registry as the server reads it: one import point, so services never reach into registry files directly
 * and the server never copies registry data.
 */
export {
  acceptedEvalKeys, configKeys, COMMON_VIT_VARIANTS, DURATION_FAMILIES, durationFamilyOf, durationKeyDoc, decayTypes, evaluators,
  findConfigKey, formatDefault, formatOpSignature, formatSignature, formatType, losses, models, MIXER_SIZES, optimizers,
  ppOps, pyRepr, suggestNames, VIT_SIZES, type Choice as ChoiceType, type OpSpec, type ParamSpec, type TypeSpec,
} from '../../../runtime/src/registry';
