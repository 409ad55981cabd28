import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { zipSync } from 'fflate';
import { saveCheckpoint, type CheckpointTree } from '../checkpoint/checkpoint';
import { readNpz, writeNpz } from '../checkpoints/npz/npz';
import { encodeNpy, type NpyArray } from '../checkpoints/npz/npy';
import { createModel } from '../models/vit';
import { resamplePosembHost } from '../models/vitLoad';
import { VIT_VANITY_NAMES } from '../registry';
import { VIT_CHECKPOINT_FILES } from '../registry/checkpointNames';
import { useBackend } from '../tf/testBackend';
import { initFromCheckpoint } from './modelInit';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

/**
 * The reference files of test/python/vit_reference.py: written by numpy now when python3-numpy is installed, else
 * the committed copies in test/fixtures/npz (made by the same script).
 */
function referenceDir(tmp: string): string {
  if (!hasNumpy) return path.join(ROOT, 'test', 'fixtures', 'npz');
  const out = path.join(tmp, 'ref');
  const r = spawnSync('python3', [path.join(ROOT, 'test', 'python', 'vit_reference.py'), out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return out;
}

const TINY = { patch_size: [4, 4], width: 16, depth: 2, num_heads: 2, mlp_dim: 32 };

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('modelLoad: config.model_init from .npz files', function () {
  this.timeout(60_000);
  useBackend('cpu');
  let tmp: string;
  let ref: string;
  let io: Map<string, NpyArray>;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-modelinit-'));
    ref = referenceDir(tmp);
    io = readNpz(path.join(ref, 'io.npz'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const images = (key: string): tf.Tensor4D => {
    const a = io.get(key) as NpyArray;
    return tf.tensor4d(a.data as Float32Array, a.shape as [number, number, number, number]);
  };

  function loadInto(model: Record<string, unknown>, numClasses: number, imageShape: number[], file: string, dontLoad: string[] = []) {
    const vit = createModel(model, numClasses);
    const init = vit.init(0, imageShape);
    const out = initFromCheckpoint(init, { modelName: 'vit', init: file, model, dontLoad });
    return { vit, ...out };
  }

  it('reads np.savez and np.savez_compressed archives in upstream layouts (pre-Linen names, params/ prefix)', () => {
    const augreg = readNpz(path.join(ref, 'vit_augreg.npz'));
    assert.deepEqual(augreg.get('Transformer/encoderblock_1/MultiHeadDotProductAttention_1/query/kernel')?.shape, [16, 2, 8]);
    assert.deepEqual(augreg.get('Transformer/posembed_input/pos_embedding')?.shape, [1, 17, 16]);
    const current = readNpz(path.join(ref, 'vit_current.npz'));
    assert.ok(current.has('params/pre_logits/kernel'), 'compressed entries and the params/ prefix are read');
    assert.ok(io.get('augreg_logits')?.data instanceof Float32Array, 'float64 arrays become float32');
  });

  it('an AugReg-layout ViT (tok pooling, [cls] in the posemb) gives numpy’s logits to 1e-4', () => {
    const { vit, params, report } = loadInto({ ...TINY, pool_type: 'tok' }, 10, [16, 16, 1], path.join(ref, 'vit_augreg.npz'));
    const logits = vit.apply(params, images('images')).logits;
    assert.ok(maxDiff(logits.dataSync(), (io.get('augreg_logits') as NpyArray).data) < 1e-4);
    assert.equal(report.loaded.length, Object.keys(params).length, 'every parameter came from the file');
    assert.deepEqual(report.conversions, ['pre-Linen module names', 'Transformer/posembed_input/pos_embedding → pos_embedding', '[cls] posemb folded into cls']);
  });

  it('today’s layout (params/ prefix, gap pooling, rep_size) gives numpy’s logits to 1e-4, also into a scan model', () => {
    const file = path.join(ref, 'vit_current.npz');
    for (const scan of [false, true]) {
      const { vit, params, report } = loadInto({ ...TINY, pool_type: 'gap', rep_size: true, scan }, 10, [16, 16, 1], file);
      assert.ok(maxDiff(vit.apply(params, images('images')).logits.dataSync(), (io.get('current_logits') as NpyArray).data) < 1e-4, `scan=${scan}`);
      assert.deepEqual(report.conversions, scan ? ['per-block → scan'] : []);
    }
  });

  it('a higher resolution resamples the posemb grid (bilinear, cls kept) and matches numpy', () => {
    const { vit, params, report } = loadInto({ ...TINY, pool_type: 'tok' }, 10, [24, 24, 1], path.join(ref, 'vit_augreg.npz'));
    assert.deepEqual(report.adapted, ['pos_embedding [1,16,16] → [1,36,16]']);
    assert.ok(maxDiff(vit.apply(params, images('hires_images')).logits.dataSync(), (io.get('augreg_hires_logits') as NpyArray).data) < 1e-4);
    const out = resamplePosembHost(io.get('posemb_in') as NpyArray, 25);
    assert.ok(maxDiff(out.data, (io.get('posemb_out') as NpyArray).data) < 1e-6, '3x3 → 5x5 as scipy.ndimage.zoom(order=1)');
  });

  it('dont_load keeps init values (a new head of another size); without it the report names the mis-shaped head', () => {
    const file = path.join(ref, 'vit_augreg.npz');
    const { params, report } = loadInto({ ...TINY, pool_type: 'tok' }, 5, [16, 16, 1], file, ['head/.*']);
    assert.deepEqual(report.skipped, ['head/kernel', 'head/bias']);
    assert.deepEqual(Array.from(params['head/kernel'].dataSync()), new Array(16 * 5).fill(0), 'head_zeroinit');
    const embedding = readNpz(file).get('embedding/kernel') as NpyArray;
    assert.deepEqual(Array.from(params['embedding/kernel'].dataSync()), Array.from(embedding.data));
    assert.throws(() => loadInto({ ...TINY, pool_type: 'tok' }, 5, [16, 16, 1], file), (err: Error) => {
      assert.match(err.message, /^config\.model_init: the checkpoint \(.*vit_augreg\.npz\) does not fit the model/);
      assert.match(err.message, /mis-shaped \(checkpoint vs model\): head\/kernel \[16,10\] vs \[16,5\], head\/bias \[10\] vs \[5\]/);
      assert.match(err.message, /dont_load/);
      return true;
    });
    assert.throws(() => loadInto({ ...TINY, pool_type: 'gap' }, 10, [16, 16, 1], file), /unexpected \(in the checkpoint, not in the model\): cls/);
  });

  it('bad files give one error naming the file (and the array)', () => {
    const notZip = path.join(tmp, 'not_a_zip.npz');
    fs.writeFileSync(notZip, 'hello');
    assert.throws(() => loadInto(TINY, 10, [16, 16, 1], notZip), /^ConfigKeyError: config\.model_init: .*not_a_zip\.npz: not a readable \.npz \(zip\) archive/);
    const bad = encodeNpy({ shape: [2], data: new Float32Array(2) });
    const text = new TextDecoder('latin1').decode(bad).replace("'<f4'", "'<c8'");
    const complex = path.join(tmp, 'complex.npz');
    fs.writeFileSync(complex, zipSync({ 'embedding/bias.npy': Uint8Array.from(text, (c) => c.charCodeAt(0)) }));
    assert.throws(() => loadInto(TINY, 10, [16, 16, 1], complex), /complex\.npz: array 'embedding\/bias': dtype '<c8' is not supported/);
    assert.throws(() => loadInto(TINY, 10, [16, 16, 1], path.join(tmp, 'nowhere.npz')), /model_init '.*nowhere\.npz' was not found/);
  });

  it('vanity names resolve to their public files, looked for in the checkpoint folder', () => {
    for (const name of VIT_VANITY_NAMES) assert.match(VIT_CHECKPOINT_FILES[name] ?? '', /^gs:\/\/.*\.npz(:img)?$/, name);
    const dir = path.join(tmp, 'ckpts');
    const model = { ...TINY, pool_type: 'tok' };
    const init = createModel(model, 10).init(0, [16, 16, 1]);
    assert.throws(() => initFromCheckpoint(init, { modelName: 'vit', init: 'howto-i21k-B/32', model, dontLoad: [] }, { checkpointDir: dir }),
      /'howto-i21k-B\/32' \(gs:\/\/vit_models\/augreg\/B_32-i21k-300ep-lr_0\.001-aug_light1-wd_0\.1-do_0\.0-sd_0\.0\.npz\) was not found\. Looked for .*ckpts\/vit_models\/augreg\/B_32.*\. Download it there: gsutil cp/);
    fs.mkdirSync(dir);
    fs.copyFileSync(path.join(ref, 'vit_augreg.npz'), path.join(dir, 'B_32-i21k-300ep-lr_0.001-aug_light1-wd_0.1-do_0.0-sd_0.0.npz'));
    const { located, report } = initFromCheckpoint(init, { modelName: 'vit', init: 'howto-i21k-B/32', model, dontLoad: [] }, { checkpointDir: dir });
    assert.equal(located.upstreamFile, VIT_CHECKPOINT_FILES['howto-i21k-B/32']);
    assert.equal(report.missing.length, 0);
  });

  it('reads a checkpoint.bv of the bundled trainer (its params/ arrays, -LAST followed)', () => {
    const model = { ...TINY, pool_type: 'gap' };
    const source = createModel(model, 10).init(3, [16, 16, 1]);
    const tree: CheckpointTree = new Map(Object.entries(source).map(([k, t]) => [`params/${k}`, { shape: t.shape, data: Float32Array.from(t.dataSync()) }]));
    tree.set('opt/count', { shape: [], data: Int32Array.of(5) });
    const base = path.join(tmp, 'run', 'checkpoint.bv');
    fs.mkdirSync(path.dirname(base));
    saveCheckpoint(base, 5, true, tree);
    const { params, report } = initFromCheckpoint(createModel(model, 10).init(0, [16, 16, 1]), { modelName: 'vit', init: base, model, dontLoad: [] });
    assert.equal(report.loaded.length, Object.keys(source).length);
    assert.deepEqual(Array.from(params['Transformer/encoder_norm/bias'].dataSync()), Array.from(source['Transformer/encoder_norm/bias'].dataSync()));
    const fromWorkdir = initFromCheckpoint(createModel(model, 10).init(0, [16, 16, 1]), { modelName: 'vit', init: path.dirname(base), model, dontLoad: [] });
    assert.equal(fromWorkdir.located.file, base, 'a workdir names its checkpoints');
  });

  it('writes .npz archives that numpy reads back', function () {
    if (!hasNumpy) this.skip();
    const file = path.join(tmp, 'out.npz');
    writeNpz(file, new Map<string, NpyArray>([['Transformer/encoder_norm/scale', { shape: [2, 3], data: Float32Array.of(1, 2, 3, 4, 5, 6.5) }], ['step', { shape: [], data: Int32Array.of(7) }]]));
    const r = spawnSync('python3', ['-c', 'import numpy as np, sys, json; z = np.load(sys.argv[1]); print(json.dumps({k: [list(v.shape), str(v.dtype), v.ravel().tolist()] for k, v in z.items()}))', file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { 'Transformer/encoder_norm/scale': [[2, 3], 'float32', [1, 2, 3, 4, 5, 6.5]], step: [[], 'int32', [7]] });
  });
});
