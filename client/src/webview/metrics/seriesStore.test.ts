import assert from 'node:assert/strict';
import { SeriesStore } from './seriesStore';

function feed(store: SeriesStore, lines: Record<string, number>[]): void {
  for (const { step, ...metrics } of lines) {
    store.begin(step);
    for (const [k, v] of Object.entries(metrics)) store.scalar(k, v);
    store.end();
  }
}

const points = (store: SeriesStore, name: string) => {
  const s = store.get(name);
  return s ? [...s.steps.subarray(0, s.length)].map((step, i) => [step, s.values[i]]) : [];
};

describe('metrics panel: series store', () => {
  it('keeps each metric in columns, in first-appearance order, counting values it does not chart', () => {
    const store = new SeriesStore();
    feed(store, [
      { step: 1, training_loss: 2.5, l2_grads: NaN },
      { step: 2, training_loss: Infinity },
      { step: 3, training_loss: 2.0, 'val/prec@1': 0.1 },
    ]);
    assert.deepEqual(store.names, ['training_loss', 'l2_grads', 'val/prec@1']);
    assert.deepEqual(points(store, 'training_loss'), [[1, 2.5], [3, 2.0]]);
    assert.equal(store.get('training_loss')?.nonFinite, 1);
    assert.equal(store.get('l2_grads')?.length, 0);
    assert.equal(store.get('l2_grads')?.nonFinite, 1);
    assert.equal(store.records, 3);
    assert.equal(store.lastStep, 3);
  });

  it('grows past its first capacity without losing points', () => {
    const store = new SeriesStore();
    for (let i = 0; i < 10_000; i++) feed(store, [{ step: i, a: i / 2 }]);
    const s = store.get('a');
    assert.equal(s?.length, 10_000);
    assert.equal(s?.values[9_999], 9_999 / 2);
    assert.equal(store.points, 10_000);
  });

  it('drops the points a restart logs again (steps going back), as TensorBoard purges orphaned data', () => {
    const store = new SeriesStore();
    feed(store, [{ step: 10, a: 1 }, { step: 20, a: 2 }, { step: 30, a: 3 }, { step: 20, a: 22 }, { step: 25, a: 25 }]);
    assert.deepEqual(points(store, 'a'), [[10, 1], [20, 22], [25, 25]]);
    assert.equal(store.get('a')?.epoch, 1, 'cuts of the old points are stale');
  });

  it('refuses steps a column cannot hold, naming the line', () => {
    let line = 7;
    const store = new SeriesStore(() => line);
    feed(store, [{ step: -1, a: 1 }]);
    line = 8;
    feed(store, [{ step: 2 ** 32, a: 1 }, { step: 3, a: 3 }]);
    assert.deepEqual(points(store, 'a'), [[3, 3]]);
    assert.deepEqual(store.problems.map((p) => p.line), [7, 8]);
    assert.match(store.problems[1].message, /step 4294967296 is out of range/);
  });

  it('forgets everything on reset and hands its columns over in a snapshot', () => {
    const store = new SeriesStore();
    feed(store, [{ step: 1, a: 1, b: 2 }]);
    store.reset();
    assert.equal(store.generation, 1);
    assert.deepEqual(store.names, []);
    feed(store, [{ step: 5, b: 7 }, { step: 6, b: 8 }]);
    const copy = SeriesStore.fromSnapshot(store.snapshot(2));
    assert.deepEqual(copy.names, ['b']);
    assert.deepEqual(points(copy, 'b'), [[5, 7], [6, 8]]);
    feed(copy, [{ step: 7, b: 9 }, { step: 8, b: 10 }, { step: 9, b: 11 }]);
    assert.deepEqual(points(copy, 'b').at(-1), [9, 11], 'appends past the snapshot headroom');
  });
});
