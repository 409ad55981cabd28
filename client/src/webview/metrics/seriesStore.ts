/**
 * A run's metrics in columns: one `Series` (steps and values in growable typed arrays) per metric, filled
 * line by line as a `MetricsSink` of the tail. A million lines of a dozen metrics take 12 bytes a point
 * (~150 MB), with no object per line. Only finite values are kept (charts skip the others); the others are
 * counted so the UI can say they were there.
 *
 * When a run restarts from a checkpoint, upstream appends to the same file and steps go back. Like
 * TensorBoard's purge of orphaned data, a step at or before a series' last step drops the points from that
 * step on: a series always has strictly ascending steps, which the decimation and the x axes rely on.
 */
import type { MetricsSink, TailProblem } from '../../../../runtime/src/runs/metricsTail';

const MAX_STEP = 0xffffffff;
const FIRST_CAPACITY = 256;
/** Problems kept by text (the rest are only counted). */
const KEPT_PROBLEMS = 20;

/** One metric of one run: `steps[i]`, `values[i]` for `i < length`, steps strictly ascending. */
export class Series {
  steps: Uint32Array;
  values: Float64Array;
  length = 0;
  /** NaN and ±Infinity values seen (not stored). */
  nonFinite = 0;
  /** Incremented whenever points are dropped (a restart went back in steps): what was sent is stale. */
  epoch = 0;

  constructor(capacity = FIRST_CAPACITY) {
    this.steps = new Uint32Array(capacity);
    this.values = new Float64Array(capacity);
  }

  get lastStep(): number {
    return this.length ? this.steps[this.length - 1] : -1;
  }

  add(step: number, value: number): void {
    if (!Number.isFinite(value)) {
      this.nonFinite++;
      return;
    }
    let n = this.length;
    if (n && step <= this.steps[n - 1]) {
      n = this.length = lowerBound(this.steps, n, step);
      this.epoch++;
    }
    if (n === this.steps.length) this.grow(n + 1);
    this.steps[n] = step;
    this.values[n] = value;
    this.length = n + 1;
  }

  /** Index of the first point with step ≥ `step` (`length` if none). */
  indexOfStep(step: number): number {
    return lowerBound(this.steps, this.length, step);
  }

  private grow(min: number): void {
    const capacity = Math.max(min, Math.ceil(this.steps.length * 1.5));
    const steps = new Uint32Array(capacity);
    steps.set(this.steps.subarray(0, this.length));
    const values = new Float64Array(capacity);
    values.set(this.values.subarray(0, this.length));
    this.steps = steps;
    this.values = values;
  }
}

function lowerBound(steps: Uint32Array, length: number, step: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (steps[mid] < step) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A store's content as transferable buffers (a worker thread hands its full read to the host this way). */
export interface StoreSnapshot {
  names: string[];
  series: { steps: ArrayBuffer; values: ArrayBuffer; length: number; nonFinite: number }[];
  records: number;
  lastStep: number;
  problems: TailProblem[];
  problemCount: number;
}

/** Every metric of one run, in the order the file first names them. */
export class SeriesStore implements MetricsSink {
  private readonly byName = new Map<string, Series>();
  /** Metric names in order of first appearance. */
  readonly names: string[] = [];
  /** Records (lines with a step) taken. */
  records = 0;
  /** Step of the last record (-1 before any). */
  lastStep = -1;
  /** The first few lines that are not metrics records; `problemCount` counts them all. */
  problems: TailProblem[] = [];
  problemCount = 0;
  /** Incremented when the store forgets everything (the file was truncated or replaced). */
  generation = 0;
  private step = -1;
  private skip = false;

  /** `lineOf`: the line being read (the tail's `lines`), to name a line the store itself refuses. */
  constructor(private readonly lineOf: () => number = () => 0) {}

  get(name: string): Series | undefined {
    return this.byName.get(name);
  }

  /** Points held over every series (memory is 12 bytes each). */
  get points(): number {
    let n = 0;
    for (const s of this.byName.values()) n += s.length;
    return n;
  }

  begin(step: number): void {
    this.skip = step < 0 || step > MAX_STEP;
    if (this.skip) {
      this.problem({ line: this.lineOf(), message: `step ${step} is out of range (0 to ${MAX_STEP})` });
      return;
    }
    this.step = step;
    this.lastStep = step;
    this.records++;
  }

  scalar(name: string, value: number): void {
    if (this.skip) return;
    let series = this.byName.get(name);
    if (!series) {
      series = new Series();
      this.byName.set(name, series);
      this.names.push(name);
    }
    series.add(this.step, value);
  }

  end(): void {}

  problem(p: TailProblem): void {
    this.problemCount++;
    if (this.problems.length < KEPT_PROBLEMS) this.problems.push(p);
  }

  reset(): void {
    this.byName.clear();
    this.names.length = 0;
    this.records = 0;
    this.lastStep = -1;
    this.problems = [];
    this.problemCount = 0;
    this.generation++;
  }

  /** The content as buffers sized to fit (plus room for appends), to transfer to another thread. */
  snapshot(headroom = 4096): StoreSnapshot {
    const series = this.names.map((name) => {
      const s = this.byName.get(name) as Series;
      const size = s.length + headroom;
      const steps = new Uint32Array(size);
      steps.set(s.steps.subarray(0, s.length));
      const values = new Float64Array(size);
      values.set(s.values.subarray(0, s.length));
      return { steps: steps.buffer, values: values.buffer, length: s.length, nonFinite: s.nonFinite };
    });
    return { names: [...this.names], series, records: this.records, lastStep: this.lastStep, problems: this.problems, problemCount: this.problemCount };
  }

  /** A store holding a snapshot's content (the buffers are taken over, not copied). */
  static fromSnapshot(snap: StoreSnapshot, lineOf?: () => number): SeriesStore {
    const store = new SeriesStore(lineOf);
    snap.names.forEach((name, i) => {
      const src = snap.series[i];
      const s = new Series(0);
      s.steps = new Uint32Array(src.steps);
      s.values = new Float64Array(src.values);
      s.length = src.length;
      s.nonFinite = src.nonFinite;
      store.byName.set(name, s);
      store.names.push(name);
    });
    store.records = snap.records;
    store.lastStep = snap.lastStep;
    store.problems = snap.problems;
    store.problemCount = snap.problemCount;
    return store;
  }
}
