/**
 * A data-parallel training worker thread (worker 1..N-1; the main thread is worker 0). It holds a replica of the
 * model and optimizer on its own tfjs backend, and per step: preprocesses its rows of the batch (`config.input.pp`),
 * computes loss and gradients on them, writes them to shared memory, averages its chunk of everyone's gradients,
 * then applies the same averaged update as every other replica, and records its `l2_params` so worker 0 can check
 * the replicas stayed identical. Bundled on its own (dist/trainer/trainWorker.js); from sources it is loaded
 * through tsx.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import type { Params } from '../../models/types';
import { makeOptimizer } from '../../optim/optimizer';
import { selectBackend } from '../../tf/backend';
import { batchLoss } from '../losses';
import { modelFromConfig } from '../model';
import { resolveTrainConfig } from '../trainConfig';
import { preprocessAt } from '../data';
import { preprocessRaw } from '../../data/pipeline';
import { gradients, type UpdateContext } from '../update';
import { TEST_WORKER_EXIT_ENV, type FromWorker, type TensorData, type ToWorker, type WorkerInit } from './protocol';
import { readAveraged, writeSlot } from './slots';
import { SharedGrads } from './sharedGrads';

const tensorOf = (t: TensorData): tf.Tensor => tf.tensor(t.data, t.shape, t.dtype);

async function main(init: WorkerInit): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('trainWorker must run in a worker thread');
  await selectBackend(init.backend);
  const cfg = resolveTrainConfig(init.config);
  const model = modelFromConfig(cfg.model);
  let params: Params = model.init(cfg.seed, init.imageShape);
  const optimizer = makeOptimizer(cfg.optimizer, params, init.durations);
  const ctx: UpdateContext = { model, optimizer, loss: batchLoss(cfg.loss), seed: cfg.seed };
  const shared = new SharedGrads(init.layout, init.index);
  const names = Object.keys(params);
  const preprocess = preprocessAt(cfg.input.pp, ['input', 'pp']);
  const [faultWorker, faultStep] = (process.env[TEST_WORKER_EXIT_ENV] ?? '').split('@').map(Number);

  const handle = async (msg: ToWorker): Promise<void> => {
    if (msg.kind === 'state') {
      tf.dispose(Object.values(params));
      params = Object.fromEntries(names.map((n) => [n, tensorOf(msg.params[n])]));
      const opt = Object.fromEntries(Object.entries(msg.opt).map(([k, t]) => [k, tensorOf(t)]));
      optimizer.load(opt);
      tf.dispose(Object.values(opt));
      return;
    }
    if (faultWorker === init.index && faultStep === msg.step) process.exit(70);
    const shard = await preprocessRaw(msg.shard, preprocess);
    writeSlot(shared.slot(), names, gradients(ctx, params, shard, msg.step));
    shared.barrierSync();
    shared.reduce(init.weights);
    shared.barrierSync();
    const avg = readAveraged(shared.result(), params);
    const { params: next, l2 } = optimizer.update(avg.grads, params);
    tf.dispose([avg.loss, Object.values(avg.grads)]);
    for (const n of names) if (next[n] !== params[n]) params[n].dispose();
    params = next;
    shared.setL2(l2.params);
  };
  // One message at a time, in order (preprocessing may wait on sharp's thread pool).
  let queue = Promise.resolve();
  port.on('message', (msg: ToWorker) => {
    queue = queue.then(() => handle(msg)).catch((err: unknown) => {
      // An uncaught error reaches the main thread's 'error' event with its message.
      setImmediate(() => {
        throw err;
      });
    });
  });
  port.postMessage({ kind: 'ready' } satisfies FromWorker);
}

const init = workerData as WorkerInit | undefined;
if (init?.kind === 'bv-train-worker') {
  main(init).catch((err: unknown) => {
    // An uncaught error reaches the main thread's 'error' event with its message.
    setImmediate(() => {
      throw err;
    });
  });
}
