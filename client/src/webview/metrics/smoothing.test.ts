import assert from 'node:assert/strict';
import { Ema, emaSmooth } from './smoothing';

/** TensorBoard's classicSmoothing, transcribed step by step for the values below (w = 0.6). */
describe('metrics panel: TensorBoard smoothing', () => {
  it('debiases the first points and lets NaN pass without touching the average', () => {
    const out = emaSmooth([1, 2, NaN, 4], 4, 0.6);
    // last = 0.4·1 = 0.4, debias 1 − 0.6 = 0.4            → 1
    // last = 0.4·0.6 + 0.4·2 = 1.04, debias 1 − 0.36 = 0.64 → 1.625
    // NaN: shown as is; last and the count stay
    // last = 1.04·0.6 + 0.4·4 = 2.224, debias 1 − 0.216     → 2.836734693877551
    assert.equal(out[0], 1);
    assert.equal(out[1], 1.625);
    assert.ok(Number.isNaN(out[2]));
    assert.ok(Math.abs(out[3] - 2.224 / 0.784) < 1e-12, String(out[3]));
  });

  it('returns a flat series as is, the raw values at weight 0, and zeros at weight 1 (as TensorBoard)', () => {
    assert.deepEqual([...emaSmooth([0.1, 0.1, 0.1], 3, 0.9)], [0.1, 0.1, 0.1]);
    assert.deepEqual([...emaSmooth([5, 1, 3], 3, 0)], [5, 1, 3]);
    assert.deepEqual([...emaSmooth([5, 1, 3], 3, 1)], [0, 0, 0]);
    assert.deepEqual([...emaSmooth([5, 1, 3], 3, NaN)], [5, 1, 3], 'a non-finite weight counts as 0');
  });

  it('continues point by point for appends exactly as a full recomputation', () => {
    const values = [2.3, 2.1, 2.2, Infinity, 1.7, 1.5, 1.6, 1.2];
    const full = emaSmooth(values, values.length, 0.8);
    const ema = new Ema(0.8);
    const live = values.map((v) => ema.live(v));
    assert.deepEqual(live, [...full]);
  });

  it('shows a flat start as is until the series moves', () => {
    const ema = new Ema(0.5);
    assert.deepEqual([1, 1].map((v) => ema.live(v)), [1, 1]);
    assert.equal(ema.flat, true);
    // From here on, the average of 1, 1, 3: last = 0.5·0.75 + 0.5·3 = 1.875 over 1 − 0.125.
    assert.equal(ema.live(3), 1.875 / 0.875);
    assert.equal(ema.flat, false);
  });
});
