/**
 * Durations judged against the run's length (total steps, resolved like upstream from steps, examples or epochs
 * with the dataset size when the TFDS data dir has it): `warmup-too-long` (Error: `create_learning_rate_schedule`
 * asserts warmup < total unless total <= 1) and `log-interval-too-long` (Warning: a training-log or eval interval
 * longer than the run, so it only fires at the end).
 */
import type { CheckContext } from '../context';
import type { Problem } from '../problem';
import type { Validator } from '../validator';
import { durationInputs, resolveDuration, type ResolvedDuration } from '../../semantics/durations';
import { evalEntries, formatPath, scheduleDicts } from '../../registry';

function describe(d: ResolvedDuration): string {
  return d.unit === 'steps' ? `${d.steps} steps` : `${d.value} ${d.unit} = ${d.steps} steps`;
}

export const runLength: Validator = {
  name: 'runLength',
  validate(ctx: CheckContext): Problem[] {
    const config = ctx.config;
    if (!config) return [];
    const inputs = durationInputs(config, ctx.tfdsDataDir);
    const total = inputs.totalSteps;
    if (total === undefined || total <= 1) return [];
    const out: Problem[] = [];
    for (const s of scheduleDicts(config)) {
      const warmup = resolveDuration(s.value, 'warmup', inputs);
      if (warmup?.steps !== undefined && warmup.steps >= total) {
        out.push(ctx.problem(
          'warmup-too-long',
          'error',
          `Warmup (${formatPath([...s.path, warmup.key])}: ${describe(warmup)}) is not shorter than the run (${total} steps): create_learning_rate_schedule asserts warmup_steps < total_steps.`,
          ctx.keyLocation([...s.path, warmup.key]).range,
        ));
      }
    }
    const log = resolveDuration(config, 'log_training', inputs);
    if (log?.steps !== undefined && log.steps > total) {
      out.push(ctx.problem(
        'log-interval-too-long',
        'warning',
        `Training metrics are logged every ${describe(log)}, longer than the run (${total} steps): only the last step logs.`,
        ctx.keyLocation([log.key]).range,
      ));
    }
    for (const e of evalEntries(config)) {
      const every = resolveDuration(e.value, 'log', inputs);
      if (every?.steps !== undefined && every.steps > total) {
        const render = (evals: string): string => `${evals} run${/ and /.test(evals) ? '' : 's'} every ${describe(every)}, longer than the run (${total} steps): only at the first and last step.`;
        out.push(ctx.about('log-interval-too-long', 'warning', ctx.keyLocation([...e.path, every.key]).range, formatPath(e.path), render));
      }
    }
    return out;
  },
};
