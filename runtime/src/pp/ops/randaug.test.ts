import * as assert from 'node:assert/strict';
import { float32, uint8, type HostData } from '../../data/hostTensor';
import { buildPreprocess } from '../builder';
import * as A from '../augment';
import { RANDAUG_OPS } from './randaug';

const run = (pp: string, data: HostData, seed = 0): Promise<HostData> => buildPreprocess(pp)(data, seed) as Promise<HostData>;
/** A 1-channel image from rows of values. */
const img = (rows: number[][]): A.Img => ({ h: rows.length, w: rows[0].length, c: 1, data: Uint8Array.from(rows.flat()) });
const rows = (i: A.Img): number[][] => Array.from({ length: i.h }, (_, y) => Array.from(i.data.subarray(y * i.w * i.c, (y + 1) * i.w * i.c)));

describe('pp ops: randaug', () => {
  const x = img([[0, 50, 100], [150, 200, 250], [10, 20, 30]]);

  it('pixel transforms compute as upstream (autoaugment.py)', () => {
    assert.deepEqual(rows(A.invert(x)), [[255, 205, 155], [105, 55, 5], [245, 235, 225]]);
    assert.deepEqual(rows(A.posterize(x, 2)), [[0, 0, 64], [128, 192, 192], [0, 0, 0]]);
    assert.deepEqual(rows(A.solarize(x, 128)), [[0, 50, 100], [105, 55, 5], [10, 20, 30]]);
    assert.deepEqual(rows(A.solarizeAdd(x, 110)), [[110, 160, 210], [150, 200, 250], [120, 130, 140]]);
    // Autocontrast stretches [0, 250] to [0, 255], truncating: 50 * 1.02 = 51.
    assert.deepEqual(rows(A.autocontrast(x))[0], [0, 51, 102]);
    // Brightness 0.5 halves (truncated); 1.5 extrapolates and clips.
    assert.deepEqual(rows(A.brightness(x, 0.5))[1], [75, 100, 125]);
    assert.deepEqual(rows(A.brightness(x, 1.5))[1], [225, 255, 255]);
    // Contrast blends with the pixel count / 256 (9 / 256 → 0), upstream's histogram "mean".
    assert.deepEqual(rows(A.contrast(x, 0.5))[0], [0, 25, 50]);
    // Equalize: 9 distinct values, step = (9 - 1) // 255 = 0: unchanged.
    assert.deepEqual(rows(A.equalize(x)), rows(x));
    const flat = img([[0, 0, 0, 0], [255, 255, 255, 255]]);
    assert.deepEqual(rows(A.equalize(flat)), rows(flat));
    // Sharpness keeps the border and smooths the centre: (5*200 + the 8 neighbours) / 13 = 1610 / 13 → 123.
    assert.deepEqual(rows(A.sharpness(x, 0))[1], [150, 123, 250]);
  });

  it('geometric transforms sample nearest and fill what comes from outside with the replace value', () => {
    assert.deepEqual(rows(A.translateX(x, 1, 128)), [[50, 100, 128], [200, 250, 128], [20, 30, 128]]);
    assert.deepEqual(rows(A.translateY(x, -1, 128)), [[128, 128, 128], [0, 50, 100], [150, 200, 250]]);
    assert.deepEqual(rows(A.shearX(x, 1, 128)), [[0, 50, 100], [200, 250, 128], [30, 128, 128]]);
    // A quarter turn of a square about its centre.
    assert.deepEqual(rows(A.rotate(x, 90, 128)), [[100, 250, 30], [50, 200, 20], [0, 150, 10]]);
    assert.deepEqual(rows(A.cutout(x, 1, 1, 1, 128)), [[128, 128, 100], [128, 128, 250], [10, 20, 30]]);
  });

  it('has upstream\'s 16 transforms in its order', () => {
    assert.deepEqual(RANDAUG_OPS.map(([n]) => n), ['AutoContrast', 'Equalize', 'Invert', 'Rotate', 'Posterize', 'Solarize', 'Color', 'Contrast', 'Brightness', 'Sharpness', 'ShearX', 'ShearY', 'TranslateX', 'TranslateY', 'Cutout', 'SolarizeAdd']);
  });

  it('randaug(num_layers, magnitude) augments uint8 images reproducibly per example seed', async () => {
    const rgb = uint8([8, 8, 3], Uint8Array.from({ length: 192 }, (_, i) => (i * 37) % 256));
    const seen = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const out = (await run('randaug(2, 15)', { image: rgb }, seed)).image;
      assert.deepEqual([out.dtype, out.shape], ['uint8', [8, 8, 3]]);
      assert.deepEqual((await run('randaug(2, 15)', { image: rgb }, seed)).image.data, out.data, 'same seed, same augmentation');
      seen.add(Buffer.from(out.data as Uint8Array).toString('hex'));
    }
    assert.ok(seen.size >= 10, `${seen.size} distinct results of 20`);
    assert.deepEqual((await run('randaug(0, 15)', { image: rgb })).image.data, rgb.data, 'no layers, no change');
    await assert.rejects(run('randaug', { image: float32([2, 2, 3]) }), /randaug: expects a uint8 image \(decoded, before value_range\)/);
  });
});
