// The keys of upstream's distillation trainer (big_vision/trainers/proj/distill/distill.py, "Knowledge
// distillation: A good teacher is patient and consistent"): the student model under `student_name` / `student`
// (instead of train.py's `model_name` / `model`), the teachers listed in `teachers` with, for each name T,
// `T_name`, `T`, `T_init` (required: teachers are loaded, never trained) and `T_load`, and the distance between
// student and teacher logits (`distance`, `distance_kw`). Everything else reads as in train.py. `distillIssues`
// judges a config against them, for the checker and the bundled trainer alike.

import { opt, req } from './specHelpers';
import type { ParamSpec } from './types';

/** One distance of `evaluators/proj/distill/distance.py:dist`. */
export interface DistanceSpec {
  readonly name: string;
  readonly doc: string;
  /** The `distance_kw` keys it reads. */
  readonly reads: readonly string[];
}

/** The distances upstream's `dist` knows (any other kind is an assertion error). */
export const DISTANCES: readonly DistanceSpec[] = [
  { name: 'kl', doc: 't² · KL(softmax(teacher/t) ‖ softmax(student/t))', reads: ['t', 'feat_axis'] },
  { name: 'euclidean', doc: 'sqrt(Σ (student - teacher)² + epsilon) of the logits', reads: ['epsilon', 'feat_axis'] },
  { name: 'l2', doc: 'Σ (student - teacher)² of the logits', reads: ['feat_axis'] },
  { name: 'hard', doc: "cross-entropy of the student against the teacher's argmax, smoothed by ls", reads: ['ls', 'feat_axis'] },
  { name: 'logsoftmax_euclidean', doc: 'euclidean distance of the log-softmaxes', reads: ['epsilon', 'feat_axis'] },
  { name: 'agree', doc: "1 when the teacher's top-1 class is among the student's top k (an evaluation measure: no gradient)", reads: ['k', 'feat_axis'] },
];

/** `distance_kw`: the keyword arguments of `dist` besides the two logits and the kind. */
export const DISTANCE_KW: readonly ParamSpec[] = [
  opt('t', 'number', 1, 'temperature of kl'),
  opt('ls', 'number', 0.0, 'label smoothing of the pseudo-labels of hard', { defaultText: '0.0' }),
  opt('k', 'int', 1, 'top-k of agree'),
  opt('feat_axis', 'int', -1, 'class axis'),
  opt('epsilon', 'number', 1e-12, 'added under the square root of euclidean distances'),
];

/** Top-level keys of the distillation trainer that train.py does not read. */
export const DISTILL_KEYS: readonly ParamSpec[] = [
  req('student_name', 'str', "model module of the student, e.g. 'vit' (train.py's model_name)"),
  opt('student', 'dict', {}, "Model(...) kwargs of the student (train.py's model)"),
  opt('student_init', 'str', null, 'checkpoint the student starts from (when not resuming)'),
  opt('student_load', 'dict', {}, "extra load() kwargs of the student's init"),
  req('teachers', 'seq', "names of the teachers, e.g. ['prof_m']; each name T has T_name, T, T_init and T_load"),
  opt('distance', 'str', 'kl', 'distance between student and teacher logits', { choices: DISTANCES.filter((d) => d.name !== 'agree').map((d) => d.name) }),
  opt('distance_kw', 'dict', {}, 'keyword arguments of the distance (t, ls, k, feat_axis, epsilon)'),
];

/** The keys of one teacher T: `T_name`, `T`, `T_init`, `T_load`. */
export function teacherKeys(t: string): ParamSpec[] {
  return [
    req(`${t}_name`, 'str', `model module of teacher ${t}, e.g. 'vit'`),
    opt(t, 'dict', {}, `Model(...) kwargs of teacher ${t}`),
    req(`${t}_init`, 'str', `checkpoint of teacher ${t}: a workdir, a checkpoint.bv base or checkpoint folder, or an .npz`),
    opt(`${t}_load`, 'dict', {}, `extra load() kwargs of teacher ${t}`),
  ];
}

/** The predict fns the distillation trainer offers evaluators (`config.evals.*.pred`). */
export function distillPredictFns(teachers: readonly string[]): string[] {
  return ['student_fwd', ...teachers.map((t) => `${t}_fwd`), 'teacher_ensemble_fwd', ...teachers.map((t) => `student_${t}_fwd`), 'student_teacher_ensemble_fwd'];
}

/** Whether a config is written for the distillation trainer (it names teachers and a student). */
export function isDistillConfig(config: Readonly<Record<string, unknown>>): boolean {
  return 'teachers' in config && 'student_name' in config;
}

/** One distillation key at fault. */
export interface DistillIssue {
  /** missing (a required key), type, value (outside the choices) or unknown (a keyword dist does not take). */
  readonly kind: 'missing' | 'type' | 'value' | 'unknown';
  readonly path: string[];
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

const isDict = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeIssue(p: ParamSpec, value: unknown, path: string[]): DistillIssue | undefined {
  if (value === null || value === undefined) return undefined;
  const ok = p.type === 'str' ? typeof value === 'string' : p.type === 'dict' ? isDict(value) : p.type === 'seq' ? Array.isArray(value) : p.type === 'int' ? Number.isInteger(value) : typeof value === 'number';
  return ok ? undefined : { kind: 'type', path, severity: 'error', message: `must be a ${p.type} (${p.doc}), got ${JSON.stringify(value)}` };
}

/** Problems of a distillation config's own keys, in config order (none for a config that is not one). */
export function distillIssues(config: Readonly<Record<string, unknown>>): DistillIssue[] {
  if (!isDistillConfig(config)) return [];
  const out: DistillIssue[] = [];
  const check = (p: ParamSpec, at: string[] = [p.name]) => {
    if (!(p.name in config)) {
      if (p.required) out.push({ kind: 'missing', path: at, severity: 'error', message: `is required: ${p.doc}` });
      return;
    }
    const bad = typeIssue(p, config[p.name], at);
    if (bad) out.push(bad);
  };
  DISTILL_KEYS.forEach((p) => check(p));
  const teachers = config.teachers;
  if (Array.isArray(teachers)) {
    if (!teachers.length) out.push({ kind: 'value', path: ['teachers'], severity: 'error', message: 'lists no teacher: name at least one, e.g. teachers = ["prof_m"]' });
    for (const t of teachers) {
      if (typeof t !== 'string') out.push({ kind: 'type', path: ['teachers'], severity: 'error', message: `teacher names must be strings, got ${JSON.stringify(t)}` });
      else teacherKeys(t).forEach((p) => check(p));
    }
  }
  const distance = config.distance;
  if (typeof distance === 'string' && !DISTANCES.some((d) => d.name === distance && d.name !== 'agree')) {
    const known = DISTANCES.filter((d) => d.name !== 'agree').map((d) => d.name).join(', ');
    out.push({ kind: 'value', path: ['distance'], severity: 'error', message: `unknown distance '${distance}' (upstream's dist knows: ${known})` });
  }
  const kw = config.distance_kw;
  if (isDict(kw)) {
    for (const [k, v] of Object.entries(kw)) {
      const spec = DISTANCE_KW.find((p) => p.name === k);
      if (!spec) out.push({ kind: 'unknown', path: ['distance_kw', k], severity: 'error', message: `is not an argument of dist (it takes: ${DISTANCE_KW.map((p) => p.name).join(', ')})` });
      else {
        const bad = typeIssue(spec, v, ['distance_kw', k]);
        if (bad) out.push(bad);
      }
    }
  }
  return out;
}
