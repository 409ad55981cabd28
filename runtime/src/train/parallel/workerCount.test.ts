import assert from 'node:assert/strict';
import { parseWorkers, resolveWorkers } from './workerCount';

describe('workers', () => {
  it('parses --workers: a whole number >= 1 or auto', () => {
    assert.equal(parseWorkers(undefined), 'auto');
    assert.equal(parseWorkers('3'), 3);
    for (const bad of ['0', '-1', '1.5', 'many']) assert.throws(() => parseWorkers(bad), new RegExp(`--workers ${bad}: give a whole number`));
  });

  it('defaults to one per core, one on the native backend, at most one per example', () => {
    assert.equal(resolveWorkers('auto', 'wasm', 128, 8), 8);
    assert.equal(resolveWorkers('auto', 'tensorflow', 128, 8), 1);
    assert.equal(resolveWorkers('auto', 'cpu', 4, 8), 4);
    assert.equal(resolveWorkers(3, 'wasm', 128, 8), 3);
    assert.throws(() => resolveWorkers(5, 'wasm', 4, 8), /--workers 5 is more than the global batch of 4 examples/);
  });
});
