/**
 * A quick look at a big metrics file: its last part read whole plus lines sampled at evenly spaced byte
 * offsets (positioned reads, no scan of the rest), in file order, into a store. A million-line file (250 MB)
 * yields a few thousand lines in tens of milliseconds, enough for a first drawing of every training curve.
 * It is a preview: spikes between samples are missed and sparse metrics (evals every 1000 steps) show few
 * points, which the UI says until the full read replaces it.
 */
import * as fs from 'node:fs';
import { scanMetricsLine } from '../../../../runtime/src/runs/metricsTail';
import type { SeriesStore } from './seriesStore';

export interface PreviewOptions {
  /** Bytes at the end of the file read whole. */
  tailBytes: number;
  /** Lines sampled before that. */
  samples: number;
}

export const DEFAULT_PREVIEW: PreviewOptions = { tailBytes: 512 << 10, samples: 2000 };

export interface Preview {
  /** Lines read into the store. */
  lines: number;
  /** The file's size when sampled. */
  size: number;
  /** Lines the whole file holds, estimated from the sampled lines' length. */
  estimatedLines: number;
}

const NEWLINE = 0x0a;

/** Reads the preview of `file` into `store`. Lines that are not records are skipped (the full read reports them
 * with their line numbers). */
export function readPreview(file: string, store: SeriesStore, options = DEFAULT_PREVIEW): Preview {
  const fd = fs.openSync(file, 'r');
  let lines = 0;
  let bytes = 0;
  const take = (line: string) => {
    try {
      if (scanMetricsLine(line, store)) {
        lines++;
        bytes += line.length + 1;
      }
    } catch {
      // Counted by the full read, which knows the line's number.
    }
  };
  try {
    const size = fs.fstatSync(fd).size;
    const tailStart = Math.max(0, size - options.tailBytes);
    let buf = Buffer.allocUnsafe(2048);
    let end = 0;
    for (let k = 0; k < options.samples && tailStart > 0; k++) {
      const pos = Math.floor((k * tailStart) / options.samples);
      if (pos < end) continue; // the previous sampled line reached past this offset
      for (;;) {
        const got = fs.readSync(fd, buf, 0, buf.length, pos);
        const b = buf.subarray(0, got);
        // The line that starts after the first newline at or after `pos` (at 0, the first line).
        const start = pos === 0 ? 0 : b.indexOf(NEWLINE) + 1;
        const stop = start > 0 || pos === 0 ? b.indexOf(NEWLINE, start) : -1;
        if (stop >= 0) {
          if (pos + start < tailStart) take(b.toString('utf8', start, stop));
          end = pos + stop;
          break;
        }
        if (got < buf.length || buf.length >= 1 << 20) {
          end = pos + got;
          break;
        }
        buf = Buffer.allocUnsafe(buf.length * 4);
      }
    }
    const whole = Buffer.allocUnsafe(size - tailStart);
    const tail = whole.subarray(0, fs.readSync(fd, whole, 0, whole.length, tailStart));
    const from = tailStart === 0 ? 0 : tail.indexOf(NEWLINE) + 1;
    const to = tail.lastIndexOf(NEWLINE);
    if (from > 0 || tailStart === 0) {
      const text = tail.toString('utf8', from, Math.max(from, to));
      for (const line of text.split('\n')) take(line);
    }
    const estimatedLines = lines ? Math.round(size / (bytes / lines)) : 0;
    return { lines, size, estimatedLines };
  } finally {
    fs.closeSync(fd);
  }
}
