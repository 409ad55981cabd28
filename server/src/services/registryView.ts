/**
 * The registry as the server reads it: one import point, so services never reach into registry files directly
 * and the server never copies registry data.
 */
export {
  checkpointFileOf, COMMON_VIT_VARIANTS, decayTypes, detectTrainer, durationFamilyOf, evaluators, formatOpSignature, formatType, isObject, isPpKey,
  keysAt, keySpec, losses, models, MIXER_SIZES, optimizers, ppOps, pyRepr, valueAt, VIT_SIZES, type JsonObject, type KeySpec, type OpSpec,
  type ParamSpec,
} from '../../../runtime/src/registry';
