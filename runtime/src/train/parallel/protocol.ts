/**
 * What the trainer's main thread and its data-parallel worker threads say to each other: the worker's start-up
 * data, the one-time state broadcast (so every replica starts from worker 0's parameters and optimizer state, also
 * after a resume) and one message per step carrying the worker's shard, decoded but not preprocessed (each worker
 * runs `config.input.pp` on its own rows). Nothing travels back per step: gradients, losses and the replicas'
 * `l2_params` go through shared memory (sharedGrads.ts).
 */
import type { JsonValue } from '../../config/protocol';
import type { RawExamples } from '../../data/pipeline';
import type { SharedGradsLayout } from './sharedGrads';

/** workerData of a training worker. */
export interface WorkerInit {
  readonly kind: 'bv-train-worker';
  readonly index: number;
  readonly layout: SharedGradsLayout;
  /** Each worker's share of the global batch (rows / batch size), in worker order. */
  readonly weights: readonly number[];
  /** The evaluated config, resolved again in the worker (model, loss, optimizer). */
  readonly config: { [key: string]: JsonValue };
  /** The backend worker 0 runs on (every replica must compute alike). */
  readonly backend: string;
  readonly imageShape: readonly number[];
  readonly durations: { readonly dataSize: number; readonly batchSize: number; readonly totalSteps: number };
}

/** A tensor as plain data. */
export interface TensorData {
  readonly shape: number[];
  readonly dtype: 'float32' | 'int32';
  readonly data: Float32Array | Int32Array;
}

export type ToWorker =
  | { readonly kind: 'state'; readonly params: Record<string, TensorData>; readonly opt: Record<string, TensorData> }
  | { readonly kind: 'step'; readonly step: number; readonly shard: RawExamples };

export type FromWorker = { readonly kind: 'ready' };

/**
 * Fault injection for the tests of worker failure: `BV_TEST_WORKER_EXIT=<worker>@<step>` makes that worker exit
 * (as a thread killed mid-run) when it receives that step.
 */
export const TEST_WORKER_EXIT_ENV = 'BV_TEST_WORKER_EXIT';
