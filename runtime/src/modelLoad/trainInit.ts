/**
 * The trainer's side of `config.model_init`: upstream train.py initialises from it only when there is nothing to
 * resume (a workdir checkpoint or `config.resume` win), calling `model.load(init_params, config.model_init,
 * config.model, **config.model_load)`. Reads those keys from the evaluated config, loads, and writes the load
 * report to the run's log.
 */
import type { JsonObject } from '../registry';
import type { Params } from '../models/types';
import { ConfigKeyError } from '../semantics/configKeyError';
import { formatReport } from './merge';
import { initFromCheckpoint, type ModelInitSettings } from './modelInit';

const isDict = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `config.model_init` and friends, or null when the config starts from random init (unset, None or ''). */
export function modelInitSettings(config: JsonObject): ModelInitSettings | null {
  const init = config.model_init;
  if (init === undefined || init === null || init === '') return null;
  if (typeof init !== 'string') {
    throw new ConfigKeyError(['model_init'], `must be a checkpoint path or vanity name for the bundled trainer, got ${JSON.stringify(init)} (dicts of several files are for multi-tower models that only upstream big_vision runs)`);
  }
  const load = isDict(config.model_load) ? config.model_load : {};
  const dontLoad = load.dont_load ?? [];
  if (!Array.isArray(dontLoad)) throw new ConfigKeyError(['model_load', 'dont_load'], `must be a list of param-name regexes such as ['head/.*'], got ${JSON.stringify(dontLoad)}`);
  return {
    modelName: String(config.model_name),
    init,
    model: isDict(config.model) ? config.model : {},
    dontLoad: dontLoad.map((p, i) => {
      if (typeof p !== 'string') throw new ConfigKeyError(['model_load', 'dont_load', i], `must be a regex string, got ${JSON.stringify(p)}`);
      return p;
    }),
  };
}

/**
 * The params a run starts from: `fresh` as initialised, or, when the config sets `model_init` and nothing is
 * resumed, the checkpoint's params merged into them. `note` receives the load report.
 */
export function initialParams(config: JsonObject, fresh: Params, opts: { resuming: boolean; note: (line: string) => void; checkpointDir?: string }): Params {
  const settings = modelInitSettings(config);
  if (!settings || opts.resuming) return fresh;
  opts.note(`Initialize model from ${settings.init}...`);
  const { params, report, located } = initFromCheckpoint(fresh, settings, opts.checkpointDir ? { checkpointDir: opts.checkpointDir } : {});
  const [head, ...rest] = formatReport(report);
  opts.note(`Loaded ${located.file}${located.key ? `:${located.key}` : ''}: ${head}`);
  for (const line of rest) opts.note(line);
  return params;
}
