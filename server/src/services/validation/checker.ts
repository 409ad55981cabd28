/**
 * The server's door to the headless checker (runtime/src/check, shared with `bv check`): the same problems in
 * the editor as in CI. A validator that throws is logged and skipped; the others still report.
 */
import type { Tree } from 'web-tree-sitter';
import type { EvaluateResult } from '../../../../runtime/src/config/protocol';
import { checkConfig, type Problem } from '../../../../runtime/src/check';

export type { Problem, ProblemRange, Severity } from '../../../../runtime/src/check';

export interface CheckInput {
  file: string;
  source: string;
  result: EvaluateResult;
  tfdsDataDir?: string;
  /** The document's syntax tree for exactly `source` (saves the checker a parse). */
  tree?: Tree;
}

export function runChecks(input: CheckInput): Problem[] {
  if (!input.result.ok && input.result.error.type === 'Cancelled') return [];
  return checkConfig(input, {
    onValidatorError: (name, err) => console.error(`validator ${name} failed on ${input.file}: ${(err as Error).stack ?? String(err)}`),
  });
}
