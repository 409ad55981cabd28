/**
 * The shared memory through which data-parallel training workers average their gradients each step, with no
 * message per tensor: one SharedArrayBuffer holds a slot per worker (its gradients flattened in parameter order,
 * then its shard's loss), the averaged result, each worker's `l2_params` after its last update (replicas must stay
 * bitwise in step), and a control block for a reusable barrier (Atomics.wait/notify) with an abort flag.
 *
 * A step: every worker writes its slot, passes the barrier, averages its own chunk of the vector over all slots
 * (weights = shard size / global batch, summed in worker order in float64, so the result does not depend on who
 * computes it), passes the barrier again, and reads the whole result. Two barriers per step make the buffer safe to
 * reuse: no worker writes step s+1 before every worker has read step s.
 */

const COUNT = 0;
const GEN = 1;
const ABORT = 2;
const CONTROL_INTS = 4;

/** What a worker is told about the buffer (plain data: it travels in workerData). */
export interface SharedGradsLayout {
  readonly buffer: SharedArrayBuffer;
  /** Number of workers (the main thread is worker 0). */
  readonly workers: number;
  /** Gradient values per slot (the sum of parameter sizes); the loss follows at this index. */
  readonly size: number;
}

/** Thrown in a worker or the main thread waiting on the barrier once another worker has failed. */
export class BarrierAborted extends Error {
  // Kept when the error crosses from a worker thread to the main thread.
  override name = 'BarrierAborted';
}

/** Slots start at multiples of 64 bytes: V8 copies out of shared memory ~4x slower from an offset that is not
 * 8-aligned. */
const ALIGN_FLOATS = 16;
const roundUp = (x: number, to: number): number => Math.ceil(x / to) * to;
const floatsStart = (workers: number): number => roundUp(CONTROL_INTS * 4 + workers * 8, ALIGN_FLOATS * 4);
const strideOf = (size: number): number => roundUp(size + 1, ALIGN_FLOATS);

/** Allocates the buffer for `workers` workers and gradients of `size` values. */
export function allocateSharedGrads(workers: number, size: number): SharedGradsLayout {
  const bytes = floatsStart(workers) + (workers + 1) * strideOf(size) * 4;
  return { buffer: new SharedArrayBuffer(bytes), workers, size };
}

/** Minimal typing of Atomics.waitAsync (ES2024; Node 16+ has it, this project's lib is ES2022). */
type WaitAsync = (ta: Int32Array, index: number, value: number) => { async: false; value: string } | { async: true; value: Promise<string> };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/** One worker's view of the shared gradients. */
export class SharedGrads {
  private readonly control: Int32Array;
  private readonly l2: Float64Array;
  private readonly floats: Float32Array;
  private readonly stride: number;

  constructor(
    private readonly layout: SharedGradsLayout,
    /** This worker's index, 0 for the main thread. */
    readonly index: number,
  ) {
    const { buffer, workers, size } = layout;
    this.control = new Int32Array(buffer, 0, CONTROL_INTS);
    this.l2 = new Float64Array(buffer, CONTROL_INTS * 4, workers);
    this.stride = strideOf(size);
    this.floats = new Float32Array(buffer, floatsStart(workers), (workers + 1) * this.stride);
  }

  /** This worker's slot: gradients at their offsets, then the loss at `size`. */
  slot(): Float32Array {
    return this.floats.subarray(this.index * this.stride, this.index * this.stride + this.layout.size + 1);
  }

  /** The averaged gradients (and loss at `size`), valid after `reduce` and the barrier that follows it. */
  result(): Float32Array {
    const w = this.layout.workers;
    return this.floats.subarray(w * this.stride, w * this.stride + this.layout.size + 1);
  }

  /** Averages this worker's chunk of every slot into the result; `weights[i]` is worker i's share of the batch. */
  reduce(weights: readonly number[]): void {
    const { workers, size } = this.layout;
    const chunk = roundUp(Math.ceil((size + 1) / workers), ALIGN_FLOATS);
    const from = Math.min(size + 1, this.index * chunk);
    const to = Math.min(size + 1, from + chunk);
    const part = (i: number) => this.floats.subarray(i * this.stride + from, i * this.stride + to);
    const out = part(workers);
    if (workers === 2) {
      // The sum below for two workers, written out: V8 runs this loop over shared memory ~3x faster.
      const [a, b] = [part(0), part(1)];
      const [wa, wb] = weights;
      for (let j = 0; j < out.length; j++) out[j] = wa * a[j] + wb * b[j];
      return;
    }
    const slots = weights.map((_, i) => part(i));
    for (let j = 0; j < out.length; j++) {
      let acc = weights[0] * slots[0][j];
      for (let i = 1; i < workers; i++) acc += weights[i] * slots[i][j];
      out[j] = acc;
    }
  }

  /** Records this worker's `l2_params` after its update. */
  setL2(value: number): void {
    this.l2[this.index] = value;
  }

  /** Worker i's last recorded `l2_params`. */
  l2Of(i: number): number {
    return this.l2[i];
  }

  /** Arrives at the barrier; returns the generation to wait past, or undefined when this arrival released it. */
  private arrive(): number | undefined {
    const c = this.control;
    if (Atomics.load(c, ABORT)) throw new BarrierAborted('another training worker failed');
    // Read the generation before counting in: it can only move once every worker, this one included, has arrived.
    const gen = Atomics.load(c, GEN);
    if (Atomics.add(c, COUNT, 1) === this.layout.workers - 1) {
      Atomics.store(c, COUNT, 0);
      Atomics.add(c, GEN, 1);
      Atomics.notify(c, GEN);
      return undefined;
    }
    return gen;
  }

  /** The barrier for worker threads: blocks until every worker has arrived (or one failed). */
  barrierSync(): void {
    const gen = this.arrive();
    if (gen === undefined) return;
    while (Atomics.load(this.control, GEN) === gen) {
      if (Atomics.load(this.control, ABORT)) throw new BarrierAborted('another training worker failed');
      Atomics.wait(this.control, GEN, gen);
    }
  }

  /** The barrier for the main thread: waits without blocking its event loop (signals, worker exit events). */
  async barrier(): Promise<void> {
    const gen = this.arrive();
    if (gen === undefined) return;
    while (Atomics.load(this.control, GEN) === gen) {
      if (Atomics.load(this.control, ABORT)) throw new BarrierAborted('another training worker failed');
      const w = waitAsync(this.control, GEN, gen);
      if (w.async) await w.value;
    }
  }

  /** Wakes every waiter with the abort flag set: they throw BarrierAborted. */
  abort(): void {
    Atomics.store(this.control, ABORT, 1);
    Atomics.notify(this.control, GEN);
  }
}
