/**
 * The teachers of a distillation run: each built as `Model(num_classes, **config.T)` of `config.T_name` and loaded
 * from `config.T_init`: a checkpoint the bundled trainer wrote (a workdir, its `checkpoint.bv` base, or one
 * `checkpoint.bv-<step>` folder; only `params/` is read), or a released one (an `.npz` file or a vanity name, read
 * by the model's `load` as `model_init` is). Every parameter must be there with the model's shape: a teacher is
 * never trained, so a missing one could not be learnt. The student's `student_init` loads the same way.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { checkpointBase, lastCheckpoint, loadCheckpoint } from '../../checkpoint/checkpoint';
import type { Model, Params } from '../../models/types';
import type { KeyPath } from '../../registry';
import { formatReport, reportFails } from '../../modelLoad/merge';
import { initFromCheckpoint } from '../../modelLoad/modelInit';
import { ConfigKeyError } from '../../semantics/configKeyError';
import { modelFromConfig } from '../../train/model';
import { treeToState } from '../../train/state';
import type { TeacherSettings } from './settings';

/** A loaded teacher. */
export interface Teacher {
  readonly name: string;
  readonly model: Model;
  readonly params: Params;
}

/** The checkpoint a `*_init` path names: a workdir means its newest checkpoint. */
export function checkpointOf(p: string): string {
  const inWorkdir = checkpointBase(p);
  if (lastCheckpoint(inWorkdir)) return inWorkdir;
  return p;
}

/** Params of a model loaded from a released checkpoint (`.npz` or vanity name) through its module's `load`. */
function loadReleased(model: Model, modelName: string, kwargs: Readonly<Record<string, unknown>>, init: string, imageShape: readonly number[], path: KeyPath): Params {
  try {
    const { params, report } = initFromCheckpoint(model.init(0, imageShape), { modelName, init, model: kwargs, dontLoad: [] });
    if (reportFails(report)) {
      tf.dispose(Object.values(params));
      throw new ConfigKeyError(path, `${init} does not fit the model: ${formatReport(report).join('; ')}`);
    }
    return params;
  } catch (err) {
    if (err instanceof ConfigKeyError && err.path[0] !== path[0]) throw new ConfigKeyError(path, err.message.slice(err.key.length + 2).replace(/^model_init /, ''), { cause: err });
    throw err;
  }
}

/** Whether `init` names a released checkpoint rather than one `bv train` wrote. */
const isReleased = (init: string) => /\.npz(:|$)/.test(init) || !fs.existsSync(checkpointOf(init).replace(/:[^/]*$/, ''));

/**
 * Params of `model` (module `modelName`, kwargs `kwargs`) loaded from checkpoint `init`; the key at `path` names
 * it, for errors.
 */
export function loadParams(model: Model, init: string, imageShape: readonly number[], path: KeyPath, modelName = '', kwargs: Readonly<Record<string, unknown>> = {}): Params {
  const where = checkpointOf(init);
  if (modelName && isReleased(init) && !lastCheckpoint(where)) return loadReleased(model, modelName, kwargs, init, imageShape, path);
  if (!fs.existsSync(where) && !lastCheckpoint(where)) {
    throw new ConfigKeyError(path, `no checkpoint at ${init} (give a workdir of bv train, its checkpoint.bv, or a checkpoint.bv-<step> folder)`);
  }
  const expected = model.init(0, imageShape);
  try {
    const state = treeToState(loadCheckpoint(where, 'params/'), expected, where);
    return state.params;
  } catch (err) {
    throw new ConfigKeyError(path, (err as Error).message.replace(/ Use a new --workdir, or restore the config it was trained with\.$/, ' Set the model keys it was trained with.'), { cause: err });
  } finally {
    tf.dispose(Object.values(expected));
  }
}

/** Builds and loads every teacher. */
export function loadTeachers(teachers: readonly TeacherSettings[], numClasses: number | null, imageShape: readonly number[], note: (s: string) => void): Teacher[] {
  const out: Teacher[] = [];
  try {
    for (const t of teachers) {
      let model: Model;
      try {
        model = modelFromConfig({ name: t.modelName, kwargs: t.model, numClasses });
      } catch (err) {
        if (!(err instanceof ConfigKeyError)) throw err;
        const key = err.path[0] === 'model_name' ? `${t.name}_name` : t.name;
        throw new ConfigKeyError([key, ...err.path.slice(1)], err.message.slice(err.key.length + 2), { cause: err });
      }
      note(`Initializing ${t.name} from ${path.resolve(t.init)}...`);
      out.push({ name: t.name, model, params: loadParams(model, t.init, imageShape, [`${t.name}_init`], t.modelName, t.model) });
    }
  } catch (err) {
    for (const t of out) tf.dispose(Object.values(t.params));
    throw err;
  }
  return out;
}
