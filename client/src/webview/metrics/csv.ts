/**
 * CSV export of what the charts show: one row per point (full resolution, not decimated) of every run and
 * metric, within the zoomed x range, in long form (`run,metric,step,value`, plus `smoothed` when smoothing is
 * on and the x value when the axis is a time), which spreadsheets and pandas pivot as they like. Written in
 * chunks to a stream, so a million-line run does not build one giant string.
 */
import * as fs from 'node:fs';
import type { XMode, XWindow } from '../contract';
import { windowRange } from './decimate';
import type { SeriesStore } from './seriesStore';
import { Ema } from './smoothing';
import type { TimeAxis } from './timeAxis';

export interface CsvRun {
  label: string;
  store: SeriesStore;
  axis: TimeAxis;
}

export interface CsvOptions {
  metrics: readonly string[];
  mode: XMode;
  smoothing: number;
  window: XWindow | null;
}

const ROWS_PER_CHUNK = 20000;

/** Quotes a field when it holds a comma, a quote or a line break (RFC 4180). */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The header and rows, a chunk of text at a time. */
export function* csvChunks(runs: readonly CsvRun[], o: CsvOptions): Generator<string> {
  const timeColumn = o.mode === 'relative' ? 'seconds' : o.mode === 'wall' ? 'time' : undefined;
  yield `${['run', 'metric', 'step', ...(timeColumn ? [timeColumn] : []), 'value', ...(o.smoothing > 0 ? ['smoothed'] : [])].join(',')}\n`;
  for (const metric of o.metrics) {
    for (const run of runs) {
      const s = run.store.get(metric);
      if (!s || !s.length || !run.axis.supports(o.mode)) continue;
      const xs = run.axis.map(o.mode, s.steps, 0, s.length, new Float64Array(s.length));
      const [from, to] = windowRange(xs, s.length, o.window);
      // The EMA runs from the series' start, as charted.
      const ema = o.smoothing > 0 ? new Ema(o.smoothing) : undefined;
      for (let i = 0; i < from; i++) ema?.next(s.values[i]);
      const prefix = `${csvField(run.label)},${csvField(metric)},`;
      let rows: string[] = [];
      for (let i = from; i < to; i++) {
        const smoothed = ema ? `,${ema.live(s.values[i])}` : '';
        const x = timeColumn === 'seconds' ? `${xs[i]},` : timeColumn ? `${new Date(xs[i] * 1000).toISOString()},` : '';
        rows.push(`${prefix}${s.steps[i]},${x}${s.values[i]}${smoothed}\n`);
        if (rows.length === ROWS_PER_CHUNK) {
          yield rows.join('');
          rows = [];
        }
      }
      if (rows.length) yield rows.join('');
    }
  }
}

/** Writes the chunks to `file` (waiting when the stream is full); resolves to the number of data rows. */
export async function writeCsv(file: string, chunks: Iterable<string>): Promise<number> {
  const out = fs.createWriteStream(file);
  const failed = new Promise<never>((_, reject) => out.once('error', (err) => reject(new Error(`cannot write ${file}: ${err.message}`, { cause: err }))));
  failed.catch(() => undefined); // observed by the races below; this only keeps Node from calling it unhandled
  let lines = 0;
  for (const chunk of chunks) {
    for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) lines++;
    if (!out.write(chunk)) await Promise.race([new Promise<void>((resolve) => out.once('drain', () => resolve())), failed]);
  }
  await Promise.race([new Promise<void>((resolve) => out.end(resolve)), failed]);
  return lines - 1;
}
