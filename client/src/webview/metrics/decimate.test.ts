import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decimateMinMax, windowRange } from './decimate';

/** Bucket of each index as decimateMinMax defines it (equal x widths between the first and last inner point). */
function bucketsOf(xs: number[], from: number, to: number, buckets: number): Map<number, number[]> {
  const first = from + 1;
  const last = to - 2;
  const scale = buckets / Math.max(xs[last] - xs[first], Number.MIN_VALUE);
  const out = new Map<number, number[]>();
  for (let i = first; i <= last; i++) {
    const b = Math.min(buckets - 1, Math.floor((xs[i] - xs[first]) * scale));
    out.set(b, [...(out.get(b) ?? []), i]);
  }
  return out;
}

describe('metrics panel: min/max decimation', () => {
  it('keeps the smallest and the largest point of every bucket, in x order, and both ends', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 50, maxLength: 600 }), fc.integer({ min: 1, max: 20 }), (ys, buckets) => {
        const xs = ys.map((_, i) => i * 7 + (i % 5)); // ascending, unevenly spaced
        const keep = [...decimateMinMax(xs, ys, 0, ys.length, buckets)];
        assert.deepEqual(keep, [...keep].sort((a, b) => a - b), 'ascending');
        assert.equal(new Set(keep).size, keep.length, 'no index twice');
        assert.equal(keep[0], 0);
        assert.equal(keep.at(-1), ys.length - 1);
        if (ys.length <= 2 * buckets + 4) return;
        assert.ok(keep.length <= 2 * buckets + 4, `${keep.length} points for ${buckets} buckets`);
        for (const members of bucketsOf(xs, 0, ys.length, buckets).values()) {
          const values = members.map((i) => ys[i]);
          const kept = members.filter((i) => keep.includes(i)).map((i) => ys[i]);
          assert.ok(kept.includes(Math.min(...values)) && kept.includes(Math.max(...values)));
        }
      }),
    );
  });

  it('keeps a one-step spike of a million points at 400 buckets', () => {
    const n = 1_000_000;
    const xs = new Float64Array(n).map((_, i) => i);
    const ys = new Float64Array(n).fill(1);
    ys[654_321] = 1e9;
    ys[123_456] = -5;
    const keep = decimateMinMax(xs, ys, 0, n, 400);
    assert.ok(keep.length <= 804);
    assert.ok(keep.includes(654_321) && keep.includes(123_456));
  });

  it('is exact for short series', () => {
    const ys = [3, 1, 4, 1, 5, 9, 2, 6];
    assert.deepEqual([...decimateMinMax([0, 1, 2, 3, 4, 5, 6, 7], ys, 0, 8, 10)], [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual([...decimateMinMax([], [], 0, 0, 10)], []);
  });

  it('cuts a zoom window with one neighbour outside each side', () => {
    const xs = [0, 10, 20, 30, 40, 50];
    assert.deepEqual(windowRange(xs, 6, { min: 15, max: 35 }), [1, 5]);
    assert.deepEqual(windowRange(xs, 6, { min: -5, max: 100 }), [0, 6]);
    assert.deepEqual(windowRange(xs, 6, null), [0, 6]);
    assert.deepEqual(windowRange(xs, 6, { min: 60, max: 70 }), [5, 6], 'past the end: the last point, to draw the edge');
  });
});
