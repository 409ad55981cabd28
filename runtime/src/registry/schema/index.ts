/**
 * The config schema: which keys may sit where (`keysAt`), the spec of a key path (`keySpec`), the trainer that
 * reads a config (`detectTrainer`), the issues of an evaluated config (`schemaIssues`) and where its parts live
 * (`evalEntries`, `scheduleDicts`, ...). Completion, the checker and the bundled trainer all read it.
 */
export { fromConfigKey, fromParam, keySpec, specsBelow, valueOrDefault, withDefaults } from './keySpec';
export { keysAt, KeyLevel, type ForbiddenKey, type LevelKind, type UnknownPolicy } from './levels';
export { describeValue, fitsType, issueMessage, issueText, levelsOf, schemaIssues, truthy, type IssueKind, type SchemaIssue } from './issues';
export { unsupportedInEffect } from './bundled';
export { durationKeysPresent } from './durationKeys';
export { missingKeys, type MissingKey } from './required';
export { detectTrainer, DISTILL_TRAINER, type TrainerKind, type TrainerProfile } from './trainer';
export {
  dataDicts, evalEntries, evalType, formatPath, isMixture, isObject, isPpKey, ppStrings, scheduleDicts, valueAt,
  type JsonObject, type JsonValue, type KeyPath, type Located,
} from './walk';
