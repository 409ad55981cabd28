import * as assert from 'node:assert/strict';
import { float32, uint8, type HostData, type HostTensor } from '../../data/hostTensor';
import { encodeJpeg, encodePng } from '../../data/image';
import { buildPreprocess } from '../builder';

const run = (pp: string, data: HostData, seed = 0): Promise<HostData> => buildPreprocess(pp)(data, seed) as Promise<HostData>;
const values = (t: HostTensor): number[] => Array.from(t.data as ArrayLike<number>, (v) => Math.round(v * 1e4) / 1e4);
/** A [h, w, 1] uint8 image with pixel (y, x) = 10 * y + x. */
const ramp = (h: number, w: number) => uint8([h, w, 1], Uint8Array.from({ length: h * w }, (_, i) => 10 * Math.floor(i / w) + (i % w)));

describe('pp ops: image', () => {
  it('decode gives uint8 HWC with the requested channels', async () => {
    const png = await encodePng(uint8([2, 2, 1], Uint8Array.of(0, 50, 100, 250)));
    const bytes = { dtype: 'bytes' as const, shape: [], data: [png] };
    const rgb = (await run('decode', { image: bytes })).image;
    assert.deepEqual([rgb.dtype, rgb.shape, values(rgb).slice(0, 6)], ['uint8', [2, 2, 3], [0, 0, 0, 50, 50, 50]]);
    assert.deepEqual(values((await run('decode(channels=1)', { image: bytes })).image), [0, 50, 100, 250]);
    await assert.rejects(run('decode|decode', { image: bytes }), /decode: expects one encoded image \(bytes\) but got uint8\[2,2,3\] \(already decoded\?\)/);
  });

  it('resize to an int or (h, w), cast back to the input dtype by truncation', async () => {
    const out = (await run('resize(4)', { image: uint8([2, 2, 1], Uint8Array.of(0, 4, 8, 12)) })).image;
    assert.deepEqual([out.dtype, out.shape, values(out)], ['uint8', [4, 4, 1], [0, 1, 3, 4, 2, 3, 5, 6, 6, 7, 9, 10, 8, 9, 11, 12]]);
    // 0.25 and 0.75 truncate to 0; float input stays float.
    assert.deepEqual(values((await run('resize((1, 4))', { image: uint8([1, 2, 1], Uint8Array.of(0, 1)) })).image), [0, 0, 0, 1]);
    assert.deepEqual(values((await run('resize((1, 4))', { image: float32([1, 2, 1], Float32Array.of(0, 1)) })).image), [0, 0.25, 0.75, 1]);
    assert.deepEqual((await run('resize((3, 5), method="nearest", key="x")', { x: ramp(6, 10) })).x.shape, [3, 5, 1]);
  });

  it('resize_small scales the shorter side (area by default), keeping the aspect ratio', async () => {
    const out = (await run('resize_small(2)', { image: ramp(4, 6) })).image;
    // 2x2 block means of the ramp, truncated to uint8: (0+1+10+11)/4 = 5.5 → 5, ...
    assert.deepEqual([out.shape, values(out)], [[2, 3, 1], [5, 7, 9, 25, 27, 29]]);
    // 3x5 → factor 2/3 in float32: 2 x round(3.3333335) = 2 x 3.
    assert.deepEqual((await run('resize_small(2, method="bilinear")', { image: ramp(3, 5) })).image.shape, [2, 3, 1]);
  });

  it('central_crop takes the centre (floor offsets), or the largest square', async () => {
    const out = (await run('central_crop(2)', { image: ramp(4, 5) })).image;
    assert.deepEqual([out.shape, values(out)], [[2, 2, 1], [11, 12, 21, 22]]);
    const sq = (await run('central_crop', { image: ramp(3, 6) })).image;
    assert.deepEqual([sq.shape, values(sq).slice(0, 3)], [[3, 3, 1], [1, 2, 3]]);
    await assert.rejects(run('central_crop((5, 1))', { image: ramp(4, 5) }), /does not fit a 4x5 image/);
  });

  it('random_crop places the crop uniformly, reproducibly per example seed', async () => {
    const offsets = new Set<number>();
    for (let seed = 0; seed < 40; seed++) {
      const out = (await run('random_crop(2)', { image: ramp(3, 3) }, seed)).image;
      const v = values(out);
      // The crop is a contiguous 2x2 window of the ramp.
      assert.deepEqual(v, [v[0], v[0] + 1, v[0] + 10, v[0] + 11]);
      offsets.add(v[0]);
      assert.deepEqual(values((await run('random_crop(2)', { image: ramp(3, 3) }, seed)).image), v);
    }
    assert.deepEqual([...offsets].sort((a, b) => a - b), [0, 1, 10, 11]);
    await assert.rejects(run('random_crop((4, 1))', { image: ramp(3, 3) }), /crop 4x1 is larger than the 3x3 image/);
  });

  it('flip_lr mirrors about half of the examples', async () => {
    let flipped = 0;
    for (let seed = 0; seed < 200; seed++) {
      const v = values((await run('flip_lr', { image: ramp(2, 3) }, seed)).image);
      if (v[0] === 2) {
        assert.deepEqual(v, [2, 1, 0, 12, 11, 10]);
        flipped++;
      } else {
        assert.deepEqual(v, [0, 1, 2, 10, 11, 12]);
      }
    }
    assert.ok(flipped > 70 && flipped < 130, `${flipped} of 200 flipped`);
  });

  it('inception_crop samples crops within the area and aspect ranges, then resizes', async () => {
    for (let seed = 0; seed < 30; seed++) {
      const crop = (await run('inception_crop(area_min=20, area_max=60)', { image: ramp(40, 50) }, seed)).image;
      const [h, w] = crop.shape;
      const area = (h * w) / 2000;
      assert.ok(area >= 0.2 && area <= 0.6, `area ${area}`);
      assert.ok(w / h > 0.7 && w / h < 1.4, `aspect ${w / h}`);
    }
    const sized = (await run('inception_crop(8)', { image: ramp(40, 50) }, 3)).image;
    assert.deepEqual([sized.dtype, sized.shape], ['uint8', [8, 8, 1]]);
  });

  it('decode_jpeg_and_inception_crop decodes RGB crops of a JPEG', async () => {
    const rgb = uint8([32, 48, 3], Uint8Array.from({ length: 32 * 48 * 3 }, (_, i) => (i * 7) % 256));
    const image = { dtype: 'bytes' as const, shape: [], data: [await encodeJpeg(rgb)] };
    const out = (await run('decode_jpeg_and_inception_crop(16, area_min=50)', { image }, 5)).image;
    assert.deepEqual([out.dtype, out.shape], ['uint8', [16, 16, 3]]);
    const raw = (await run('decode_jpeg_and_inception_crop', { image }, 5)).image;
    assert.ok(raw.shape[0] * raw.shape[1] >= 0.05 * 32 * 48 && raw.shape[2] === 3);
  });

  it('vgg_value_range standardizes per channel, broadcasting grey to RGB', async () => {
    const out = (await run('vgg_value_range(mean=(1, 2, 3), std=(2, 2, 4))', { image: uint8([1, 1, 3], Uint8Array.of(5, 6, 7)) })).image;
    assert.deepEqual([out.dtype, values(out)], ['float32', [2, 2, 1]]);
    const grey = (await run('vgg_value_range', { image: uint8([1, 1, 1], Uint8Array.of(255)) })).image;
    // (255 - 0.485*255) / (0.229*255), ... for each ImageNet channel.
    assert.deepEqual([grey.shape, values(grey)], [[1, 1, 3], [2.2489, 2.4286, 2.64]]);
  });
});
