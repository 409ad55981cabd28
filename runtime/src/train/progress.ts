/**
 * What `bv train` prints while it runs. On a TTY: one progress line redrawn in place (step/total, img/s, loss,
 * ETA), with notes and measurements printed above it. Otherwise (a pipe, the VS Code extension, CI): plain log
 * lines only, one per note and one per training-log step, so logs stay greppable.
 */

export interface ProgressSink {
  /** A section note or other message (upstream's `write_note`). */
  note(message: string): void;
  /** A line of the metric log (`[step] name = value`); shown only when verbose. */
  metric(line: string): void;
  /** Progress after `step`: redraws the bar on a TTY, prints a line on training-log steps otherwise. */
  update(p: ProgressInfo): void;
  /** Removes the bar (end of run or error). */
  done(): void;
}

export interface ProgressInfo {
  step: number;
  total: number;
  /** Examples per second over the recent steps (NaN while unknown). */
  imgPerSec: number;
  /** Last logged training loss (NaN while unknown). */
  loss: number;
  /** Seconds left (NaN while unknown). */
  etaSeconds: number;
  /** True on steps whose metrics were logged. */
  logged: boolean;
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

/** The bar's text: `[#####.....] 150/300  412.3 img/s  loss 0.2312  ETA 1m02s`. */
export function formatProgress(p: ProgressInfo, width = 24): string {
  const frac = p.total ? Math.min(1, p.step / p.total) : 1;
  const filled = Math.round(frac * width);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  return `${bar} ${p.step}/${p.total}  ${fmt(p.imgPerSec, 1)} img/s  loss ${fmt(p.loss, 4)}  ETA ${formatEta(p.etaSeconds)}`;
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
  const clear = () => {
    if (barShown) stream.write('\r\x1b[2K');
    barShown = false;
  };
  const line = (s: string) => {
    clear();
    stream.write(`${s}\n`);
  };
  return {
    note: (m) => line(`NOTE: ${m.replaceAll('\n', ' | ')}`),
    metric: (l) => {
      if (opts.verbose) line(l);
    },
    update: (p) => {
      if (!tty) {
        if (p.logged || p.step === p.total) line(`step ${p.step}/${p.total}  ${fmt(p.imgPerSec, 1)} img/s  loss ${fmt(p.loss, 4)}  ETA ${formatEta(p.etaSeconds)}`);
        return;
      }
      const now = Date.now();
      if (now - lastDraw < 100 && p.step !== p.total) return; // redrawing faster than the eye is wasted work
      lastDraw = now;
      const text = formatProgress(p);
      stream.write(`\r\x1b[2K${stream.columns ? text.slice(0, stream.columns - 1) : text}`);
      barShown = true;
    },
    done: clear,
  };
}
