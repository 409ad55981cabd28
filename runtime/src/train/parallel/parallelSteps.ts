/**
 * Data-parallel training steps for `bv train --workers N`: the main thread is worker 0 and starts N-1 worker
 * threads (trainWorker.ts), each with its own tfjs backend and a replica of the model and optimizer. A step splits
 * the global batch into N shards, sends each worker its shard (one message), computes its own shard's gradients,
 * averages everyone's through shared memory and applies the averaged update, as every replica does. The result is
 * the single-thread step's up to float reassociation of the gradient mean. Worker 0 keeps what the rest of the loop
 * needs (params, optimizer state for checkpoints, measurements); a replica found out of step, or a worker that
 * fails or exits, stops the run with one error naming the worker and the step.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import type { JsonValue } from '../../config/protocol';
import type { HostData, HostTensor } from '../../data/hostTensor';
import { preprocessRaw, type PreprocessFn, type RawBatch } from '../../data/pipeline';
import type { Params } from '../../models/types';
import { applyGradients, gradients, type StepMeasurements, type UpdateContext } from '../update';
import type { FromWorker, TensorData, ToWorker, WorkerInit } from './protocol';
import { shardRows } from './shard';
import { allocateSharedGrads, BarrierAborted, SharedGrads } from './sharedGrads';
import { gradientSize, readAveraged, writeSlot } from './slots';

/** A worker failed or exited: the run stops (the caller adds where its last checkpoint is). */
export class WorkerFailedError extends Error {}

export interface ParallelStart {
  workers: number;
  config: { [key: string]: JsonValue };
  /** Backend to request in the workers (the one worker 0 runs). */
  backend: string;
  imageShape: readonly number[];
  durations: { dataSize: number; batchSize: number; totalSteps: number };
  params: Params;
  /** Optimizer state leaves (read, not owned). */
  optState: Record<string, tf.Tensor>;
}

/**
 * Why the step of `ctx` cannot run data-parallel yet, if it cannot: the workers rebuild the plain
 * `loss(logits, labels)` objective from the config, and mixup would mix within each shard instead of the batch.
 */
export function notParallel(ctx: UpdateContext): string | undefined {
  const c = ctx as UpdateContext & { objective?: unknown; mixupP?: number };
  if (c.objective) return 'a distillation objective runs on one worker only';
  if (c.mixupP) return 'mixup runs on one worker only (it mixes within the whole batch)';
  return undefined;
}

/** The worker's entry: the bundle beside this one, else the TypeScript source through tsx. */
function workerEntry(): { file: string; eval: boolean } {
  const built = path.join(__dirname, 'trainWorker.js');
  if (fs.existsSync(built)) return { file: built, eval: false };
  const ts = JSON.stringify(path.join(__dirname, 'trainWorker.ts'));
  return { file: `require('tsx/cjs/api').register(); require(${ts});`, eval: true };
}

/**
 * A copy of an example whose arrays own just their bytes: a decoded feature is a view into the record (and the
 * record into its file's read buffer), and postMessage would copy the whole buffer behind each view.
 */
function compact(example: HostData): HostData {
  const out: HostData = {};
  for (const [k, t] of Object.entries(example)) {
    out[k] = t.dtype === 'bytes' ? { ...t, data: t.data.map((b) => b.slice()) } : ({ ...t, data: t.data.slice() } as HostTensor);
  }
  return out;
}

function dataOf(t: tf.Tensor): TensorData {
  return t.dtype === 'int32' ? { shape: t.shape, dtype: 'int32', data: t.dataSync() as Int32Array } : { shape: t.shape, dtype: 'float32', data: Float32Array.from(t.dataSync()) };
}

export class ParallelSteps {
  private failure: WorkerFailedError | undefined;
  private closing = false;
  private step = 0;
  private lastL2: number | undefined;

  private constructor(
    private readonly threads: Worker[],
    private readonly shared: SharedGrads,
    private readonly weights: number[],
    private readonly batchSize: number,
  ) {}

  /** Starts N-1 workers, waits until each has its backend and model, and gives them worker 0's state. */
  static async start(s: ParallelStart): Promise<ParallelSteps> {
    const n = s.workers;
    const weights = shardRows(s.durations.batchSize, n).map(([a, b]) => (b - a) / s.durations.batchSize);
    const layout = allocateSharedGrads(n, gradientSize(s.params));
    const entry = workerEntry();
    const threads: Worker[] = [];
    for (let i = 1; i < n; i++) {
      const init: WorkerInit = { kind: 'bv-train-worker', index: i, layout, weights, config: s.config, backend: s.backend, imageShape: s.imageShape, durations: s.durations };
      threads.push(new Worker(entry.file, { eval: entry.eval, workerData: init }));
    }
    const pool = new ParallelSteps(threads, new SharedGrads(layout, 0), weights, s.durations.batchSize);
    const ready = threads.map((w, i) => pool.watch(w, i + 1));
    try {
      await Promise.all(ready);
    } catch (err) {
      await pool.close();
      throw err;
    }
    const state: ToWorker = {
      kind: 'state',
      params: Object.fromEntries(Object.entries(s.params).map(([k, t]) => [k, dataOf(t)])),
      opt: Object.fromEntries(Object.entries(s.optState).map(([k, t]) => [k, dataOf(t)])),
    };
    for (const w of threads) w.postMessage(state);
    return pool;
  }

  /** Number of workers, the main thread included. */
  get workers(): number {
    return this.threads.length + 1;
  }

  /** Resolves when worker `index` is ready; records its failure or unexpected exit (and wakes every waiter). */
  private watch(w: Worker, index: number): Promise<void> {
    const what = () => `training worker ${index} of ${this.workers}`;
    const during = () => (this.step ? ` during step ${this.step}` : ' while starting');
    return new Promise((resolve, reject) => {
      const fail = (why: string) => {
        if (this.closing) return;
        this.failure ??= new WorkerFailedError(`${what()} ${why}${during()}; the run stopped`);
        this.shared.abort();
        reject(this.failure);
      };
      w.on('message', (m: FromWorker) => m.kind === 'ready' && resolve());
      w.on('error', (err) => (err instanceof Error && err.name === BarrierAborted.name ? undefined : fail(`failed: ${err instanceof Error ? err.message : String(err)}`)));
      w.on('exit', (code) => fail(`exited${code ? ` with code ${code}` : ''}`));
    });
  }

  /**
   * One data-parallel step of `batch` (the global batch, not yet preprocessed): as updateStep, with the gradient
   * mean over workers. Every worker preprocesses its own rows with `preprocess` (this thread too), so the main
   * thread does not preprocess the whole batch while the others wait.
   */
  async run(ctx: UpdateContext, params: Params, batch: RawBatch, step: number, preprocess: PreprocessFn): Promise<{ params: Params; measurements: StepMeasurements }> {
    this.step = step;
    if (this.failure) throw this.failure;
    if (batch.examples.length !== this.batchSize) throw new Error(`batch of step ${step} does not have the configured ${this.batchSize} rows`);
    const shards = shardRows(this.batchSize, this.workers).map(([from, to]) => batch.rows(from, to));
    this.threads.forEach((w, i) => {
      const { examples, seeds, where } = shards[i + 1];
      w.postMessage({ kind: 'step', step, shard: { examples: examples.map(compact), seeds, where } } satisfies ToWorker);
    });
    try {
      writeSlot(this.shared.slot(), Object.keys(params), gradients(ctx, params, await preprocessRaw(shards[0], preprocess), step));
      await this.shared.barrier();
      this.checkReplicas(step);
      this.shared.reduce(this.weights);
      await this.shared.barrier();
    } catch (err) {
      if (err instanceof BarrierAborted && this.failure) throw this.failure;
      throw err;
    }
    const r = applyGradients(ctx, params, readAveraged(this.shared.result(), params));
    this.lastL2 = r.measurements.l2_params;
    return r;
  }

  /** Every worker recorded its `l2_params` after the previous step: they must equal worker 0's, bit for bit. */
  private checkReplicas(step: number): void {
    if (this.lastL2 === undefined) return;
    for (let i = 1; i < this.workers; i++) {
      const theirs = this.shared.l2Of(i);
      if (theirs !== this.lastL2) {
        throw new WorkerFailedError(`training worker ${i} of ${this.workers} is out of step with worker 0 after step ${step - 1} (l2_params ${theirs} vs ${this.lastL2}); the run stopped`);
      }
    }
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    this.closing = true;
    // A worker may be blocked in the barrier (worker 0 failed mid-step): wake it so that it can be terminated.
    this.shared.abort();
    await Promise.all(this.threads.map((w) => w.terminate()));
  }
}
