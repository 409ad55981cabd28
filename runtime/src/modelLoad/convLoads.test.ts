import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { NpyArray } from '../checkpoints/npz/npy';
import { readNpz, writeNpz } from '../checkpoints/npz/npz';
import { createBit, createBitPaper, type BitResNet } from '../models/bit';
import { createModel as createMixer } from '../models/mlpMixer';
import { useBackend } from '../tf/testBackend';
import { initFromCheckpoint } from './modelInit';
import type { HostParams } from './readParams';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

const host = (t: tf.Tensor): NpyArray => ({ shape: t.shape, data: Float32Array.from(t.dataSync()) });

describe('modelLoad: mlp_mixer and BiT checkpoints', function () {
  this.timeout(60_000);
  useBackend('cpu');
  let tmp: string;
  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-convloads-'))));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('a Mixer in the paper layout (written by numpy) loads and gives numpy’s logits to 1e-4', () => {
    let ref = path.join(ROOT, 'test', 'fixtures', 'npz');
    if (hasNumpy) {
      ref = path.join(tmp, 'mixer');
      const r = spawnSync('python3', [path.join(ROOT, 'test', 'python', 'mixer_reference.py'), ref], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    }
    const model = { patch_size: [4, 4], num_blocks: 2, hidden_dim: 16, tokens_mlp_dim: 8, channels_mlp_dim: 32 };
    const mixer = createMixer(model, 10);
    const { params, report } = initFromCheckpoint(mixer.init(0, [16, 16, 1]), { modelName: 'mlp_mixer', init: path.join(ref, 'mixer_paper.npz'), model, dontLoad: [] });
    assert.deepEqual(report.conversions, ['Mixer paper layout → MixerBlock_<i>']);
    assert.equal(report.loaded.length, Object.keys(params).length);
    const io = readNpz(path.join(ref, 'mixer_io.npz'));
    const images = io.get('images') as NpyArray;
    const logits = mixer.apply(params, tf.tensor4d(images.data as Float32Array, images.shape as [number, number, number, number])).logits.dataSync();
    const want = (io.get('logits') as NpyArray).data;
    assert.ok(Array.from(logits).every((v, i) => Math.abs(v - want[i]) < 1e-4), `${Array.from(logits).slice(0, 3)} vs ${Array.from(want).slice(0, 3)}`);
  });

  describe('BiT checkpoints (written by numpy) give numpy’s logits to 1e-4', () => {
    let ref: string;
    let io: Map<string, NpyArray>;
    before(() => {
      ref = path.join(ROOT, 'test', 'fixtures', 'npz');
      if (hasNumpy) {
        ref = path.join(tmp, 'bit');
        const r = spawnSync('python3', [path.join(ROOT, 'test', 'python', 'bit_reference.py'), ref], { encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
      }
      io = readNpz(path.join(ref, 'bit_io.npz'));
    });
    const model = { width: 0.5, depth: [1, 1] };

    function assertLogits(net: BitResNet, params: Record<string, tf.Tensor>, key: string): void {
      const images = io.get('images') as NpyArray;
      const logits = net.apply(params, tf.tensor4d(images.data as Float32Array, images.shape as [number, number, number, number])).logits.dataSync();
      const want = (io.get(key) as NpyArray).data;
      assert.equal(logits.length, want.length);
      const worst = Math.max(...Array.from(logits, (v, i) => Math.abs(v - want[i])));
      assert.ok(worst < 1e-4, `largest difference ${worst}: ${Array.from(logits).slice(0, 3)} vs ${Array.from(want).slice(0, 3)}`);
    }

    it('bit (ResNet v1) in its flax layout', () => {
      const net = createBit(model, 10);
      const { params, report } = initFromCheckpoint(net.init(0, [32, 32, 3]), { modelName: 'bit', init: path.join(ref, 'bit.npz'), model, dontLoad: [] });
      assert.equal(report.loaded.length, Object.keys(params).length);
      assertLogits(net, params, 'bit_logits');
    });

    it('bit_paper (ResNet v2) from the original release layout', () => {
      const net = createBitPaper(model, 10);
      const { params, report } = initFromCheckpoint(net.init(0, [32, 32, 3]), { modelName: 'bit_paper', init: path.join(ref, 'bit_paper_release.npz'), model, dontLoad: [] });
      assert.deepEqual(report.conversions, ['BiT TensorFlow release → bit_paper names']);
      assert.equal(report.loaded.length, Object.keys(params).length);
      assertLogits(net, params, 'bit_paper_logits');
    });
  });

  it('bit_paper reads the original BiT release (TensorFlow names under resnet/), every param in its place', () => {
    const model = { depth: [1, 1], width: 1 };
    const source = createBitPaper(model, 3).init(1, [32, 32, 3]);
    const tfNames: HostParams = new Map();
    const gn = (t: tf.Tensor): NpyArray => ({ shape: [t.shape[3] as number], data: Float32Array.from(t.dataSync()) });
    for (const [name, t] of Object.entries(source)) {
      let m: RegExpExecArray | null;
      if (name === 'root_block/conv_root/kernel') tfNames.set('resnet/root_block/standardized_conv2d/kernel', host(t));
      else if (name === 'head/kernel') tfNames.set('resnet/head/conv2d/kernel', { shape: [1, 1, ...t.shape], data: Float32Array.from(t.dataSync()) });
      else if (name === 'head/bias') tfNames.set('resnet/head/conv2d/bias', host(t));
      else if ((m = /^norm-pre-head\/(scale|bias)$/.exec(name))) tfNames.set(`resnet/group_norm/${m[1] === 'scale' ? 'gamma' : 'beta'}`, gn(t));
      else if ((m = /^(block\d)\/(unit\d+)\/conv([123])\/kernel$/.exec(name))) tfNames.set(`resnet/${m[1]}/${m[2]}/${'abc'[Number(m[3]) - 1]}/standardized_conv2d_${m[3]}/kernel`, host(t));
      else if ((m = /^(block\d)\/(unit\d+)\/conv_proj\/kernel$/.exec(name))) tfNames.set(`resnet/${m[1]}/${m[2]}/a/proj/standardized_conv2d/kernel`, host(t));
      else if ((m = /^(block\d)\/(unit\d+)\/gn([123])\/(scale|bias)$/.exec(name))) tfNames.set(`resnet/${m[1]}/${m[2]}/${'abc'[Number(m[3]) - 1]}/group_norm/${m[4] === 'scale' ? 'gamma' : 'beta'}`, gn(t));
      else assert.fail(`no TF name for ${name}`);
    }
    const file = path.join(tmp, 'BiT-M-R50x1.npz');
    writeNpz(file, tfNames);
    const { params, report } = initFromCheckpoint(createBitPaper(model, 3).init(2, [32, 32, 3]), { modelName: 'bit_paper', init: file, model, dontLoad: [] });
    assert.deepEqual(report.conversions, ['BiT TensorFlow release → bit_paper names']);
    for (const [name, t] of Object.entries(source)) assert.deepEqual(Array.from(params[name].dataSync()), Array.from(t.dataSync()), name);
  });

  it('bit squeezes the [1, 1, 1, C] GroupNorm params of old checkpoints; dont_load keeps a new head', () => {
    const model = { depth: [1], width: 0.5 };
    const source = createBit(model, 5).init(1, [16, 16, 3]);
    const old: HostParams = new Map(Object.entries(source).map(([k, t]) => [k, /(^|\/)gn(_root|_proj|\d)\//.test(k) ? { shape: [1, 1, 1, ...t.shape], data: Float32Array.from(t.dataSync()) } : host(t)]));
    const file = path.join(tmp, 'bit_old.npz');
    writeNpz(file, old);
    const { params, report } = initFromCheckpoint(createBit(model, 7).init(2, [16, 16, 3]), { modelName: 'bit', init: file, model, dontLoad: ['head/.*'] });
    assert.ok(report.adapted.some((a) => a.startsWith('gn_root/scale [1,1,1,32] → [32]')), report.adapted.join('\n'));
    assert.deepEqual(report.skipped, ['head/kernel', 'head/bias']);
    assert.deepEqual(Array.from(params['gn_root/scale'].dataSync()), Array.from(source['gn_root/scale'].dataSync()));
    assert.deepEqual(params['head/kernel'].shape, [128, 7]);
  });
});
