/**
 * Names a config string must resolve to (Errors where upstream raises): `model_name` (and a model's
 * `*_model` kwargs such as two_towers' `image_model`), the ViT / Mixer `variant`, each eval's `type`, `optax_name`
 * (a Warning outside `big_vision.*`: optax has more functions than the registry lists), each schedule's
 * `decay_type`, `loss` and classification's `loss_name`, and `bv:` data sources. Each with "did you mean" and a
 * fix replacing the literal when the value is written as one string.
 */
import { dataDicts, decayTypes, evalEntries, evalType, evaluators, formatPath, isObject, type KeyPath, losses, models, optimizers, parseMixerVariant, parseVitVariant, type Registry, scheduleDicts, suggestNames } from '../../registry';
import type { CheckContext } from '../context';
import type { Problem, ProblemCode, Severity } from '../problem';
import type { Validator } from '../validator';

/** `bv:<module>` data sources upstream's datasets/ holds at the snapshot (datasets.core.get imports the module). */
const BV_SOURCES = ['jsonl'];

/**
 * `Unknown <label> '<value>' (<path>): <consequence>. Did you mean ...?` at the value's literal, with a fix
 * replacing it, the suggestions drawn from a registry or a list of names.
 */
export function unknownName<T>(
  ctx: CheckContext,
  code: ProblemCode,
  severity: Severity,
  path: KeyPath,
  value: string,
  known: Registry<T> | readonly string[] | undefined,
  label: string,
  consequence: string,
): Problem {
  const hints = !known ? [] : Array.isArray(known) ? suggestNames(value, known) : (known as Registry<T>).suggest(value);
  const hint = hints.length ? ` Did you mean ${hints.map((h) => `'${h}'`).join(', ')}?` : '';
  const loc = ctx.valueLocation(path, value);
  const fix = hints.length ? ctx.replaceFix(`Replace with '${hints[0]}'`, loc.whole, hints[0]) : undefined;
  const at = formatPath(path) === label ? '' : ` (${formatPath(path)})`;
  return ctx.problem(code, severity, `Unknown ${label} '${value}'${at}: ${consequence}.${hint}`, loc.range, fix);
}

function checkModels(ctx: CheckContext, out: Problem[]): void {
  const config = ctx.config ?? {};
  const name = config.model_name;
  if (typeof name !== 'string') return;
  const model = models.get(name);
  if (!model) {
    out.push(unknownName(ctx, 'unknown-model', 'error', ['model_name'], name, models, 'model_name', 'big_vision/models/ has no such module (ImportError)'));
    return;
  }
  const kw = config.model;
  if (!isObject(kw)) return;
  for (const p of model.kwargs) {
    const v = kw[p.name];
    if (p.name.endsWith('_model') && typeof v === 'string' && !models.get(v)) {
      out.push(unknownName(ctx, 'unknown-model', 'error', ['model', p.name], v, models, 'model', 'big_vision/models/ has no such module (ImportError)'));
    }
  }
  const variant = kw.variant;
  if (typeof variant !== 'string' || !model.variants) return;
  const r = model.variants === 'vit' ? parseVitVariant(variant) : parseMixerVariant(variant);
  if (r.ok) return;
  const loc = ctx.valueLocation(['model', 'variant'], variant, r.start, r.end);
  out.push(ctx.problem('unknown-variant', 'error', `Invalid ${model.name} variant: ${r.message}`, loc.range));
}

export const names: Validator = {
  name: 'names',
  validate(ctx: CheckContext): Problem[] {
    const config = ctx.config;
    if (!config) return [];
    const out: Problem[] = [];
    checkModels(ctx, out);
    for (const { name, path, value } of evalEntries(config)) {
      const type = evalType(name, value);
      if (!evaluators.get(type)) {
        const typed = typeof value.type === 'string';
        const why = typed ? 'big_vision/evaluators/ has no such module (ImportError)' : `no 'type' is set, so it defaults to the eval's name, and big_vision/evaluators/ has no such module`;
        const p = unknownName(ctx, 'unknown-evaluator', 'error', [...path, 'type'], type, evaluators, 'evaluator type', why);
        const hint = p.message.slice(p.message.indexOf(': ') + 2);
        // Without a `type` the eval's name is the type: underline the entry, no literal to replace.
        const range = typed ? p.range : ctx.keyLocation(path).range;
        out.push(ctx.about('unknown-evaluator', 'error', range, formatPath(path), (evals) => `Unknown evaluator type '${type}' (in ${evals}): ${hint}`, typed ? p.fix : undefined));
      }
      const lossName = value.loss_name;
      if (type === 'classification' && typeof lossName === 'string' && !losses.get(lossName)) {
        const p = unknownName(ctx, 'unknown-loss', 'error', [...path, 'loss_name'], lossName, losses, 'loss', 'big_vision/utils.py has no such loss function');
        const hint = p.message.slice(p.message.indexOf(': ') + 2);
        out.push(ctx.about('unknown-loss', 'error', p.range, formatPath(path), (evals) => `Unknown loss_name '${lossName}' (in ${evals}): ${hint}`, p.fix));
      }
    }
    const optax = config.optax_name;
    if (typeof optax === 'string' && !optimizers.get(optax)) {
      const ours = optax.startsWith('big_vision.');
      const why = ours ? 'big_vision/optax.py registers no such optimizer' : 'the registry does not list it (optax may still have it)';
      out.push(unknownName(ctx, 'unknown-optimizer', ours ? 'error' : 'warning', ['optax_name'], optax, optimizers, 'optax_name', why));
    }
    for (const s of scheduleDicts(config)) {
      const t = s.value.decay_type;
      if (typeof t === 'string' && !decayTypes.get(t)) {
        out.push(unknownName(ctx, 'unknown-decay-type', 'error', [...s.path, 'decay_type'], t, decayTypes, 'decay_type', 'create_learning_rate_schedule raises ValueError'));
      }
    }
    if (ctx.trainer.kind === 'train' && typeof config.loss === 'string' && !losses.get(config.loss)) {
      out.push(unknownName(ctx, 'unknown-loss', 'error', ['loss'], config.loss, losses, 'loss', 'big_vision/utils.py has no such loss function'));
    }
    for (const d of dataDicts(config)) {
      const source = d.value.name;
      if (typeof source === 'string' && source.startsWith('bv:') && !BV_SOURCES.includes(source.slice(3))) {
        const valid = BV_SOURCES.map((s) => `'bv:${s}'`).join(', ');
        out.push(unknownName(ctx, 'unknown-dataset', 'error', [...d.path, 'name'], source, undefined, 'data source', `big_vision/datasets/ has no module '${source.slice(3)}' (ImportError); bv: sources are ${valid}`));
      }
    }
    return out;
  },
};
