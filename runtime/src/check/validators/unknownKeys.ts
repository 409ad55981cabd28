/**
 * `unknown-key` and `forbidden-key`, per nesting level: top level and `input` (train.py reads them with
 * `.get`, so a typo is silently ignored: Warning), `datasets.core.get` kwargs and `model` / `model_load` /
 * `optax` kwargs (passed as **kwargs, so a typo raises TypeError: Error), schedule dicts (read from **kw,
 * ignored: Warning). Each comes with "did you mean" and a fix renaming the key. Keys upstream configs carry that
 * train.py ignores (schema.md) and `bvcc.parse_arg` options left in the config are not flagged; the top level is
 * only checked for configs of big_vision.train (project trainers read other keys).
 */
import { configKeys, FORBIDDEN_CONFIG_KEYS, IGNORED_CONFIG_KEYS, models, optimizers, suggestNames } from '../../registry';
import type { CheckContext } from '../context';
import type { Problem, Severity } from '../problem';
import type { Validator } from '../validator';
import { dataDicts, formatPath, isMixture, isObject, scheduleDicts, type JsonObject, type KeyPath } from '../walk';

/** Names of the registry's config keys directly below `prefix` (`''` = top level, `input.`, `schedule.`). */
function keysBelow(prefix: string): Set<string> {
  const out = new Set<string>();
  for (const k of configKeys.list()) {
    if (!k.path.startsWith(prefix)) continue;
    const rest = k.path.slice(prefix.length);
    if (!rest.includes('.')) out.add(rest);
  }
  for (const k of IGNORED_CONFIG_KEYS) {
    if (k.startsWith(prefix) && !k.slice(prefix.length).includes('.')) out.add(k.slice(prefix.length));
  }
  return out;
}

const TOP = keysBelow('');
const INPUT = keysBelow('input.');
const SOURCE = new Set([...INPUT, ...keysBelow('input.*.')]);
const DATA = keysBelow('input.data.');
const SCHEDULE = keysBelow('schedule.');
const CORE_MODELS = new Set(['vit', 'bit', 'bit_paper', 'mlp_mixer']);

/** Whether the key at `path` was put there by `bvcc.parse_arg` (the options object used as the config). */
function fromParseArg(ctx: CheckContext, path: KeyPath): boolean {
  const span = ctx.spanInFile(path);
  if (!span) return false;
  const { start, end } = ctx.spanOffsets(span);
  return /\bparse_arg\s*\(/.test(ctx.source.slice(start, end));
}

interface Level {
  path: KeyPath;
  dict: JsonObject;
  known: Set<string>;
  severity: Severity;
  /** Says what happens to an unknown key, e.g. "train.py never reads it". */
  effect: string;
  skip?: (key: string) => boolean;
}

function checkLevel(ctx: CheckContext, level: Level, out: Problem[]): void {
  for (const key of Object.keys(level.dict)) {
    if (level.known.has(key) || level.skip?.(key)) continue;
    const path = [...level.path, key];
    const forbidden = FORBIDDEN_CONFIG_KEYS.find((f) => f.path === formatPath(path) || (level.path[0] === 'schedule' && f.path === `schedule.${key}`));
    const loc = ctx.keyLocation(path);
    if (forbidden) {
      if (key === 'weight_decay_decouple' && level.dict[key]) continue;
      out.push(ctx.problem('forbidden-key', 'error', `'${formatPath(path)}' is rejected by big_vision/optax.py: ${forbidden.reason}.`, loc.range));
      continue;
    }
    const hints = suggestNames(key, [...level.known]);
    const hint = hints.length ? ` Did you mean '${hints[0]}'?` : '';
    const fix = hints.length ? ctx.replaceFix(`Rename to '${hints[0]}'`, loc.name, hints[0]) : undefined;
    out.push(ctx.problem('unknown-key', level.severity, `Unknown key '${formatPath(path)}': ${level.effect}.${hint}`, loc.range, fix));
  }
}

export const unknownKeys: Validator = {
  name: 'unknownKeys',
  validate(ctx: CheckContext): Problem[] {
    const config = ctx.config;
    if (!config) return [];
    const out: Problem[] = [];
    if (ctx.trainer.kind === 'train') {
      const forbiddenTop = new Set(FORBIDDEN_CONFIG_KEYS.filter((f) => !f.path.includes('.')).map((f) => f.path));
      checkLevel(ctx, {
        path: [], dict: config, known: TOP, severity: 'warning', effect: 'big_vision.train never reads it, so it has no effect',
        skip: (k) => !forbiddenTop.has(k) && fromParseArg(ctx, [k]),
      }, out);
    }
    const input = config.input;
    if (isObject(input)) {
      const mixture = isMixture(input.data);
      const sources = new Set(mixture ? Object.keys(input.data as JsonObject) : []);
      checkLevel(ctx, { path: ['input'], dict: input, known: INPUT, severity: 'warning', effect: 'the input pipeline never reads it', skip: (k) => sources.has(k) }, out);
      for (const name of sources) {
        const src = input[name];
        if (isObject(src)) checkLevel(ctx, { path: ['input', name], dict: src, known: SOURCE, severity: 'warning', effect: 'the input pipeline never reads it' }, out);
      }
    }
    for (const d of dataDicts(config)) {
      const name = d.value.name;
      // Other bv: sources take their own kwargs; unknown sources are reported by the names check.
      if (typeof name !== 'string' || (name.startsWith('bv:') && name !== 'bv:jsonl')) continue;
      checkLevel(ctx, { path: d.path, dict: d.value, known: DATA, severity: 'error', effect: 'datasets.core.get passes it to the data source, which raises TypeError' }, out);
    }
    for (const s of scheduleDicts(config)) {
      checkLevel(ctx, { path: s.path, dict: s.value, known: SCHEDULE, severity: 'warning', effect: 'the schedule ignores it' }, out);
    }
    const model = typeof config.model_name === 'string' ? models.get(config.model_name) : undefined;
    if (model) {
      const core = CORE_MODELS.has(model.name);
      const severity: Severity = core ? 'error' : 'warning';
      if (isObject(config.model)) {
        const known = new Set(model.kwargs.map((p) => p.name));
        checkLevel(ctx, { path: ['model'], dict: config.model, known, severity, effect: `${model.name}.Model() does not take it (TypeError)` }, out);
      }
      if (isObject(config.model_load)) {
        const known = new Set(model.loadKwargs.map((p) => p.name));
        checkLevel(ctx, { path: ['model_load'], dict: config.model_load, known, severity, effect: `${model.name}.load() does not take it (TypeError)` }, out);
      }
    }
    const optimizer = typeof config.optax_name === 'string' ? optimizers.get(config.optax_name) : undefined;
    if (optimizer && isObject(config.optax)) {
      const known = new Set(optimizer.params.map((p) => p.name));
      const severity: Severity = optimizer.source === 'big_vision' ? 'error' : 'warning';
      checkLevel(ctx, { path: ['optax'], dict: config.optax, known, severity, effect: `optax.${optimizer.name}() does not take it (TypeError)` }, out);
    }
    return out;
  },
};
