/**
 * Keys a config must set, from the schema: what big_vision.train reads without a default (schema.md §1:
 * `input.batch_size`, `input.data`, a `total_*` and a `log_training_*` duration, `model_name`, `num_classes`,
 * `optax_name`, `lr`, `schedule`; an eval-only run, `total_steps=0`, needs no schedule and no training log), the
 * dataset name and TFDS split of the training data, and the required arguments of each eval's evaluator. The
 * checker reports them, the bundled trainer refuses a run on the first.
 */
import { acceptedEvalKeys } from '../evaluators';
import { CONFIG_KEYS, DURATION_FAMILIES } from '../configKeys';
import { evaluators } from '../namespaces';
import type { TrainerKind } from './trainer';
import { durationKeysPresent } from './durationKeys';
import { evalEntries, evalType, isMixture, isObject, type JsonObject, type KeyPath } from './walk';

/** One required key that is not set. */
export interface MissingKey {
  /** `key 'lr'`, `duration 'total'`, `key 'input.batch_size'`, `key 'loss_name'` (of an eval). */
  readonly what: string;
  /** Why it is needed, or how to set it. */
  readonly why: string;
  /** The path the key would have (a duration: its `_steps` spelling). */
  readonly path: KeyPath;
  /** The dict that lacks it (`[]` = the top level, `['evals', 'val']`). */
  readonly at: KeyPath;
  /** The evaluator requiring it, for an eval's key. */
  readonly evaluator?: string;
}

const REQUIRED_TOP = CONFIG_KEYS.filter((k) => k.scope === 'top' && k.required && !k.path.includes('.')).map((k) => k.path);
const REQUIRED_FAMILIES = DURATION_FAMILIES.filter((f) => f.scope === 'top' && f.required);

/** Keys only the training loop reads: an eval-only run (total_steps=0) never needs them. */
const TRAINING_ONLY = new Set(['schedule', 'log_training']);

function trainKeys(config: JsonObject, out: MissingKey[]): void {
  const evalOnly = config.total_steps === 0;
  for (const key of REQUIRED_TOP) {
    if (!(key in config) && !(evalOnly && TRAINING_ONLY.has(key))) {
      out.push({ what: `key '${key}'`, why: `big_vision.train reads config.${key} without a default`, path: [key], at: [] });
    }
  }
  for (const f of REQUIRED_FAMILIES) {
    if (evalOnly && TRAINING_ONLY.has(f.name)) continue;
    if (!durationKeysPresent(config, f.name).length && !(f.name in config)) {
      const spellings = f.units.map((u) => `${f.name}_${u}`).join(', ');
      out.push({ what: `duration '${f.name}'`, why: `set one of ${spellings} (${f.doc})`, path: [`${f.name}_steps`], at: [] });
    }
  }
  const input = config.input;
  if (!isObject(input)) return;
  if (!('batch_size' in input)) out.push({ what: "key 'input.batch_size'", why: 'the global batch size has no default', path: ['input', 'batch_size'], at: ['input'] });
  if (!('data' in input)) out.push({ what: "key 'input.data'", why: 'the training data (datasets.core.get kwargs) has no default', path: ['input', 'data'], at: ['input'] });
  const data = input.data;
  if (!isObject(data) || isMixture(data)) return;
  if (!('name' in data)) {
    out.push({ what: "key 'input.data.name'", why: "datasets.core.get needs the dataset name (a TFDS name or 'bv:jsonl')", path: ['input', 'data', 'name'], at: ['input', 'data'] });
  } else if (typeof data.name === 'string' && !data.name.startsWith('bv:') && !('split' in data)) {
    out.push({ what: "key 'input.data.split'", why: 'a TFDS source needs a split', path: ['input', 'data', 'split'], at: ['input', 'data'] });
  }
}

/** The required keys `config` lacks, as `trainer` reads it (project trainers have their own top-level keys). */
export function missingKeys(config: JsonObject, trainer: TrainerKind = 'train'): MissingKey[] {
  const out: MissingKey[] = [];
  if (trainer === 'train') trainKeys(config, out);
  for (const { name, path, value } of evalEntries(config)) {
    const spec = evaluators.get(evalType(name, value));
    if (!spec) continue;
    // batch_size is filled in by evaluators/common.py from batch_size_eval / input.batch_size.
    for (const p of acceptedEvalKeys(spec)) {
      if (p.required && p.name !== 'batch_size' && !(p.name in value)) {
        out.push({ what: `key '${p.name}'`, why: `evaluator '${spec.name}' requires it (${p.doc})`, path: [...path, p.name], at: path, evaluator: spec.name });
      }
    }
  }
  return out;
}
