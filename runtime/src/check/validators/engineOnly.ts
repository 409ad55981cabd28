/**
 * `engine-only` (Information): what the config uses that only upstream big_vision runs, not the bundled trainer,
 * from the registry's `bundled` flags: the model, evaluators, optimizer, decay types, loss, pp ops, and config
 * keys in effect that the bundled trainer refuses (`model_init`, `mixup` with a truthy `p`, filter callables,
 * mixtures, ...). A config for a project trainer gets one note for the whole file instead.
 */
import type { JsonValue } from '../../config/protocol';
import { decayTypes, evaluators, losses, models, optimizers, ppOps } from '../../registry';
import { keySpec } from '../keySpecs';
import { parsePpCached } from '../ppCache';
import type { CheckContext } from '../context';
import type { Problem } from '../problem';
import type { Validator } from '../validator';
import { locatePp } from './ppStrings';
import { evalEntries, evalType, formatPath, isObject, ppStrings, scheduleDicts, type JsonObject, type KeyPath } from '../walk';

const RUN_UPSTREAM = 'runs only with upstream big_vision, not the bundled trainer';

/** Python's truthiness of an evaluated value: None, False, 0, '' and empty containers are falsy. */
function truthy(v: JsonValue | undefined): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (isObject(v)) return Object.keys(v).length > 0;
  return Boolean(v);
}

/**
 * Keys in effect that the registry marks unsupported by the bundled trainer (top level, input, evals): train.py
 * acts on a key when it is truthy (`mixup` when `mixup.p` is), so `mixup = dict(p=0.0)` or `model_init = None`
 * change nothing and are no reason to refuse a run.
 */
function unsupportedKeys(config: JsonObject): KeyPath[] {
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

export const engineOnly: Validator = {
  name: 'engineOnly',
  validate(ctx: CheckContext): Problem[] {
    const config = ctx.config;
    if (!config || ctx.trainer.kind === 'other') return [];
    if (ctx.trainer.kind === 'proj') {
      const trainer = ctx.trainer.module ? `big_vision.${ctx.trainer.module}` : 'a big_vision project trainer';
      return [ctx.problem('engine-only', 'information', `This config is for ${trainer} (${ctx.trainer.reason}); it ${RUN_UPSTREAM}.`, ctx.getConfigRange())];
    }
    const out: Problem[] = [];
    const note = (path: KeyPath, what: string, value?: string): void => {
      const range = value === undefined ? ctx.keyLocation(path).range : ctx.valueLocation(path, value).range;
      out.push(ctx.problem('engine-only', 'information', `${what} ${RUN_UPSTREAM}.`, range));
    };
    const name = config.model_name;
    if (typeof name === 'string' && models.get(name)?.bundled === false) note(['model_name'], `Model '${name}'`, name);
    for (const e of evalEntries(config)) {
      const type = evalType(e.name, e.value);
      if (evaluators.get(type)?.bundled === false) note(typeof e.value.type === 'string' ? [...e.path, 'type'] : e.path, `Evaluator '${type}'`, e.value.type === type ? type : undefined);
    }
    const optax = config.optax_name;
    if (typeof optax === 'string' && optimizers.get(optax)?.bundled === false) note(['optax_name'], `Optimizer '${optax}'`, optax);
    for (const s of scheduleDicts(config)) {
      const t = s.value.decay_type;
      if (typeof t === 'string' && decayTypes.get(t)?.bundled === false) note([...s.path, 'decay_type'], `Decay type '${t}'`, t);
    }
    if (typeof config.loss === 'string' && losses.get(config.loss)?.bundled === false) note(['loss'], `Loss '${config.loss}'`, config.loss);
    for (const path of unsupportedKeys(config)) note(path, `'${formatPath(path)}' (${keySpec(path.join('.'))?.doc ?? 'this key'})`);
    for (const { path, value } of ppStrings(config)) {
      for (const call of parsePpCached(value).calls) {
        const op = ppOps.get(call.name);
        if (!op || op.bundled) continue;
        const loc = locatePp(ctx, path, value, call.nameStart, call.nameEnd);
        out.push(ctx.problem('engine-only', 'information', `pp op '${op.name}' (${op.module}) ${RUN_UPSTREAM}.`, loc.range));
      }
    }
    return out;
  },
};
