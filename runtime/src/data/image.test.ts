import * as assert from 'node:assert/strict';
import sharp from 'sharp';
import { uint8 } from './hostTensor';
import { decodeImage, encodeJpeg, encodePng, imageSize, sniffChannels } from './image';
import { crc32, decodePngFast } from './png';

const pixels = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 37 + seed * 11 + ((i * i) % 7)) & 0xff);

describe('image decoding', () => {
  it('reads the channel count from PNG and JPEG headers', async () => {
    assert.equal(sniffChannels(await encodePng(uint8([2, 2, 1], pixels(4, 1)))), 1);
    assert.equal(sniffChannels(await encodePng(uint8([2, 2, 3], pixels(12, 1)))), 3);
    assert.equal(sniffChannels(await encodePng(uint8([2, 2, 4], pixels(16, 1)))), 4);
    assert.equal(sniffChannels(await encodeJpeg(uint8([8, 8, 3], pixels(192, 1))))!, 3);
    assert.equal(sniffChannels(Buffer.from('GIF89a')), undefined);
  });

  it('encodes PNGs that sharp reads back exactly, with their size and channels', async () => {
    for (const c of [1, 2, 3, 4]) {
      const data = pixels(9 * 13 * c, c);
      const png = await encodePng(uint8([9, 13, c], data));
      const meta = await sharp(png).metadata();
      assert.deepEqual([meta.height, meta.width, meta.channels], [9, 13, c]);
      // A full-image crop decodes through sharp.
      const back = await decodeImage(png, 0, { top: 0, left: 0, height: 9, width: 13 });
      assert.deepEqual(Array.from(back.data), Array.from(data), `${c} channels`);
      assert.deepEqual(await imageSize(png), { height: 9, width: 13 });
    }
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  });

  it('decodes PNGs directly exactly as sharp does, for every channel request', async () => {
    for (const c of [1, 2, 3, 4]) {
      // Written by sharp: its filters differ per row with real content (picked adaptively).
      const raw = { width: 13, height: 9, channels: c as 1 | 2 | 3 | 4 };
      let img = sharp(Buffer.from(pixels(9 * 13 * c, c)), { raw });
      if (c <= 2) img = img.toColourspace('b-w');
      const png = await img.png().toBuffer();
      assert.ok(decodePngFast(png), `fast path handles ${c}-channel PNGs`);
      for (const want of [0, 1, 3, 4]) {
        const fast = await decodeImage(png, want);
        // A full-image crop forces the sharp path.
        const slow = await decodeImage(png, want, { top: 0, left: 0, height: 9, width: 13 });
        assert.deepEqual(fast.shape, [9, 13, want || c], `src ${c} want ${want}`);
        assert.deepEqual(fast.shape, slow.shape);
        assert.deepEqual(Array.from(fast.data), Array.from(slow.data), `src ${c} want ${want}`);
      }
    }
  });

  it('keeps grey values, replicates grey to RGB and drops alpha for channels=3', async () => {
    const grey = await encodePng(uint8([1, 2, 1], Uint8Array.of(7, 200)));
    assert.deepEqual(Array.from((await decodeImage(grey, 3)).data), [7, 7, 7, 200, 200, 200]);
    const rgba = await encodePng(uint8([1, 1, 4], Uint8Array.of(10, 20, 30, 40)));
    assert.deepEqual(Array.from((await decodeImage(rgba, 3)).data), [10, 20, 30]);
    // RGB → grey with the JPEG/TF weights 0.299, 0.587, 0.114.
    assert.deepEqual(Array.from((await decodeImage(rgba, 1)).data), [Math.round(0.299 * 10 + 0.587 * 20 + 0.114 * 30)]);
  });

  it('falls back to sharp for palette PNGs and decodes JPEGs, with crops', async () => {
    const palette = await sharp(Buffer.from(pixels(4 * 4 * 3, 2)), { raw: { width: 4, height: 4, channels: 3 } }).png({ palette: true, colours: 4 }).toBuffer();
    assert.equal(decodePngFast(palette), undefined);
    assert.deepEqual((await decodeImage(palette, 3)).shape, [4, 4, 3]);
    const flat = uint8([16, 24, 3], new Uint8Array(16 * 24 * 3).fill(128));
    const jpeg = await encodeJpeg(flat);
    assert.deepEqual(await imageSize(jpeg), { height: 16, width: 24 });
    const crop = await decodeImage(jpeg, 3, { top: 2, left: 3, height: 5, width: 7 });
    assert.deepEqual(crop.shape, [5, 7, 3]);
    assert.ok(Array.from(crop.data).every((v) => Math.abs(v - 128) <= 1));
  });

  it('reports undecodable bytes', async () => {
    await assert.rejects(decodeImage(Buffer.from('not an image')), /cannot decode image \(12 bytes\)|unsupported image format/);
  });
});
