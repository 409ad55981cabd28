/**
 * `missing-required`: the required keys the registry's schema finds unset (`missingKeys`): what big_vision.train
 * reads without a default, the training data's name and split, and each eval's evaluator arguments (e.g.
 * `loss_name` of `classification`). Top-level keys go at `get_config`, the others at the dict that lacks them.
 * Top-level keys are only required for big_vision.train configs; project trainers have their own.
 */
import { formatPath, missingKeys } from '../../registry';
import type { CheckContext } from '../context';
import type { Problem } from '../problem';
import type { Validator } from '../validator';

export const missingRequired: Validator = {
  name: 'missingRequired',
  validate(ctx: CheckContext): Problem[] {
    if (!ctx.config) return [];
    return missingKeys(ctx.config, ctx.trainer.kind).map((m) => {
      if (m.evaluator) {
        const render = (evals: string): string => `Missing required ${m.what} in ${evals}: ${m.why}.`;
        return ctx.about('missing-required', 'error', ctx.keyLocation(m.at).range, formatPath(m.at), render);
      }
      const range = m.at.length ? ctx.keyLocation(m.at).range : ctx.getConfigRange();
      return ctx.problem('missing-required', 'error', `Missing required ${m.what}: ${m.why}.`, range);
    });
  },
};
