/**
 * `wrong-type` and `wrong-value` (Warnings: Python may still cope): a value whose JSON kind does not fit the
 * registry's type for its key, or a value outside the key's documented choices. Checked where the registry knows
 * the key: top-level and `input` keys (big_vision.train configs), data kwargs, eval entries by evaluator,
 * schedule dicts, `model` by model_name and `optax` by optax_name. The evaluated JSON cannot tell 1.0 from 1, so
 * an int passes for a float and a whole float for an int. None fits everything (a placeholder upstream allows).
 */
import type { JsonValue } from '../../config/protocol';
import { acceptedEvalKeys, configKeys, evaluators, formatType, models, optimizers, type Choice, type ParamSpec, type ParamType, type TypeSpec } from '../../registry';
import { keySpec } from '../keySpecs';
import type { CheckContext } from '../context';
import type { Problem } from '../problem';
import type { Validator } from '../validator';
import { dataDicts, evalEntries, evalType, formatPath, isObject, scheduleDicts, type JsonObject, type KeyPath } from '../walk';

/** Keys whose values other validators judge (unknown-loss, unknown-decay-type, unknown-variant). */
const JUDGED_ELSEWHERE = new Set(['loss', 'loss_name', 'decay_type', 'variant', 'model_name', 'optax_name', 'type']);

function fitsOne(t: ParamType, v: JsonValue): boolean {
  switch (t) {
    case 'int':
      return (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'boolean';
    case 'float':
    case 'number':
      return typeof v === 'number' || typeof v === 'boolean';
    case 'str':
    case 'bytes':
      return typeof v === 'string';
    case 'bool':
      return typeof v === 'boolean' || v === 0 || v === 1;
    case 'list':
    case 'tuple':
    case 'seq':
    case 'set':
      return Array.isArray(v);
    case 'dict':
      return isObject(v);
    default:
      return true;
  }
}

export function fitsType(type: TypeSpec, v: JsonValue): boolean {
  if (v === null) return true;
  return (typeof type === 'string' ? [type] : type).some((t) => fitsOne(t, v));
}

function describe(v: JsonValue): string {
  if (Array.isArray(v)) return 'a list';
  if (isObject(v)) return 'a dict';
  const text = typeof v === 'string' ? `'${v.length > 40 ? `${v.slice(0, 40)}…` : v}'` : String(v);
  const kind = typeof v === 'string' ? 'str' : typeof v === 'boolean' ? 'bool' : Number.isInteger(v) ? 'int' : 'float';
  return `${kind} ${text}`;
}

const formatChoice = (c: Choice): string => (typeof c === 'string' ? `'${c}'` : String(c));

function check(ctx: CheckContext, path: KeyPath, v: JsonValue, spec: { type: TypeSpec; choices?: readonly Choice[] }, out: Problem[]): void {
  const key = path[path.length - 1];
  if (typeof key === 'string' && JUDGED_ELSEWHERE.has(key)) return;
  let code: 'wrong-type' | 'wrong-value';
  let what: string;
  if (!fitsType(spec.type, v)) {
    code = 'wrong-type';
    what = `should be ${formatType(spec.type)}, got ${describe(v)}.`;
  } else if (spec.choices && v !== null && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') && !spec.choices.includes(v)) {
    code = 'wrong-value';
    what = `is ${describe(v)}; valid values: ${spec.choices.map(formatChoice).join(', ')}.`;
  } else {
    return;
  }
  const range = ctx.keyLocation(path).range;
  if (path.length === 1) {
    out.push(ctx.problem(code, 'warning', `'${formatPath(path)}' ${what}`, range));
  } else {
    // Evals built by one helper share the entry: one problem names them all.
    out.push(ctx.about(code, 'warning', range, formatPath(path.slice(0, -1)), (owners) => `'${String(key)}' in ${owners} ${what}`));
  }
}

function checkParams(ctx: CheckContext, path: KeyPath, dict: JsonObject, params: readonly ParamSpec[], out: Problem[]): void {
  for (const p of params) if (p.name in dict) check(ctx, [...path, p.name], dict[p.name], p, out);
}

/** Registry keys directly below a dotted prefix (`input.`), checked against a dict's values. */
function checkRegistryLevel(ctx: CheckContext, path: KeyPath, prefix: string, dict: JsonObject, out: Problem[]): void {
  for (const [key, v] of Object.entries(dict)) {
    const spec = keySpec(`${prefix}${key}`);
    if (spec) check(ctx, [...path, key], v, spec, out);
  }
}

const TOP_KEYS = configKeys.list().filter((k) => k.scope === 'top' && !k.path.includes('.'));

export const wrongType: Validator = {
  name: 'wrongType',
  validate(ctx: CheckContext): Problem[] {
    const config = ctx.config;
    if (!config) return [];
    const out: Problem[] = [];
    if (ctx.trainer.kind === 'train') {
      for (const spec of TOP_KEYS) if (spec.path in config) check(ctx, [spec.path], config[spec.path], spec, out);
      if (isObject(config.input)) checkRegistryLevel(ctx, ['input'], 'input.', config.input, out);
    }
    for (const d of dataDicts(config)) checkRegistryLevel(ctx, d.path, 'input.data.', d.value, out);
    for (const s of scheduleDicts(config)) checkRegistryLevel(ctx, s.path, 'schedule.', s.value, out);
    for (const { name, path, value } of evalEntries(config)) {
      const spec = evaluators.get(evalType(name, value));
      if (spec) checkParams(ctx, path, value, acceptedEvalKeys(spec).filter((p) => p.name !== 'data'), out);
    }
    const model = typeof config.model_name === 'string' ? models.get(config.model_name) : undefined;
    if (model && isObject(config.model)) checkParams(ctx, ['model'], config.model, model.kwargs, out);
    const optimizer = typeof config.optax_name === 'string' ? optimizers.get(config.optax_name) : undefined;
    if (optimizer && isObject(config.optax)) checkParams(ctx, ['optax'], config.optax, optimizer.params, out);
    return out;
  },
};
