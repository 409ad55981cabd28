import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../../tf/testBackend';
import { distance } from './distances';

const KW = { t: 1, ls: 0, k: 1, epsilon: 1e-12 };
const softmax = (xs: number[]) => {
  const e = xs.map(Math.exp);
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};
const close = (a: number[], b: number[], tol = 1e-5) => a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) <= tol, `${v} vs ${b[i]}`));

describe('trainers/distill/distances', () => {
  useBackend('cpu');
  const s = [[1, 2, 0.5], [0, 0, 3]];
  const t = [[2, 0, 1], [0.5, 0.5, 0.5]];
  const d = (kind: string, kw = KW) => {
    const [a, b] = [tf.tensor2d(s), tf.tensor2d(t)];
    const out = Array.from(distance(a, b, kind, kw).dataSync());
    tf.dispose([a, b]);
    return out;
  };

  it('euclidean, l2 and logsoftmax_euclidean per example', () => {
    const l2 = s.map((row, i) => row.reduce((acc, v, j) => acc + (v - t[i][j]) ** 2, 0));
    close(d('l2'), l2);
    close(d('euclidean'), l2.map(Math.sqrt));
    const ls = (xs: number[]) => softmax(xs).map(Math.log);
    close(d('logsoftmax_euclidean'), s.map((row, i) => Math.sqrt(ls(row).reduce((acc, v, j) => acc + (v - ls(t[i])[j]) ** 2, 0))));
  });

  it('kl is t² KL(softmax(teacher/t) || softmax(student/t))', () => {
    for (const temp of [1, 2]) {
      const kl = s.map((row, i) => {
        const p = softmax(t[i].map((v) => v / temp));
        const q = softmax(row.map((v) => v / temp));
        return temp * temp * p.reduce((acc, pv, j) => acc + pv * Math.log(pv / q[j]), 0);
      });
      close(d('kl', { ...KW, t: temp }), kl);
    }
    assert.ok(Math.abs(d('kl', KW)[0]) > 0.1 && Math.abs(distance(tf.tensor2d(t), tf.tensor2d(t), 'kl', KW).dataSync()[0]) < 1e-6);
  });

  it("hard is the cross-entropy against the teacher's argmax, smoothed by ls", () => {
    const q = softmax(s[0]);
    close([d('hard')[0]], [-Math.log(q[0])]);
    // ls=0.3 over 3 classes: targets (0.7, 0.15, 0.15), minus their entropy (kl=True).
    const p = [0.7, 0.15, 0.15];
    close([d('hard', { ...KW, ls: 0.3 })[0]], [p.reduce((acc, pv, j) => acc + pv * Math.log(pv / q[j]), 0)]);
  });

  it("agree: whether the teacher's top-1 is in the student's top k", () => {
    assert.deepEqual(d('agree'), [0, 0]);
    assert.deepEqual(d('agree', { ...KW, k: 2 }), [1, 1], 'row 0: top-2 of (1, 2, 0.5) holds class 0');
    assert.deepEqual(d('agree', { ...KW, k: 3 }), [1, 1]);
  });
});
