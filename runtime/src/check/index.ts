/**
 * The config checker's public surface, for the language server and `bv check`.
 */
export { checkConfig, VALIDATORS, type CheckOptions } from './checkConfig';
export { CheckContext, spanIn, type CheckInput, type KeyLocation } from './context';
export { compareProblems, dedupeProblems, type Fix, type Problem, type ProblemCode, type ProblemRange, type Severity, type TextEdit } from './problem';
export type { Validator } from './validator';
export { durationInputs, resolveDuration, trainingDataSize, type DurationInputs, type ResolvedDuration } from '../semantics/durations';
export { defaultDataDir } from '../data/tfdsInfo';
export { dataDirOf, dataSize, datasetInfo, preparedDatasetNames, splitExamples, type DatasetInfo } from '../semantics/datasets';
