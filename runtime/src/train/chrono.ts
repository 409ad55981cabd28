/**
 * Upstream's `utils.Chrono`: measures training, program and pause (eval) time, reports progress metrics when it
 * ticks (`uptime`, `examples_seen`, `progress`, `epoch`, then after a two-tick warm-up `img/sec/core` and
 * `core_hours`), and accumulates times and examples across restarts (`save`/`load` go into the checkpoint under
 * `chrono/`). The warm-up is why train.py logs the first two steps after every (re)start. Unlike upstream it
 * writes no `Steps:` note per tick: the console's progress line shows the same figures (`secondsPerStep` for the
 * ETA, the `img/sec/core` measurement), and `summary()` ends the run.
 */

export interface ChronoState {
  accum_program_time: number;
  accum_train_time: number;
  accum_pause_time: number;
  accum_examples_seen: number;
}

type Measure = (name: string, value: number) => void;

function hms(s: number): string {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.round(s % 60);
  return h ? `${h}h${String(m).padStart(2, '0')}m` : m ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`;
}

export class Chrono {
  /** Ticks still to skip before timing starts (the first steps include compilation/warm-up). */
  warmup = 2;
  private readonly programStart: number;
  private trainStartTime = 0;
  private trainStartStep = 0;
  private prevTime = 0;
  private prevStep: number | undefined;
  private pauseStart: number | undefined;
  private pausedTime = 0;
  private totalSteps = 0;
  private globalBs = 0;
  private stepsPerEpoch = 0;
  private accum: ChronoState = { accum_program_time: 0, accum_train_time: 0, accum_pause_time: 0, accum_examples_seen: 0 };
  /** Seconds per step of the timed part, for ETAs (NaN until timing starts). */
  secondsPerStep = NaN;

  constructor(
    private readonly measure: Measure,
    /** Monotonic clock in seconds (injectable for tests). */
    private readonly now: () => number = () => performance.now() / 1000,
    /** Number of "cores" the batch is spread over (upstream: jax.device_count()). */
    private readonly ncores = 1,
  ) {
    this.programStart = this.now();
  }

  inform(info: { firstStep?: number; totalSteps?: number; globalBs?: number; stepsPerEpoch?: number }): void {
    if (info.firstStep !== undefined) this.prevStep = info.firstStep;
    this.totalSteps = info.totalSteps || this.totalSteps;
    this.globalBs = info.globalBs || this.globalBs;
    this.stepsPerEpoch = info.stepsPerEpoch || this.stepsPerEpoch;
  }

  tick(step: number): void {
    if (step === this.prevStep) return; // e.g. an eval right after a training-log tick
    const now = this.now();
    this.measure('uptime', now - this.programStart);
    const ds = step - (this.prevStep ?? 0);
    this.prevStep = step;
    this.accum.accum_examples_seen += ds * this.globalBs;
    this.measure('examples_seen', this.accum.accum_examples_seen);
    this.measure('progress', step / this.totalSteps);
    if (this.stepsPerEpoch) this.measure('epoch', step / this.stepsPerEpoch);

    if (this.warmup > 1) {
      this.warmup--;
      return;
    }
    if (this.warmup === 1) {
      this.trainStartTime = this.prevTime = now;
      this.trainStartStep = step;
      this.accum.accum_program_time += now - this.programStart;
      this.pausedTime = 0; // pauses before timing starts do not count
      this.warmup = 0;
      return;
    }
    const dt = now - this.prevTime - this.pausedTime;
    this.measure('img/sec/core', (this.globalBs * ds) / dt / this.ncores);
    this.accum.accum_train_time += dt;
    this.accum.accum_pause_time += this.pausedTime;
    this.accum.accum_program_time += dt + this.pausedTime;
    this.measure('core_hours', (this.accum.accum_train_time * this.ncores) / 3600);

    const elapsed = now - this.trainStartTime;
    const timed = step - this.trainStartStep;
    this.secondsPerStep = elapsed / timed;
    this.prevTime = now;
    this.pausedTime = 0;
  }

  /** `walltime 1m02s (12s in evals) over all attempts`, from the last tick. */
  summary(): string {
    return `walltime ${hms(this.accum.accum_program_time)} (${hms(this.accum.accum_pause_time)} in evals) over all attempts`;
  }

  pause(): void {
    if (this.pauseStart !== undefined) throw new Error("Don't pause twice.");
    this.pauseStart = this.now();
  }

  resume(): void {
    if (this.pauseStart === undefined) throw new Error('resume() without pause()');
    this.pausedTime += this.now() - this.pauseStart;
    this.pauseStart = undefined;
  }

  save(): ChronoState {
    return { ...this.accum };
  }

  load(state: Partial<ChronoState>): void {
    this.accum = {
      accum_program_time: Number(state.accum_program_time ?? 0),
      accum_train_time: Number(state.accum_train_time ?? 0),
      accum_pause_time: Number(state.accum_pause_time ?? 0),
      accum_examples_seen: Math.trunc(Number(state.accum_examples_seen ?? 0)),
    };
  }

  /** Times `fn` and measures it as `name` (upstream `log_timing`). */
  async logTiming<T>(name: string, fn: () => Promise<T> | T, noop = false): Promise<T> {
    const t0 = this.now();
    const r = await fn();
    if (!noop) this.measure(name, this.now() - t0);
    return r;
  }
}
