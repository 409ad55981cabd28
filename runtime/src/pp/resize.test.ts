import * as assert from 'node:assert/strict';
import { resizeHwc, roundHalfEven, type ResizeMethod } from './resize';

function close(actual: ArrayLike<number>, expected: number[], eps = 1e-5): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= eps, `at ${i}: ${Array.from(actual).join(', ')} vs ${expected.join(', ')}`);
  }
}

/** Resizes a 1-row, 1-channel signal along x. */
const row = (v: number[], out: number, method: ResizeMethod, antialias = false) => resizeHwc(v, [1, v.length, 1], 1, out, method, antialias);

describe('tf.image.resize on host images', () => {
  it('bilinear (half-pixel centers) upsamples 2x2 to 4x4 as computed by hand', () => {
    const out = resizeHwc([0, 4, 8, 12], [2, 2, 1], 4, 4, 'bilinear');
    close(out, [0, 1, 3, 4, 2, 3, 5, 6, 6, 7, 9, 10, 8, 9, 11, 12]);
  });

  it('bilinear keeps channels apart', () => {
    const out = resizeHwc([0, 100, 10, 200], [1, 2, 2], 1, 4, 'bilinear');
    close(out, [0, 100, 2.5, 125, 7.5, 175, 10, 200]);
  });

  it('area averages the covered input cells, weighting partial ones', () => {
    close(resizeHwc([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], [4, 4, 1], 2, 2, 'area'), [3.5, 5.5, 11.5, 13.5]);
    // Output cell 0 covers [0, 1.5): 0 fully, 3 half → (0 + 1.5) / 1.5.
    close(row([0, 3, 6], 2, 'area'), [1, 5]);
  });

  it('nearest picks floor((x + 0.5) * scale)', () => {
    close(row([1, 2], 4, 'nearest'), [1, 1, 2, 2]);
    close(row([1, 2, 3], 2, 'nearest'), [1, 3]);
  });

  it('bicubic (Keys, a = -0.5) drops taps outside the image and renormalizes', () => {
    // Output 1 of 4 samples x = 0.25: taps at -1..2 weigh -0.0703125, 0.8671875, 0.2265625, -0.0234375;
    // -1 and 2 lie outside, so 10 * 0.2265625 / 1.09375.
    const out = row([0, 10], 4, 'bicubic');
    close([out[1]], [2.265625 / 1.09375]);
    close(row([5, 5, 5], 7, 'bicubic'), [5, 5, 5, 5, 5, 5, 5]);
  });

  it('antialiased bilinear uses a stretched triangle kernel when downsampling', () => {
    // Output 0 samples x = 1 with kernel scale 2: taps 0, 1, 2 weigh 0.75, 0.75, 0.25 before normalizing.
    close(row([0, 10, 20, 30], 2, 'bilinear', true), [50 / 7, 40 / 1.75]);
    // Upsampling is unaffected by antialias for bilinear except at borders (renormalized taps).
    close(row([0, 10], 4, 'bilinear', true), [0, 2.5, 7.5, 10]);
  });

  it('lanczos3, gaussian and mitchellcubic keep a constant image constant', () => {
    for (const m of ['lanczos3', 'lanczos5', 'gaussian', 'mitchellcubic'] as const) close(row([7, 7, 7, 7, 7], 3, m), [7, 7, 7]);
  });

  it('rejects unknown methods and empty sizes', () => {
    assert.throws(() => row([1], 2, 'cubic' as ResizeMethod), /unknown method 'cubic'/);
    assert.throws(() => row([1], 0, 'bilinear'), /target size must be positive/);
  });

  it('rounds halves to even like lrintf', () => {
    assert.deepEqual([0.5, 1.5, 2.5, 3.49].map(roundHalfEven), [0, 2, 2, 3]);
  });
});
