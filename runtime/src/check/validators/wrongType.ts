/**
 * `wrong-type` and `wrong-value` (Warnings: Python may still cope): a value whose kind does not fit the schema's
 * type for its key, or one outside the key's documented choices, wherever the registry's schema types a level:
 * top-level and `input` keys (big_vision.train configs), data kwargs, eval entries by evaluator, schedule dicts,
 * `model` by model_name and `optax` by optax_name. Keys whose value names a registry entry are judged by the
 * names check instead.
 */
import { formatPath, issueText, schemaIssues } from '../../registry';
import type { CheckContext } from '../context';
import type { Problem } from '../problem';
import type { Validator } from '../validator';

export const wrongType: Validator = {
  name: 'wrongType',
  validate(ctx: CheckContext): Problem[] {
    if (!ctx.config) return [];
    const out: Problem[] = [];
    for (const issue of schemaIssues(ctx.config, ctx.trainer.kind)) {
      if (issue.kind !== 'wrong-type' && issue.kind !== 'wrong-value') continue;
      const range = ctx.keyLocation(issue.path).range;
      const what = issueText(issue);
      if (issue.path.length === 1) {
        out.push(ctx.problem(issue.kind, 'warning', `'${formatPath(issue.path)}' ${what}`, range));
      } else {
        // Evals built by one helper share the entry: one problem names them all.
        out.push(ctx.about(issue.kind, 'warning', range, formatPath(issue.level.path), (owners) => `'${issue.key}' in ${owners} ${what}`));
      }
    }
    return out;
  },
};
