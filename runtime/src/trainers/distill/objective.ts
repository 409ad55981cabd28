/**
 * The distillation trainer's step and predict fns (upstream `distill.py`'s `loss_fn` and `predict_fns`):
 * "function matching", the teachers see exactly the batch the student sees (after the pp string's augmentation and
 * mixup), in inference mode, and the loss is the sum over teachers of the mean distance between the student's and
 * the teacher's logits. Measured as upstream: `distill_loss`, `distill_loss_<T>`, `entropy_<m>` and, when the batch
 * has labels, `task_loss_<m>` for the student and every teacher.
 */
import * as tf from '@tensorflow/tfjs';
import type { HostData } from '../../data/hostTensor';
import type { PredictOutputs } from '../../evaluators/types';
import type { KeyPath } from '../../registry';
import type { Forward } from '../../train/predict';
import { imagesOf, type Objective } from '../../train/update';
import { distance } from './distances';
import type { DistillSettings } from './settings';
import type { Teacher } from './teachers';

/** Mean over the batch of the entropy of softmax(logits). */
function entropy(logits: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.logSoftmax(logits).mul(tf.softmax(logits)).sum(-1).neg().mean() as tf.Scalar);
}

/** Mean softmax cross-entropy against (possibly soft) labels. */
function taskLoss(logits: tf.Tensor2D, labels: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => labels.mul(tf.logSoftmax(logits)).sum(-1).neg().mean() as tf.Scalar);
}

/** The student's objective against the teachers. */
export function distillObjective(settings: DistillSettings, teachers: readonly Teacher[]): Objective {
  const dist = (s: tf.Tensor2D, t: tf.Tensor2D) => distance(s, t, settings.distance, settings.distanceKw).mean() as tf.Scalar;
  return {
    needsLabels: false,
    batch(images, labels) {
      const teacherLogits = teachers.map((t) => tf.tidy(() => t.model.apply(t.params, images).logits as tf.Tensor2D));
      return {
        loss: (logits) => tf.tidy(() => tf.addN(teacherLogits.map((tl) => dist(logits, tl))) as tf.Scalar),
        measure(logits) {
          const m: Record<string, tf.Scalar> = {};
          const all: [string, tf.Tensor2D][] = [['student', logits], ...teachers.map((t, i): [string, tf.Tensor2D] => [t.name, teacherLogits[i]])];
          for (const [name, lg] of all) {
            m[`entropy_${name}`] = entropy(lg);
            if (labels) m[`task_loss_${name}`] = taskLoss(lg, labels);
          }
          teachers.forEach((t, i) => (m[`distill_loss_${t.name}`] = dist(logits, teacherLogits[i])));
          m.distill_loss = tf.addN(teachers.map((t) => m[`distill_loss_${t.name}`])) as tf.Scalar;
          return m;
        },
        dispose: () => tf.dispose(teacherLogits),
      };
    },
  };
}

/** A teacher's forward pass (inference mode). */
function teacherForward(t: Teacher): Forward {
  return (batch: HostData, pp: KeyPath) =>
    tf.tidy(() => {
      const { logits, out } = t.model.apply(t.params, imagesOf(batch, pp));
      return { logits: logits as tf.Tensor2D, out: { ...out } };
    });
}

/** Mean of the teachers' softmax outputs (upstream returns probabilities here, and no named outputs). */
function ensembleForward(teachers: readonly Teacher[]): Forward {
  return (batch, pp) =>
    tf.tidy(() => {
      const images = imagesOf(batch, pp);
      const probs = teachers.map((t) => tf.softmax(t.model.apply(t.params, images).logits as tf.Tensor2D));
      return { logits: tf.addN(probs).div(teachers.length) as tf.Tensor2D, out: {} };
    });
}

/** The single-model predict fns of a distillation run: `student_fwd`, `<T>_fwd`, `teacher_ensemble_fwd`. */
export function distillForwards(student: Forward, teachers: readonly Teacher[]): Record<string, Forward> {
  return {
    student_fwd: student,
    ...Object.fromEntries(teachers.map((t) => [`${t.name}_fwd`, teacherForward(t)])),
    teacher_ensemble_fwd: ensembleForward(teachers),
  };
}

/** The (student, teacher) predict fns of the distance evaluator: `student_<T>_fwd`, `student_teacher_ensemble_fwd`. */
export function distillPairFns(fns: Readonly<Record<string, Forward>>, teachers: readonly Teacher[]): Record<string, (batch: HostData, pp: KeyPath) => [PredictOutputs, PredictOutputs]> {
  const names = [...teachers.map((t) => t.name), 'teacher_ensemble'];
  return Object.fromEntries(names.map((n) => [`student_${n}_fwd`, (batch: HostData, pp: KeyPath) => [fns.student_fwd(batch, pp), fns[`${n}_fwd`](batch, pp)]]));
}
