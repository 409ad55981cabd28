import * as assert from 'node:assert/strict';
import { makeToyDataset, tempDir } from '../../../test/fixtures/data/toyDataset';
import { int32, uint8, type HostData } from '../data/hostTensor';
import { inputPipeline } from '../data/pipeline';
import { openTfds } from '../data/tfds';
import { ppOps } from '../registry';
import { buildPreprocess, PpBuildError } from './builder';
import { ppImpls } from './registerAll';

describe('buildPreprocess', () => {
  it('implements every op the registry marks as bundled, and only those', () => {
    const bundled = ppOps.list().filter((s) => s.bundled).map((s) => s.name).sort();
    assert.deepEqual(ppImpls.names().sort(), bundled);
    assert.ok(bundled.length >= 14);
  });

  it('names an unknown op, the config key, suggestions and the ops that exist', () => {
    assert.throws(() => buildPreprocess('decode|resise(224)', { configKey: 'input.pp' }), (err: unknown) => {
      assert.ok(err instanceof PpBuildError);
      assert.match(err.message, /Unknown pp op 'resise' in config key input\.pp\. Did you mean 'resize'.*The bundled trainer runs: .*value_range.*decode_jpeg_and_inception_crop/);
      return true;
    });
  });

  it('names an upstream op the bundled trainer lacks', () => {
    assert.throws(() => buildPreprocess('decode|resize_long(256)', { configKey: 'evals.val.pp_fn' }),
      /pp op 'resize_long' in config key evals\.val\.pp_fn is an upstream op \(ops_image\) that the bundled trainer does not implement; it runs: .*flip_lr/);
  });

  it('reports syntax and binding errors as upstream would raise them', () => {
    assert.throws(() => buildPreprocess('decode|resize(224', { configKey: 'input.pp' }), /Syntax error in config key input\.pp at op #2 \('resize\(224'\)/);
    assert.throws(() => buildPreprocess('resize(size=2, sise=3)'), /unexpected keyword argument 'sise'/);
    assert.throws(() => buildPreprocess('onehot()'), /missing required argument 'depth'/);
    assert.throws(() => buildPreprocess('resize((1, 2, 3))', { configKey: 'input.pp' }), /In config key input\.pp, op 'resize\(\(1, 2, 3\)\)': resize: size must be a positive int or \(height, width\)/);
  });

  it('treats None and the empty string as identity, and keeps the caller\'s dict', async () => {
    const data: HostData = { label: int32([], Int32Array.of(1)) };
    assert.deepEqual(Object.keys(await buildPreprocess('')(data, 0)), ['label']);
    await buildPreprocess('copy("label", "labels")')(data, 0);
    assert.deepEqual(Object.keys(data), ['label']);
  });

  it('names the failing op and its position at run time', async () => {
    const pp = buildPreprocess('value_range|central_crop(9)', { configKey: 'input.pp' });
    await assert.rejects(Promise.resolve(pp({ image: uint8([2, 2, 1]) }, 0)), /pp op 'central_crop' \(#2 in config key input\.pp\): crop 9x9 at .* does not fit a 2x2 image/);
  });

  it('runs the ops inside the input pipeline, batched', async () => {
    const tmp = tempDir();
    try {
      await makeToyDataset(tmp.dir, { train: 6, trainShards: 2 });
      const pp = buildPreprocess('decode|resize(6)|random_crop(5)|flip_lr|value_range(0, 1)|onehot(3, key="label", key_result="labels")|keep("image", "labels")', { configKey: 'input.pp' });
      const source = openTfds({ name: 'toy_digits', split: 'train', dataDir: tmp.dir });
      const run = async (): Promise<HostData> => {
        const p = inputPipeline({ source, preprocess: pp, batchSize: 4, shuffleBufferSize: 6, seed: 1 });
        const { value } = await p.next();
        await p.return();
        return value as HostData;
      };
      const batch = await run();
      assert.deepEqual(Object.keys(batch).sort(), ['image', 'labels']);
      assert.deepEqual([batch.image.dtype, batch.image.shape], ['float32', [4, 5, 5, 3]]);
      assert.deepEqual([batch.labels.dtype, batch.labels.shape], ['float32', [4, 3]]);
      // Each toy image is flat grey 10 * index / 255, and its label is index % 3.
      for (let i = 0; i < 4; i++) {
        const index = Math.round(((batch.image.data as Float32Array)[i * 75] * 255) / 10);
        const hot = Array.from((batch.labels.data as Float32Array).slice(i * 3, i * 3 + 3));
        assert.equal(hot.indexOf(1), index % 3);
      }
      assert.deepEqual(await run(), batch);
    } finally {
      tmp.cleanup();
    }
  });
});
