/**
 * What a string literal in a config names, judged from the key it is assigned to (`model_name`, `pp_fn`,
 * `decay_type`, `data=dict(name=..., split=...)`) and, for pp strings built in local variables or lists, from its
 * content. Completion, hover and go-to-definition all ask this one question.
 */
import type { StringContext } from '../../../runtime/src/pyparse';
import { isPpKey, ppOps } from './registryView';

export type StringKind =
  | 'pp' | 'model_name' | 'variant' | 'model_init' | 'evaluator' | 'optax_name' | 'decay_type' | 'loss' | 'dataset' | 'split';

const BY_NAME: Record<string, StringKind> = {
  model_name: 'model_name', variant: 'variant', model_init: 'model_init', optax_name: 'optax_name',
  decay_type: 'decay_type', loss: 'loss', loss_name: 'loss', dataset: 'dataset', split: 'split',
  train_split: 'split', test_split: 'split',
};

/** Whether a string value looks like a pp string: it calls or names a registered op. */
export function looksLikePp(value: string): boolean {
  const first = /^\s*\|?\s*([A-Za-z_]\w*)\s*(?:\(|\||$)/.exec(value);
  if (first && ppOps.knows(first[1])) return true;
  return value.includes('|') && value.split('|').some((piece) => {
    const m = /^\s*([A-Za-z_]\w*)\s*(?:\(|$)/.exec(piece);
    return m !== null && ppOps.knows(m[1]);
  });
}

/** The kind of a string-literal cursor context, or undefined when it names nothing we know. */
export function stringKind(ctx: StringContext): StringKind | undefined {
  const name = ctx.name;
  const path = ctx.keyPath;
  if (name !== undefined) {
    // Keys and variables holding pp strings (`pp`, `pp_fn`, `pp_eval`, `common_pp`), as the checker reads them.
    if (isPpKey(name)) return 'pp';
    if (name === 'type' && (path === undefined || path[0] === 'evals')) return 'evaluator';
    if (name === 'name' && (path?.[path.length - 2] === 'data' || ctx.siblings.includes('split'))) return 'dataset';
    const kind = BY_NAME[name];
    if (kind) return kind;
  }
  return looksLikePp(ctx.value) ? 'pp' : undefined;
}
