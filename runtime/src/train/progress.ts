/**
 * What `bv train` prints while it runs: one progress format, `step N/M  img/s  loss  ETA`, and each eval's results
 * when they are computed (`eval val at step N/M: prec@1 0.9550, loss 0.1502 (2.1s)`). On a TTY the progress line
 * is redrawn in place (as a bar, naming an eval while it runs), with notes and results printed above it.
 * Otherwise (a pipe, the VS Code extension, CI): plain log lines only, one per note, eval and training-log step,
 * so logs stay greppable (`step N/M` is read by other tools). The img/s shown is the trainer's `img/sec/core`
 * measurement, the figure of the metrics file.
 */

export interface ProgressSink {
  /** A section note or other message (upstream's `write_note`). */
  note(message: string): void;
  /** A line of the metric log (`[step] name = value`); shown only when verbose. */
  metric(line: string): void;
  /** Progress after `step`: redraws the bar on a TTY, prints a line on training-log steps otherwise. */
  update(p: ProgressInfo): void;
  /** An evaluator starts (a TTY shows it on the progress line; a log waits for its results). */
  evaluating(name: string): void;
  /** An evaluator's results, as computed. */
  evaluated(e: EvalReport): void;
  /** Removes the bar (end of run or error). */
  done(): void;
}

export interface ProgressInfo {
  step: number;
  total: number;
  /** The last `img/sec/core` measured (NaN while unknown). */
  imgPerSec: number;
  /** Last logged training loss (NaN while unknown). */
  loss: number;
  /** Seconds left (NaN while unknown). */
  etaSeconds: number;
  /** True on steps whose metrics were logged. */
  logged: boolean;
}

/** One run of an evaluator. */
export interface EvalReport {
  /** The entry's name in `config.evals`. */
  name: string;
  step: number;
  total: number;
  /** What the evaluator yielded, by its own metric names (`prec@1`, `loss`). */
  results: ReadonlyArray<readonly [string, number]>;
  seconds: number;
}

/** `1h02m`, `3m05s`, `12s`, or `?` for unknown. */
export function formatEta(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '?';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.floor(s % 60);
  if (h) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m) return `${m}m${String(sec).padStart(2, '0')}s`;
  return `${sec}s`;
}

function fmt(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '?';
}

/** A metric value: 4 decimals, or 4 significant digits where decimals would hide it. */
function fmtValue(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return x === 0 || (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e6) ? x.toFixed(4) : x.toPrecision(4);
}

/** The line of one eval run: `eval val at step 150/300: prec@1 0.9550, loss 0.1502 (2.1s)`. */
export function formatEval(e: EvalReport): string {
  return `eval ${e.name} at step ${e.step}/${e.total}: ${e.results.map(([k, v]) => `${k} ${fmtValue(v)}`).join(', ')} (${e.seconds.toFixed(1)}s)`;
}

/** The progress line of a log: `step 150/300  412.3 img/s  loss 0.2312  ETA 1m02s`. */
export function formatStepLine(p: ProgressInfo): string {
  return `step ${p.step}/${p.total}  ${fmt(p.imgPerSec, 1)} img/s  loss ${fmt(p.loss, 4)}  ETA ${formatEta(p.etaSeconds)}`;
}

/** The bar's text: `[#####.....] 150/300  412.3 img/s  loss 0.2312  ETA 1m02s`. */
export function formatProgress(p: ProgressInfo, width = 24): string {
  const frac = p.total ? Math.min(1, p.step / p.total) : 1;
  const filled = Math.round(frac * width);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  return `${bar} ${formatStepLine(p).slice('step '.length)}`;
}

export interface StreamLike {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Progress for a stream: a bar when it is a TTY, log lines otherwise. */
export function createProgress(stream: StreamLike, opts: { verbose?: boolean; tty?: boolean } = {}): ProgressSink {
  const tty = opts.tty ?? Boolean(stream.isTTY);
  let barShown = false;
  let lastDraw = 0;
  let lastBar: ProgressInfo | undefined;
  const clear = () => {
    if (barShown) stream.write('\r\x1b[2K');
    barShown = false;
  };
  const line = (s: string) => {
    clear();
    stream.write(`${s}\n`);
  };
  const draw = (text: string) => {
    stream.write(`\r\x1b[2K${stream.columns ? text.slice(0, stream.columns - 1) : text}`);
    barShown = true;
  };
  return {
    note: (m) => line(`NOTE: ${m.replaceAll('\n', ' | ')}`),
    metric: (l) => {
      if (opts.verbose) line(l);
    },
    update: (p) => {
      if (!tty) {
        if (p.logged || p.step === p.total) line(formatStepLine(p));
        return;
      }
      lastBar = p;
      const now = Date.now();
      if (now - lastDraw < 100 && p.step !== p.total) return; // redrawing faster than the eye is wasted work
      lastDraw = now;
      draw(formatProgress(p));
    },
    evaluating: (name) => {
      if (tty && lastBar) draw(`${formatProgress(lastBar)}  evaluating ${name}...`);
    },
    evaluated: (e) => {
      line(formatEval(e));
      if (tty && lastBar) draw(formatProgress(lastBar));
    },
    done: clear,
  };
}
