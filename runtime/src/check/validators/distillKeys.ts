/**
 * The distillation trainer's own keys (`big_vision.trainers.proj.distill.distill`), from the registry's
 * `distillIssues`, the same judgement the bundled trainer applies before a run: `student_name` and `teachers`
 * required, and for each teacher T its `T_name` and `T_init`; types; `distance` among the distances upstream's
 * `dist` knows; `distance_kw` keys it takes; and the student's and teachers' model names (with "did you mean").
 */
import { distillIssues, isDistillConfig, models } from '../../registry';
import type { CheckContext } from '../context';
import type { Problem, ProblemCode } from '../problem';
import type { Validator } from '../validator';
import { unknownName } from './names';

const CODES: Readonly<Record<string, ProblemCode>> = { missing: 'missing-required', type: 'wrong-type', value: 'wrong-value', unknown: 'unknown-key' };

export const distillKeys: Validator = {
  name: 'distillKeys',
  validate(ctx: CheckContext): Problem[] {
    const config = ctx.config;
    if (!config || !isDistillConfig(config)) return [];
    const out = distillIssues(config).map((i) => {
      const range = i.kind === 'missing' ? ctx.getConfigRange() : ctx.keyLocation(i.path).range;
      const what = i.kind === 'missing' ? `Missing required key '${i.path.join('.')}' of the distillation trainer` : `config.${i.path.join('.')}`;
      return ctx.problem(CODES[i.kind], i.severity, `${what}: ${i.message}.`, range);
    });
    const teachers = Array.isArray(config.teachers) ? config.teachers.filter((t): t is string => typeof t === 'string') : [];
    for (const key of ['student_name', ...teachers.map((t) => `${t}_name`)]) {
      const name = config[key];
      if (typeof name === 'string' && !models.get(name)) out.push(unknownName(ctx, 'unknown-model', 'error', [key], name, models, key, 'big_vision/models/ has no such module (ImportError)'));
    }
    return out;
  },
};
