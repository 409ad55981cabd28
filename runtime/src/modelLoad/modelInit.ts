/**
 * `config.model_init` in the bundled trainer, as upstream train.py's "Initialize model from ..." branch:
 * `model_mod.load(init_params, config.model_init, config.model, **config.model_load)`. Finds the file (vanity names
 * resolve to their public file, looked for in the checkpoint folder), reads its params, and hands them to the
 * model's own load (upgrades of old layouts, merge with `dont_load`, posemb resampling). Returns the merged params
 * and the report the trainer prints.
 */
import { loadVit } from '../models/vitLoad';
import { loadBit, loadBitPaper, loadMixer } from './convLoads';
import type { Params } from '../models/types';
import { ConfigKeyError } from '../semantics/configKeyError';
import { locateCheckpoint, type LocatedCheckpoint } from './locate';
import type { LoadReport } from './merge';
import { readParams, type HostParams } from './readParams';

/** A model module's `load()` once the file is read. */
export type ModelLoad = (init: Params, loaded: HostParams, modelCfg: Readonly<Record<string, unknown>>, dontLoad: readonly string[], file: string) => { params: Params; report: LoadReport };

/** Bundled models that can start from a checkpoint, by `config.model_name`. */
export const MODEL_LOADS: Readonly<Record<string, ModelLoad>> = {
  vit: loadVit,
  mlp_mixer: loadMixer,
  bit: loadBit,
  bit_paper: loadBitPaper,
};

/** The config keys a model_init reads, as the trainer resolved them. */
export interface ModelInitSettings {
  readonly modelName: string;
  /** `config.model_init`: a vanity name, an .npz path (optionally `:sub/key`) or a checkpoint folder. */
  readonly init: string;
  /** `config.model`. */
  readonly model: Readonly<Record<string, unknown>>;
  /** `config.model_load.dont_load`. */
  readonly dontLoad: readonly string[];
}

/** Where to look for checkpoint files. */
export interface ModelInitPlaces {
  readonly checkpointDir?: string;
  readonly cwd?: string;
}

/**
 * Loads `settings.init` into freshly initialised `init` params. Errors name `config.model_init` (not found,
 * unreadable file naming the file and array, params that do not fit) or `config.model_name` (no loader).
 */
export function initFromCheckpoint(init: Params, settings: ModelInitSettings, places: ModelInitPlaces = {}): { params: Params; report: LoadReport; located: LocatedCheckpoint } {
  const load = MODEL_LOADS[settings.modelName];
  if (!load) throw new ConfigKeyError(['model_name'], `'${settings.modelName}' cannot start from config.model_init in the bundled trainer (models that can: ${Object.keys(MODEL_LOADS).join(', ')}); remove model_init or train with upstream big_vision`);
  let located: LocatedCheckpoint;
  let loaded: HostParams;
  try {
    located = locateCheckpoint(settings.modelName, settings.init, settings.model, places);
    loaded = readParams(located.file, located.key);
  } catch (err) {
    throw new ConfigKeyError(['model_init'], (err as Error).message, { cause: err });
  }
  const { params, report } = load(init, loaded, settings.model, settings.dontLoad, located.file);
  return { params, report, located };
}
