/**
 * The config checker: every diagnostic about a big_vision config, headless. `checkConfig` runs each validator
 * of `VALIDATORS` over one evaluated config (or its evaluation error) and returns the problems, de-duplicated and
 * sorted. The language server calls it per edit, `bv check` per file; tree-sitter must be loaded first
 * (`await initPyparse()`).
 */
import { CheckContext, type CheckInput } from './context';
import { compareProblems, dedupeProblems, mergeFindings, type Problem } from './problem';
import type { Validator } from './validator';
import { distillKeys } from './validators/distillKeys';
import { durationConflicts } from './validators/durationConflicts';
import { engineOnly } from './validators/engineOnly';
import { evalError } from './validators/evalError';
import { evalKeys } from './validators/evalKeys';
import { missingRequired } from './validators/missingRequired';
import { names } from './validators/names';
import { ppStatic } from './validators/ppStatic';
import { ppStringsValidator } from './validators/ppStrings';
import { runLength } from './validators/runLength';
import { tfdsData } from './validators/tfdsData';
import { unknownKeys } from './validators/unknownKeys';
import { wrongType } from './validators/wrongType';

/** Every validator, in the order their problems are preferred when two report the same range and code. */
export const VALIDATORS: readonly Validator[] = [
  evalError,
  unknownKeys,
  evalKeys,
  missingRequired,
  distillKeys,
  wrongType,
  durationConflicts,
  names,
  tfdsData,
  ppStringsValidator,
  ppStatic,
  runLength,
  engineOnly,
];

/** A problem's code and range: where two validators may say the same thing. */
function placeKey(p: Problem): string {
  const r = p.range;
  return `${p.code}\0${r.file}\0${r.line}:${r.col}-${r.endLine}:${r.endCol}`;
}

export interface CheckOptions {
  /** Run only these validators (tests). */
  validators?: readonly Validator[];
  /** Called when a validator throws; its problems are then missing, the others still reported. */
  onValidatorError?: (name: string, err: unknown) => void;
}

/**
 * Checks one evaluated config. Problems of other files (helper modules) carry their own `range.file`, and as
 * `callSite` the statement of the config that reaches them.
 */
export function checkConfig(input: CheckInput, options: CheckOptions = {}): Problem[] {
  const ctx = new CheckContext(input);
  try {
    const problems: Problem[] = [];
    const placed = new Set<string>();
    for (const v of options.validators ?? VALIDATORS) {
      try {
        const found = v.validate(ctx);
        for (const p of found) if (!v.defers || !placed.has(placeKey(p))) problems.push(p);
        for (const p of found) placed.add(placeKey(p));
      } catch (err) {
        if (!options.onValidatorError) throw err;
        options.onValidatorError(v.name, err);
      }
    }
    const out = dedupeProblems(mergeFindings(problems)).map((p) => {
      const site = p.range.file !== ctx.file && !p.callSite ? ctx.callSite(p.range.file) : undefined;
      // A copy: validators may cache their problems (a helper module's are the same for every config using it).
      return site ? { ...p, callSite: site } : p;
    });
    return out.sort(compareProblems);
  } finally {
    ctx.dispose();
  }
}
