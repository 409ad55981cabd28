/**
 * `eval-unknown-key`: keys of a `config.evals.<name>` entry its evaluator does not accept, as the registry's
 * schema judges them. big_vision's `evaluators/common.py` pops the generic keys and passes the rest as keyword
 * arguments to the evaluator (and most forward them on to `eval_input_pipeline`), so an unknown key is a
 * TypeError when the evaluator is built. Upstream's own configs still pass `cache_final` to `classification`,
 * which no longer takes it (the schema says why).
 */
import { formatPath, schemaIssues } from '../../registry';
import type { CheckContext } from '../context';
import type { Problem } from '../problem';
import type { Validator } from '../validator';

export const evalKeys: Validator = {
  name: 'evalKeys',
  validate(ctx: CheckContext): Problem[] {
    if (!ctx.config) return [];
    const out: Problem[] = [];
    for (const issue of schemaIssues(ctx.config, ctx.trainer.kind)) {
      if (issue.level.kind !== 'eval' || (issue.kind !== 'unknown' && issue.kind !== 'forbidden')) continue;
      const loc = ctx.keyLocation(issue.path);
      const hint = issue.suggestions?.[0];
      const why = issue.forbidden ? ` (${issue.forbidden.reason})` : hint ? `. Did you mean '${hint}'?` : '';
      const fix = hint ? ctx.replaceFix(`Rename to '${hint}'`, loc.name, hint) : undefined;
      const render = (evals: string): string => `Evaluator '${issue.level.owner}' does not accept '${issue.key}' (in ${evals}): building it raises TypeError${why}`;
      out.push(ctx.about('eval-unknown-key', 'error', loc.range, formatPath(issue.level.path), render, fix));
    }
    return out;
  },
};
