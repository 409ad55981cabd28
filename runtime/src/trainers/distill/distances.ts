/**
 * The distances of upstream's `evaluators/proj/distill/distance.py:dist` between student and teacher logits
 * `[batch, classes]`, per example (`[batch]`): `kl` (t² · KL of the tempered softmaxes, via `softmax_xent(...,
 * kl=True)`), `euclidean`, `l2`, `hard` (cross-entropy against the teacher's argmax, optionally smoothed),
 * `logsoftmax_euclidean` and `agree` (whether the teacher's top-1 class is in the student's top k).
 */
import * as tf from '@tensorflow/tfjs';
import type { DistanceKw } from './settings';

/** upstream `softmax_xent(logits, labels, reduction=False, kl=True)`: cross-entropy minus the labels' entropy. */
function softmaxXentKl(logits: tf.Tensor2D, labels: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const nll = labels.mul(tf.logSoftmax(logits)).sum(-1).neg();
    return nll.add(labels.mul(labels.clipByValue(1e-8, Infinity).log()).sum(-1)) as tf.Tensor1D;
  });
}

/** `dist(student, teacher, kind, **kw)` per example. */
export function distance(student: tf.Tensor2D, teacher: tf.Tensor2D, kind: string, kw: DistanceKw): tf.Tensor1D {
  return tf.tidy(() => {
    const diff = student.sub(teacher);
    switch (kind) {
      case 'euclidean':
        return diff.square().sum(-1).add(kw.epsilon).sqrt() as tf.Tensor1D;
      case 'l2':
        return diff.square().sum(-1) as tf.Tensor1D;
      case 'hard': {
        const classes = teacher.shape[1];
        let pl = tf.oneHot(teacher.argMax(-1), classes).toFloat() as tf.Tensor2D;
        if (kw.ls) pl = pl.mul(1 - kw.ls).add(tf.onesLike(pl).sub(pl).mul(kw.ls / (classes - 1)));
        return softmaxXentKl(student, pl);
      }
      case 'kl':
        return softmaxXentKl(student.div(kw.t) as tf.Tensor2D, tf.softmax(teacher.div(kw.t)) as tf.Tensor2D).mul(kw.t * kw.t) as tf.Tensor1D;
      case 'logsoftmax_euclidean': {
        const d = tf.logSoftmax(student).sub(tf.logSoftmax(teacher));
        return d.square().sum(-1).add(kw.epsilon).sqrt() as tf.Tensor1D;
      }
      case 'agree': {
        const top1 = teacher.argMax(-1).expandDims(1);
        const topk = tf.topk(student, Math.min(kw.k, student.shape[1])).indices;
        return topk.equal(top1).toFloat().sum(-1) as tf.Tensor1D;
      }
      default:
        throw new Error(`unknown distance '${kind}'`);
    }
  });
}
