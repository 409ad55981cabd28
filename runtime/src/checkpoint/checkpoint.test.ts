import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkpointBase, lastCheckpoint, loadCheckpoint, saveCheckpoint, type CheckpointTree } from './checkpoint';
import { checkpointDecision, itstime } from './policy';
import { chunkKey, readZarr, writeZarr } from './zarr';

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'bv-ckpt-'));
}

function tree(v: number): CheckpointTree {
  return new Map([
    ['params/Transformer/encoder_norm/scale', { shape: [2, 3], data: new Float32Array([v, 1, 2, 3, 4, 5]) }],
    ['opt/count', { shape: [], data: new Int32Array([v]) }],
    ['data/position', { shape: [], data: new BigInt64Array([BigInt(v) * 10n]) }],
  ]);
}

describe('checkpoint/zarr', () => {
  it('writes zarr v2 metadata and one raw little-endian chunk', () => {
    const dir = path.join(tmp(), 'a');
    writeZarr(dir, { shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) });
    const meta = JSON.parse(fs.readFileSync(path.join(dir, '.zarray'), 'utf8'));
    assert.deepEqual(meta, { chunks: [2, 2], compressor: null, dtype: '<f4', fill_value: 0, filters: null, order: 'C', shape: [2, 2], zarr_format: 2 });
    const raw = fs.readFileSync(path.join(dir, '0.0'));
    assert.equal(raw.length, 16);
    assert.equal(raw.readFloatLE(12), 4);
    assert.deepEqual([...readZarr(dir).data], [1, 2, 3, 4]);
  });

  it('names chunks by rank and rejects a size mismatch', () => {
    assert.equal(chunkKey(0), '0');
    assert.equal(chunkKey(3), '0.0.0');
    assert.throws(() => writeZarr(path.join(tmp(), 'b'), { shape: [3], data: new Float32Array(2) }), /holds 3 values, data has 2/);
  });

  it('refuses compressed arrays with a message naming the file', () => {
    const dir = path.join(tmp(), 'c');
    writeZarr(dir, { shape: [1], data: new Int32Array([7]) });
    const metaFile = path.join(dir, '.zarray');
    fs.writeFileSync(metaFile, fs.readFileSync(metaFile, 'utf8').replace('"compressor":null', '"compressor":{"id":"zstd"}'));
    assert.throws(() => readZarr(dir), (e: Error) => e.message.includes(metaFile) && e.message.includes('zstd'));
  });
});

describe('checkpoint/checkpoint', () => {
  it('saves under upstream names, points -LAST at it and round-trips every leaf', () => {
    const base = checkpointBase(tmp());
    saveCheckpoint(base, 7, false, tree(7));
    assert.equal(lastCheckpoint(base), '000000007-tmp');
    assert.ok(fs.existsSync(`${base}-000000007-tmp/params~Transformer~encoder_norm~scale/.zarray`));
    const back = loadCheckpoint(base);
    assert.deepEqual([...back.keys()].sort(), [...tree(7).keys()].sort());
    assert.deepEqual([...back.get('params/Transformer/encoder_norm/scale')!.data], [7, 1, 2, 3, 4, 5]);
    assert.equal((back.get('data/position')!.data as BigInt64Array)[0], 70n);
    assert.deepEqual(back.get('opt/count')!.shape, []);
  });

  it('deletes the previous -tmp checkpoint and keeps kept ones', () => {
    const base = checkpointBase(tmp());
    saveCheckpoint(base, 1, false, tree(1));
    saveCheckpoint(base, 2, true, tree(2));
    assert.ok(!fs.existsSync(`${base}-000000001-tmp`));
    saveCheckpoint(base, 3, false, tree(3));
    assert.ok(fs.existsSync(`${base}-000000002`), 'kept checkpoint survives');
    assert.equal(lastCheckpoint(base), '000000003-tmp');
  });

  it('a crash mid-write leaves -LAST on the previous complete checkpoint', () => {
    const base = checkpointBase(tmp());
    saveCheckpoint(base, 1, false, tree(1));
    const bad = tree(2);
    bad.set('params/bad~name', { shape: [1], data: new Float32Array(1) }); // throws half way through the writes
    assert.throws(() => saveCheckpoint(base, 2, false, bad), /'~' is not allowed/);
    assert.equal(lastCheckpoint(base), '000000001-tmp');
    assert.ok(!fs.existsSync(`${base}-000000002-tmp`), 'no half checkpoint under a checkpoint name');
    assert.equal((loadCheckpoint(base).get('opt/count')!.data as Int32Array)[0], 1);
    saveCheckpoint(base, 2, false, tree(2)); // the next save clears the staging folder
    assert.ok(!fs.existsSync(`${base}-000000002-tmp.partial`));
  });

  it('loads a subtree by prefix and names the folder when it is missing', () => {
    const base = checkpointBase(tmp());
    saveCheckpoint(base, 5, true, tree(5));
    assert.deepEqual([...loadCheckpoint(`${base}-000000005`, 'params/').keys()], ['params/Transformer/encoder_norm/scale']);
    assert.throws(() => loadCheckpoint(`${base}-000000009`), /checkpoint\.bv-000000009/);
  });
});

describe('checkpoint/policy', () => {
  it('itstime: every n, first, last, and the 25% rule near the end', () => {
    const runs = (every: number, total: number, opts = {}) => Array.from({ length: total }, (_, i) => i + 1).filter((s) => itstime(s, every, total, opts));
    assert.deepEqual(runs(10, 35), [1, 10, 20, 30, 35]);
    assert.deepEqual(runs(10, 32), [1, 10, 20, 32], '30 is within 2.5 steps of 32');
    assert.deepEqual(runs(10, 35, { first: false, last: false }), [10, 20, 30]);
    assert.equal(itstime(5, 0, 10), false);
    assert.equal(itstime(5, null, 10), false);
  });

  it('checkpoints: ckpt every 10, keep unset ⇒ all -tmp but the last', () => {
    const d = (s: number) => checkpointDecision(s, 35, 10, null);
    assert.deepEqual(d(1), { save: true, keep: false });
    assert.deepEqual(d(2), { save: false, keep: false });
    assert.deepEqual(d(20), { save: true, keep: false });
    assert.deepEqual(d(35), { save: true, keep: true });
  });

  it('checkpoints: keep every 20 ⇒ kept at 20, -tmp at 10; neither set ⇒ never', () => {
    assert.deepEqual(checkpointDecision(20, 100, 10, 20), { save: true, keep: true });
    assert.deepEqual(checkpointDecision(10, 100, 10, 20), { save: true, keep: false });
    assert.deepEqual(checkpointDecision(40, 100, null, 20), { save: true, keep: true });
    assert.deepEqual(checkpointDecision(1, 100, null, 20), { save: false, keep: false }, 'keep alone does not save step 1');
    for (const s of [1, 50, 100]) assert.deepEqual(checkpointDecision(s, 100, null, null), { save: false, keep: false });
  });
});
