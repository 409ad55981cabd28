import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { availableBackends, selectBackend, wasmDir } from './backend';

describe('tf/backend', () => {
  let previous: string;
  before(() => {
    previous = tf.getBackend();
  });
  after(async () => {
    if (previous) await tf.setBackend(previous);
  });

  it('activates wasm with SIMD, single-threaded, and asserts it is really active', async () => {
    const active = await selectBackend('wasm');
    assert.equal(active.name, 'wasm');
    assert.equal(tf.getBackend(), 'wasm');
    assert.match(active.description, /^wasm \(SIMD, 1 thread\)$/);
    assert.ok(wasmDir().endsWith('/dist/'), 'binaries come from the package dist');
  });

  it('activates cpu on request', async () => {
    const active = await selectBackend('cpu');
    assert.equal(tf.getBackend(), 'cpu');
    assert.match(active.description, /^cpu /);
  });

  it('auto picks the best that starts: native when installed, else wasm', async () => {
    const available = await availableBackends();
    const active = await selectBackend('auto');
    assert.equal(active.name, available.includes('cuda') || available.includes('tensorflow') ? 'tensorflow' : 'wasm');
  });

  it('an unavailable native backend fails with what is available and how to get it', async function () {
    const available = await availableBackends();
    if (available.includes('tensorflow')) this.skip();
    await assert.rejects(selectBackend('tensorflow'), (err: Error) => {
      assert.match(err.message, /Backend 'tensorflow' is not available: tensorflow: .*@tensorflow\/tfjs-node/);
      assert.match(err.message, /Available here: .*wasm, cpu/);
      assert.match(err.message, /npm install @tensorflow\/tfjs-node/);
      return true;
    });
    await assert.rejects(selectBackend('webgl'), /Unknown --backend 'webgl'; choose one of auto, wasm, cpu, tensorflow, cuda/);
  });
});
