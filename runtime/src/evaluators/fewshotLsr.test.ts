import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { float32, int32, type HostData } from '../data/hostTensor';
import { useBackend } from '../tf/testBackend';
import { fewshotLsr } from './fewshotLsr';
import { fitProbe, matOf, probeAccuracy } from './fewshotSolve';
import type { EvalState, EvaluatorContext } from './types';

interface Problem {
  classes: number;
  l2_reg: number;
  x: number[][];
  y: number[];
  x_test: number[][];
  y_test: number[];
  weights: number[][];
  accuracy: number;
}

const ROOT = path.resolve(__dirname, '..', '..', '..');
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'fewshot', 'lsr_reference.json');

/**
 * Upstream's procedure in numpy (test/python/fewshot_lsr_reference.py), run now when python3-numpy is installed,
 * else the committed output of the same script.
 */
function reference(): Record<string, Problem> {
  if (spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0) {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bv-lsr-')), 'ref.json');
    const r = spawnSync('python3', [path.join(ROOT, 'test', 'python', 'fewshot_lsr_reference.py'), out], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(fs.readFileSync(out, 'utf8')) as Record<string, Problem>;
  }
  return JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as Record<string, Problem>;
}

/** Batches of a problem's split: `image` holds the representation, `label` the class. */
function batches(xs: number[][], ys: number[], size: number): HostData[] {
  const out: HostData[] = [];
  for (let i = 0; i < xs.length; i += size) {
    const rows = xs.slice(i, i + size);
    out.push({ image: float32([rows.length, rows[0].length], Float32Array.from(rows.flat())), label: int32([rows.length], Int32Array.from(ys.slice(i, i + size))) });
  }
  return out;
}

describe('evaluators/fewshot_lsr', () => {
  useBackend('cpu');
  const ref = reference();

  it('solves the ridge probe as upstream does in numpy (both shapes of the problem)', () => {
    for (const [name, p] of Object.entries(ref)) {
      const probe = fitProbe(matOf(p.x, p.x[0].length), p.y, p.classes, p.l2_reg);
      const w = probe.weights;
      const scale = Math.max(...p.weights.flat().map(Math.abs));
      p.weights.forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(w.data[i * w.cols + j] - v) <= 1e-8 * scale, `${name} W[${i}][${j}]: ${w.data[i * w.cols + j]} vs ${v}`)));
      assert.equal(probeAccuracy(probe, matOf(p.x_test, p.x_test[0].length), p.y_test), p.accuracy, name);
    }
  });

  it('runs per seed and shot count on the predict fn\'s representation, named as upstream', async () => {
    const p = ref.more_points;
    const seen: string[] = [];
    const ctx: EvaluatorContext = {
      async *evalBatches(opts) {
        seen.push(`${String(opts.data.name)}:${String(opts.data.split)}:${opts.ppKey ?? 'pp_fn'}`);
        yield* opts.data.split === 'train' ? batches(p.x, p.y, 16) : batches(p.x_test, p.y_test, 16);
      },
      loss: () => assert.fail('no loss'),
      classCount: () => p.classes,
    };
    // The "model": logits are garbage, pre_logits are the representations.
    const state: EvalState = {
      predict: () => assert.fail('fewshot reads outputs'),
      outputs: (b) => ({ logits: tf.zeros([b.image.shape[0], 2]) as tf.Tensor2D, out: { pre_logits: tf.tensor2d(b.image.data as Float32Array, [b.image.shape[0], b.image.shape[1]]) } }),
    };
    const kwargs = {
      datasets: { toy: ['toy', 'train', 'test'] }, shots: [1, 20], l2_reg: p.l2_reg, pp_train: 'keep("image", "label")', pp_eval: 'keep("image", "label")',
      display_first: [['toy', 20]], representation_layer: 'pre_logits', num_seeds: 2, label_key: 'label', mask_key: '_mask', data_dir: null, batch_size: 16,
    };
    const before = tf.memory().numTensors;
    const out = new Map<string, number>();
    for await (const [k, v] of fewshotLsr.create({ name: 'fewshot', path: ['evals', 'fewshot'], pred: 'predict', kwargs }, ctx).run(state)) out.set(k, v);
    assert.deepEqual([...out.keys()], ['z/toy_1shot-seed-0', 'a/toy_20shot-seed-0', 'z/toy_1shot-seed-1', 'a/toy_20shot-seed-1']);
    assert.deepEqual(seen, ['toy:train:pp_train', 'toy:test:pp_eval'], 'representations computed once per run');
    // 20 shots take every training point (13-14 a class): the probe is numpy's, whatever the seed.
    assert.equal(out.get('a/toy_20shot-seed-0'), p.accuracy);
    assert.equal(out.get('a/toy_20shot-seed-1'), p.accuracy);
    assert.ok((out.get('z/toy_1shot-seed-0') as number) >= 0 && (out.get('z/toy_1shot-seed-0') as number) <= 1);
    assert.equal(tf.memory().numTensors, before, 'no leaked tensors');
  });

  it('names the key when the representation layer does not exist', async () => {
    const p = ref.more_dims;
    const ctx: EvaluatorContext = { evalBatches: async function* () { yield* batches(p.x, p.y, 8); }, loss: () => assert.fail('no loss') };
    const state: EvalState = { predict: () => assert.fail(''), outputs: (b) => ({ logits: tf.zeros([b.image.shape[0], 2]) as tf.Tensor2D, out: {} }) };
    const kwargs = { datasets: { d: ['d', 'train', 'test'] }, shots: [1], l2_reg: 1, pp_train: '', pp_eval: '', display_first: [], representation_layer: 'pre_logits', num_seeds: 1, label_key: 'label', batch_size: 8 };
    await assert.rejects(async () => {
      for await (const _ of fewshotLsr.create({ name: 'f', path: ['evals', 'f'], pred: 'predict', kwargs }, ctx).run(state)) void _;
    }, /config\.evals\.f\.representation_layer: the predict fn has no output 'pre_logits'/);
  });
});
