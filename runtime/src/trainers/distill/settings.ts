/**
 * A distillation config as the bundled trainer reads it (upstream `trainers/proj/distill/distill.py`): the
 * registry's distillation keys checked (`distillIssues`), the teachers with their model and checkpoint, and the
 * distance. The rest of the config reads as train.py's, with the student under `student_name` / `student`:
 * `distillView` hands train.py's resolution a config with those keys renamed, and `renameStudentKeys` puts the
 * student's key names back into its errors.
 */
import { distillIssues, distillPredictFns, DISTILL_KEYS, isDistillConfig, teacherKeys, type JsonObject, type JsonValue } from '../../registry';
import { ConfigKeyError } from '../../semantics/configKeyError';

export { isDistillConfig };

/** One teacher: its name in `teachers`, its model and the checkpoint it is loaded from. */
export interface TeacherSettings {
  readonly name: string;
  readonly modelName: string;
  readonly model: Readonly<Record<string, unknown>>;
  readonly init: string;
}

/** `dist`'s keyword arguments. */
export interface DistanceKw {
  readonly t: number;
  readonly ls: number;
  readonly k: number;
  readonly epsilon: number;
}

export interface DistillSettings {
  readonly teachers: readonly TeacherSettings[];
  /** `distance`: kl (default), euclidean, l2, hard, logsoftmax_euclidean. */
  readonly distance: string;
  readonly distanceKw: DistanceKw;
  /** `student_init`: a checkpoint the student starts from when the run does not resume. */
  readonly studentInit?: string;
}

const isDict = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The distillation keys of `config`, checked; throws a ConfigKeyError at the first problem. */
export function distillSettings(config: JsonObject): DistillSettings {
  const [first] = distillIssues(config).filter((i) => i.severity === 'error');
  if (first) throw new ConfigKeyError(first.path, first.message);
  const teachers = (config.teachers as string[]).map((name): TeacherSettings => ({
    name,
    modelName: config[`${name}_name`] as string,
    model: isDict(config[name]) ? (config[name] as JsonObject) : {},
    init: config[`${name}_init`] as string,
  }));
  const kw = isDict(config.distance_kw) ? config.distance_kw : {};
  const num = (k: string, d: number) => (typeof kw[k] === 'number' ? (kw[k] as number) : d);
  if (num('feat_axis', -1) !== -1) throw new ConfigKeyError(['distance_kw', 'feat_axis'], 'the bundled trainer distils logits [batch, classes]: only feat_axis=-1');
  const studentInit = typeof config.student_init === 'string' && config.student_init ? config.student_init : undefined;
  return {
    teachers,
    distance: typeof config.distance === 'string' ? config.distance : 'kl',
    distanceKw: { t: num('t', 1), ls: num('ls', 0), k: num('k', 1), epsilon: num('epsilon', 1e-12) },
    ...(studentInit ? { studentInit } : {}),
  };
}

/** The predict fns offered to evaluators. */
export const PREDICT_FNS_OF_DISTILL = (d: DistillSettings): string[] => distillPredictFns(d.teachers.map((t) => t.name));

/** `config` as train.py would read it: the student as `model_name` / `model`, the distillation keys removed. */
export function distillView(config: { [key: string]: JsonValue }): { [key: string]: JsonValue } {
  const own = new Set([...DISTILL_KEYS.map((p) => p.name), ...(config.teachers as string[]).flatMap((t) => teacherKeys(t).map((p) => p.name))]);
  const view: { [key: string]: JsonValue } = {};
  for (const [k, v] of Object.entries(config)) if (!own.has(k)) view[k] = v;
  view.model_name = config.student_name;
  view.model = config.student ?? {};
  return view;
}

const RENAMED: Readonly<Record<string, string>> = { model_name: 'student_name', model: 'student' };

/** Runs train.py's resolution of the view; an error at `model_name` / `model` is put back at the student's key. */
export function renameStudentKeys<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    const to = err instanceof ConfigKeyError ? RENAMED[err.path[0]] : undefined;
    if (!to || !(err instanceof ConfigKeyError)) throw err;
    const path = [to, ...err.path.slice(1)];
    throw new ConfigKeyError(path, err.message.slice(err.key.length + 2).replaceAll('config.model_name', 'config.student_name'), { cause: err });
  }
}
