/**
 * What of a config only upstream's trainer runs, as far as config keys go: keys the registry marks `unsupported`
 * by the bundled trainer that are in effect. The checker notes them (`engine-only`) and the bundled trainer
 * refuses a run on them, from this one list.
 */
import { truthy } from './issues';
import { keySpec } from './keySpec';
import { isObject, type JsonObject, type KeyPath } from './walk';

/**
 * Keys in effect that the bundled trainer cannot run (top level, input, evals): train.py acts on a key when it is
 * truthy (`mixup` when `mixup.p` is), so `mixup = dict(p=0.0)` or `model_init = None` change nothing and are no
 * reason to refuse a run.
 */
export function unsupportedInEffect(config: JsonObject): KeyPath[] {
  const out: KeyPath[] = [];
  const visit = (dict: JsonObject, path: string[], depth: number): void => {
    for (const [k, v] of Object.entries(dict)) {
      if (!truthy(v)) continue;
      const p = [...path, k];
      const spec = keySpec(p.join('.'));
      if (spec?.bundled === 'unsupported') {
        if (!spec.inEffectWhen || (isObject(v) && truthy(v[spec.inEffectWhen]))) out.push(p);
      } else if (isObject(v) && depth > 0) {
        visit(v, p, depth - 1);
      }
    }
  };
  visit(config, [], 2);
  return out;
}
