/**
 * What the bundled trainer adds for a distillation config (upstream `trainers/proj/distill/distill.py`): the
 * teachers, loaded from their checkpoints before anything trains (they are never checkpointed themselves, as
 * upstream), the student's objective, the predict fns evaluators may name, `num_params_<model>`, and the student's
 * `student_init` when the run does not resume.
 */
import * as tf from '@tensorflow/tfjs';
import type { Model, Params } from '../../models/types';
import type { Forward, PairForward } from '../../train/predict';
import type { Objective } from '../../train/update';
import { distillForwards, distillObjective, distillPairFns } from './objective';
import type { DistillSettings } from './settings';
import { loadParams, loadTeachers, type Teacher } from './teachers';

export interface DistillRun {
  readonly teachers: readonly Teacher[];
  readonly objective: Objective;
  /** The single-model predict fns, given the student's. */
  forwards(student: Forward): Record<string, Forward>;
  /** The (student, teacher) predict fns, given the single ones. */
  pairs(fns: Readonly<Record<string, Forward>>): Record<string, PairForward>;
  /** `num_params_<teacher>` (upstream also writes the student's, as `num_params_student`). */
  measureParams(measure: (name: string, value: number) => void, student: Params): void;
  /** The student's params from `student_init`; `params` (disposed here) when it is unset. */
  initStudent(model: Model, params: Params, imageShape: readonly number[]): Params;
  dispose(): void;
}

const count = (p: Params) => Object.values(p).reduce((n, t) => n + t.size, 0);

/** Loads the teachers of `settings`; errors name the teacher's config key. */
export function startDistill(settings: DistillSettings, opts: { numClasses: number | null; imageShape: readonly number[]; note: (s: string) => void; student?: { name: string; kwargs: Readonly<Record<string, unknown>> } }): DistillRun {
  const teachers = loadTeachers(settings.teachers, opts.numClasses, opts.imageShape, opts.note);
  return {
    teachers,
    objective: distillObjective(settings, teachers),
    forwards: (student) => distillForwards(student, teachers),
    pairs: (fns) => distillPairFns(fns, teachers),
    measureParams(measure, student) {
      measure('num_params_student', count(student));
      for (const t of teachers) measure(`num_params_${t.name}`, count(t.params));
    },
    initStudent(model, params, imageShape) {
      if (!settings.studentInit) return params;
      opts.note(`Initialize student from ${settings.studentInit}...`);
      const loaded = loadParams(model, settings.studentInit, imageShape, ['student_init'], opts.student?.name, opts.student?.kwargs);
      tf.dispose(Object.values(params));
      return loaded;
    },
    dispose: () => teachers.forEach((t) => tf.dispose(Object.values(t.params))),
  };
}
