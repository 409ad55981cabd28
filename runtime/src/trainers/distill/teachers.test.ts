import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { checkpointBase, saveCheckpoint } from '../../checkpoint/checkpoint';
import { writeNpz } from '../../checkpoints/npz/npz';
import { ConfigKeyError } from '../../semantics/configKeyError';
import { useBackend } from '../../tf/testBackend';
import { modelFromConfig } from '../../train/model';
import { loadParams, loadTeachers } from './teachers';

const VIT = { patch_size: [4, 4], width: 16, depth: 1, num_heads: 2, mlp_dim: 32, pool_type: 'gap', posemb: 'sincos2d' };
const SHAPE = [8, 8, 1];

describe('trainers/distill/teachers', () => {
  useBackend('cpu');
  let dir: string;
  let trained: Record<string, Float32Array>;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-teachers-'));
    // "Trained" params: a seed other than the one teachers are initialised with before loading.
    const params = modelFromConfig({ name: 'vit', kwargs: VIT, numClasses: 4 }).init(42, SHAPE);
    trained = Object.fromEntries(Object.entries(params).map(([k, t]) => [k, t.dataSync() as Float32Array]));
    const tree = new Map(Object.entries(params).map(([k, t]) => [`params/${k}`, { shape: t.shape, data: trained[k] }]));
    saveCheckpoint(checkpointBase(path.join(dir, 'workdir')), 7, true, tree);
    writeNpz(path.join(dir, 'teacher.npz'), new Map(Object.entries(params).map(([k, t]) => [k, { shape: t.shape, data: trained[k] }])));
    tf.dispose(Object.values(params));
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const where of ['workdir', 'teacher.npz']) {
    it(`loads a teacher from ${where === 'workdir' ? "a bv train workdir" : 'an .npz in upstream\'s layout'}, every param as saved`, () => {
      const notes: string[] = [];
      const [t] = loadTeachers([{ name: 'prof', modelName: 'vit', model: VIT, init: path.join(dir, where) }], 4, SHAPE, (s) => notes.push(s));
      assert.deepEqual(Object.keys(t.params).sort(), Object.keys(trained).sort());
      for (const [k, v] of Object.entries(t.params)) assert.deepEqual(v.dataSync(), trained[k], k);
      assert.match(notes[0], /Initializing prof from /);
      tf.dispose(Object.values(t.params));
    });
  }

  it("loads the student's student_init the same way", () => {
    const model = modelFromConfig({ name: 'vit', kwargs: VIT, numClasses: 4 });
    for (const where of ['workdir', 'teacher.npz']) {
      const params = loadParams(model, path.join(dir, where), SHAPE, ['student_init'], 'vit', VIT);
      for (const [k, v] of Object.entries(params)) assert.deepEqual(v.dataSync(), trained[k], `${where}: ${k}`);
      tf.dispose(Object.values(params));
    }
  });

  it('refuses a teacher whose checkpoint does not fit its model, at T_init', () => {
    const wide = { ...VIT, width: 32 };
    for (const where of ['workdir', 'teacher.npz']) {
      assert.throws(() => loadTeachers([{ name: 'prof', modelName: 'vit', model: wide, init: path.join(dir, where) }], 4, SHAPE, () => undefined), (e: unknown) => {
        assert.ok(e instanceof ConfigKeyError, String(e));
        assert.equal(e.key, 'config.prof_init');
        assert.match(e.message, /shape|mis-shaped/);
        return true;
      });
    }
  });
});
