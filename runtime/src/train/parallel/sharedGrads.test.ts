import assert from 'node:assert/strict';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { allocateSharedGrads, BarrierAborted, SharedGrads } from './sharedGrads';

/** A worker thread running `body` with `shared` (a SharedGrads of index 1) in scope. */
function worker(layout: ReturnType<typeof allocateSharedGrads>, body: string): Worker {
  const src = JSON.stringify(path.join(__dirname, 'sharedGrads.ts'));
  const code = `require('tsx/cjs/api').register(); const { SharedGrads } = require(${src}); const { workerData, parentPort } = require('node:worker_threads');
    const shared = new SharedGrads(workerData, 1); ${body}`;
  return new Worker(code, { eval: true, workerData: layout });
}

const exited = (w: Worker) => new Promise<number>((resolve) => w.on('exit', resolve));

describe('SharedGrads', () => {
  it('averages the slots with the shard weights, in worker order, whoever reduces', () => {
    const layout = allocateSharedGrads(3, 4);
    const views = [0, 1, 2].map((i) => new SharedGrads(layout, i));
    views.forEach((v, i) => v.slot().set([1 + i, 10 * (i + 1), -i, 0.1 * i, 2 + i])); // 4 gradients + loss
    const weights = [0.25, 0.25, 0.5];
    for (const v of views) v.reduce(weights);
    const expected = [0, 1, 2, 3, 4].map((j) => Math.fround(weights.reduce((acc, w, i) => acc + w * views[i].slot()[j], 0)));
    assert.deepEqual([...views[0].result()], expected);
    assert.deepEqual([...views[2].result()], expected, 'every worker reads the same result');
    assert.equal(views[1].result()[4], Math.fround(0.25 * 2 + 0.25 * 3 + 0.5 * 4), 'the loss is averaged like a gradient');
  });

  it('averages two workers\' slots over chunks of both, exactly as the sum in worker order', () => {
    const size = 45; // two chunks of 16-value blocks, the second one short
    const layout = allocateSharedGrads(2, size);
    const views = [0, 1].map((i) => new SharedGrads(layout, i));
    views.forEach((v, i) => v.slot().set(Array.from({ length: size + 1 }, (_, j) => (j % 7 === 3 ? -0 : Math.sin(j + 10 * i)))));
    const weights = [0.25, 0.75];
    for (const v of views) v.reduce(weights);
    const expected = Array.from({ length: size + 1 }, (_, j) => Math.fround(weights[0] * views[0].slot()[j] + weights[1] * views[1].slot()[j]));
    assert.deepEqual([...views[1].result()], expected);
    assert.ok(Object.is(views[0].result()[3], -0), 'signed zeros as the plain sum has them');
  });

  it('holds the main thread until the worker arrives, twice in a row', async () => {
    const layout = allocateSharedGrads(2, 1);
    const main = new SharedGrads(layout, 0);
    // The worker writes its slot only after the main thread has passed the first barrier and written its own.
    const w = worker(layout, `shared.barrierSync(); shared.slot()[0] = new SharedGrads(workerData, 0).slot()[0] + 1; shared.barrierSync();`);
    main.slot()[0] = 41;
    await main.barrier();
    await main.barrier();
    assert.equal(new SharedGrads(layout, 1).slot()[0], 42, 'the worker ran between the two barriers and saw the main slot');
    assert.equal(await exited(w), 0);
  });

  it('wakes a waiting worker with BarrierAborted when the run aborts', async () => {
    const layout = allocateSharedGrads(2, 1);
    const main = new SharedGrads(layout, 0);
    const w = worker(layout, `parentPort.postMessage('waiting'); try { shared.barrierSync(); parentPort.postMessage('passed'); } catch (e) { parentPort.postMessage(e.constructor.name); }`);
    const messages: string[] = [];
    await new Promise<void>((resolve) => w.on('message', (m: string) => (messages.push(m), resolve())));
    main.abort();
    await exited(w);
    assert.deepEqual(messages, ['waiting', 'BarrierAborted']);
    await assert.rejects(main.barrier(), BarrierAborted);
  });
});
