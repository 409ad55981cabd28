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

// About a sample a pixel of a chart's width (a preview shows the trend, the full read the detail); the tail
// gives the latest values exactly. ~1200 lines, ~25 ms on first use (before the JIT warms up, ~10 ms after).
export const DEFAULT_PREVIEW: PreviewOptions = { tailBytes: 96 << 10, samples: 800 };

export interface Preview {
  /** Lines read into the store. */
  lines: number;
  /** The file's size when sampled. */
  size: number;
  /** Lines the whole file holds, estimated from the sampled lines' length. */
  estimatedLines: number;
}

const NEWLINE = 0x0a;

/**
 * Reads the preview of `file` into `store`. Positioned synchronous reads: 1500 of them take ~6 ms from the
 * page cache, where as many promise-based reads take ~150 ms (thread pool and promise overhead). Lines that
 * are not records are skipped (the full read reports them with their line numbers).
 */
export function readPreview(file: string, store: SeriesStore, options = DEFAULT_PREVIEW): Preview {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const tailStart = Math.max(0, size - options.tailBytes);
    const samples = tailStart > 0 ? options.samples : 0;
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
    const buf = Buffer.allocUnsafe(1 << 20);
    let last = -1;
    for (let k = 0; k < samples; k++) {
      const line = sampleAt(fd, buf, Math.floor((k * tailStart) / samples), tailStart);
      // Two offsets in one long line find the same next line: take it once.
      if (line === undefined || line.start <= last) continue;
      last = line.start;
      take(line.text);
    }
    const tail = readAt(fd, Buffer.allocUnsafe(size - tailStart), tailStart, size - tailStart);
    const from = tailStart === 0 ? 0 : tail.indexOf(NEWLINE) + 1;
    const to = tail.lastIndexOf(NEWLINE);
    if ((from > 0 || tailStart === 0) && to > from) for (const line of tail.toString('utf8', from, to).split('\n')) take(line);
    return { lines, size, estimatedLines: lines ? Math.round(size / (bytes / lines)) : 0 };
  } finally {
    fs.closeSync(fd);
  }
}

function readAt(fd: number, buf: Buffer, position: number, length: number): Buffer {
  return buf.subarray(0, fs.readSync(fd, buf, 0, Math.min(length, buf.length), position));
}

/** The line that starts after the first newline at or after `pos` (at 0: the first line), if it starts before
 * `limit`; read in growing pieces (up to `buf`'s size) until its newline is in. */
function sampleAt(fd: number, buf: Buffer, pos: number, limit: number): { start: number; text: string } | undefined {
  for (let size = 2048; size <= buf.length; size *= 4) {
    const b = readAt(fd, buf, pos, size);
    const start = pos === 0 ? 0 : b.indexOf(NEWLINE) + 1;
    if (pos > 0 && start === 0) {
      if (b.length < size) return undefined;
      continue;
    }
    if (pos + start >= limit) return undefined;
    const stop = b.indexOf(NEWLINE, start);
    if (stop >= 0) return { start: pos + start, text: b.toString('utf8', start, stop) };
    if (b.length < size) return undefined;
  }
  return undefined;
}
