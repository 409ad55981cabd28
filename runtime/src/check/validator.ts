/**
 * The contract of one check: a validator looks at the context (evaluated config, source, tree) and returns its
 * problems. Each lives in validators/ and is listed once in checkConfig.ts.
 */
import type { CheckContext } from './context';
import type { Problem } from './problem';

export interface Validator {
  /** For logs and for running one validator in tests. */
  readonly name: string;
  /**
   * Its problems give way to a problem of an earlier validator with the same code at the same range (a second
   * opinion on something already reported, such as the static pp check of a literal the evaluated pp string
   * check has placed a problem in).
   */
  readonly defers?: boolean;
  validate(ctx: CheckContext): Problem[];
}
