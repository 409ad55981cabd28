/**
 * The contract of one check: a validator looks at the context (evaluated config, source, tree) and returns its
 * problems. Each lives in validators/ and is listed once in checkConfig.ts.
 */
import type { CheckContext } from './context';
import type { Problem } from './problem';

export interface Validator {
  /** For logs and for running one validator in tests. */
  readonly name: string;
  validate(ctx: CheckContext): Problem[];
}
