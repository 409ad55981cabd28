/**
 * `unknown-key` and `forbidden-key`, per nesting level, as the registry's schema judges them (`schemaIssues`):
 * top level and `input` (train.py reads them with `.get`, so a typo is silently ignored: Warning),
 * `datasets.core.get` kwargs and `model` / `model_load` / `optax` kwargs (passed as **kwargs, so a typo raises
 * TypeError: Error), schedule dicts (read from **kw, ignored: Warning), and keys upstream refuses (deprecated
 * ones, `model.num_classes` beside the `num_classes` train.py passes itself). Each unknown key comes with "did you
 * mean" and a fix renaming it. `bvcc.parse_arg` options left in the config are not flagged. Eval entries are
 * evalKeys' (its messages name the evaluator).
 */
import { formatPath, issueText, schemaIssues, type KeyPath } from '../../registry';
import type { CheckContext } from '../context';
import type { Problem } from '../problem';
import type { Validator } from '../validator';

/** Whether the key at `path` was put there by `bvcc.parse_arg` (the options object used as the config). */
function fromParseArg(ctx: CheckContext, path: KeyPath): boolean {
  const span = ctx.spanInFile(path);
  if (!span) return false;
  const { start, end } = ctx.spanOffsets(span);
  return /\bparse_arg\s*\(/.test(ctx.source.slice(start, end));
}

export const unknownKeys: Validator = {
  name: 'unknownKeys',
  validate(ctx: CheckContext): Problem[] {
    if (!ctx.config) return [];
    const out: Problem[] = [];
    for (const issue of schemaIssues(ctx.config, ctx.trainer.kind)) {
      if (issue.level.kind === 'eval') continue;
      const loc = ctx.keyLocation(issue.path);
      if (issue.kind === 'forbidden') {
        out.push(ctx.problem('forbidden-key', 'error', `'${formatPath(issue.path)}' ${issueText(issue)}`, loc.range));
      } else if (issue.kind === 'unknown') {
        if (issue.level.kind === 'top' && fromParseArg(ctx, issue.path)) continue;
        const hint = issue.suggestions?.[0];
        const fix = hint ? ctx.replaceFix(`Rename to '${hint}'`, loc.name, hint) : undefined;
        const message = `Unknown key '${formatPath(issue.path)}': ${issue.level.unknown?.effect}.${hint ? ` Did you mean '${hint}'?` : ''}`;
        out.push(ctx.problem('unknown-key', issue.level.unknown?.severity ?? 'warning', message, loc.range, fix));
      }
    }
    return out;
  },
};
