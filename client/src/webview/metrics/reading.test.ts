import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readInWorker } from './fullRead';
import { readPreview } from './preview';
import { SeriesStore } from './seriesStore';
import { syntheticLines } from './syntheticRun';

function tmpFile(text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bv-read-')), 'big_vision_metrics.txt');
  fs.writeFileSync(file, text);
  return file;
}

const steps = (store: SeriesStore, name: string) => {
  const s = store.get(name);
  return s ? [...s.steps.subarray(0, s.length)] : [];
};

describe('metrics panel: reading big files', () => {
  it('previews a file from evenly spaced sampled lines plus its last part, in step order', () => {
    // The torn last line is not taken; a garbage line is skipped (the full read reports it with its number).
    const file = tmpFile(`${syntheticLines(1, 3000, { evalEvery: 500 })}garbage\n${syntheticLines(3001, 3100)}{"step": 3101, "train`);
    const store = new SeriesStore();
    const preview = readPreview(file, store, { tailBytes: 4000, samples: 100 });
    const loss = steps(store, 'training_loss');
    assert.deepEqual(loss, [...loss].sort((a, b) => a - b), 'ascending: no step was purged as a restart');
    assert.equal(loss.at(-1), 3100, 'the last whole line is in');
    assert.ok(loss.length >= 100 && loss.length < 200, `${loss.length} lines`);
    assert.ok(loss[0] <= 2 && loss[50] > 1000, 'samples spread over the whole file');
    assert.equal(preview.lines, loss.length);
    assert.ok(Math.abs(preview.estimatedLines - 3101) < 300, `estimated ${preview.estimatedLines} lines`);
  });

  it('reads a whole file in a worker thread, reporting progress, and hands over where to follow it from', async function () {
    this.timeout(30000);
    const file = tmpFile(`${syntheticLines(1, 20000, { nanSteps: new Set([5]) })}{"step": 20001, "training_loss"`);
    const progress: number[] = [];
    const read = await readInWorker(file, (p) => progress.push(p));
    assert.equal(progress.at(-1), 1);
    const loss = read.store.get('training_loss');
    assert.equal(loss?.length, 19999);
    assert.equal(loss?.nonFinite, 1, 'the NaN step is counted, not drawn');
    assert.deepEqual(steps(read.store, 'val/prec@1'), Array.from({ length: 20 }, (_, i) => (i + 1) * 1000));
    fs.appendFileSync(file, `: 1.5}\n${syntheticLines(20002, 20002)}`);
    read.tail.read(read.store);
    assert.deepEqual(steps(read.store, 'training_loss').slice(-2), [20001, 20002], 'the torn line is read whole after the handover');
    assert.equal(read.tail.lines, 20002);
  });

  it('rejects with the reason when the file cannot be read', async function () {
    this.timeout(30000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bv-read-'));
    await assert.rejects(readInWorker(dir, () => undefined), /cannot read .*bv-read-.*EISDIR|illegal operation on a directory/);
  });
});
