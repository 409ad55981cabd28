/**
 * The config checker: every diagnostic about a big_vision config, headless. `checkConfig` runs each validator
 * of `VALIDATORS` over one evaluated config (or its evaluation error) and returns the problems, de-duplicated and
 * sorted. The language server calls it per edit, `bv check` per file; tree-sitter must be loaded first
 * (`await initPyparse()`).
 */
import { CheckContext, type CheckInput } from './context';
import { compareProblems, dedupeProblems, mergeFindings, type Problem } from './problem';
import type { Validator } from './validator';
import { durationConflicts } from './validators/durationConflicts';
import { engineOnly } from './validators/engineOnly';
import { evalError } from './validators/evalError';
import { evalKeys } from './validators/evalKeys';
import { missingRequired } from './validators/missingRequired';
import { names } from './validators/names';
import { ppStatic } from './validators/ppStatic';
import { ppStringsValidator } from './validators/ppStrings';
import { runLength } from './validators/runLength';
import { unknownKeys } from './validators/unknownKeys';
import { wrongType } from './validators/wrongType';

/** Every validator, in the order their problems are preferred when two report the same range and code. */
export const VALIDATORS: readonly Validator[] = [
  evalError,
  unknownKeys,
  evalKeys,
  missingRequired,
  wrongType,
  durationConflicts,
  names,
  ppStringsValidator,
  ppStatic,
  runLength,
  engineOnly,
];

export interface CheckOptions {
  /** Run only these validators (tests). */
  validators?: readonly Validator[];
  /** Called when a validator throws; its problems are then missing, the others still reported. */
  onValidatorError?: (name: string, err: unknown) => void;
}

/** Checks one evaluated config; problems of other files (helper modules) carry their own `range.file`. */
export function checkConfig(input: CheckInput, options: CheckOptions = {}): Problem[] {
  const ctx = new CheckContext(input);
  try {
    const problems: Problem[] = [];
    for (const v of options.validators ?? VALIDATORS) {
      try {
        problems.push(...v.validate(ctx));
      } catch (err) {
        if (!options.onValidatorError) throw err;
        options.onValidatorError(v.name, err);
      }
    }
    return dedupeProblems(mergeFindings(problems)).sort(compareProblems);
  } finally {
    ctx.dispose();
  }
}
