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

// A chart a few hundred pixels wide needs about two points a pixel; the tail gives the latest values exactly.
export const DEFAULT_PREVIEW: PreviewOptions = { tailBytes: 256 << 10, samples: 1500 };

export interface Preview {
  /** Lines read into the store. */
  lines: number;
  /** The file's size when sampled. */
  size: number;
  /** Lines the whole file holds, estimated from the sampled lines' length. */
  estimatedLines: number;
}

const NEWLINE = 0x0a;

/** Reads the preview of `file` into `store`, with non-blocking reads (all in flight at once), so the thread
 * that asked stays free meanwhile (the panel's page loads in parallel); only the parse of the few thousand
 * lines taken runs on it. Lines that are not records are skipped (the full read reports them by number). */
export async function readPreview(file: string, store: SeriesStore, options = DEFAULT_PREVIEW): Promise<Preview> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    const tailStart = Math.max(0, size - options.tailBytes);
    const samples = tailStart > 0 ? options.samples : 0;
    const positions = Array.from({ length: samples }, (_, k) => Math.floor((k * tailStart) / samples));
    const [tail, ...sampled] = await Promise.all([readAt(fh, tailStart, size - tailStart), ...positions.map((pos) => sampleAt(fh, pos, tailStart))]);
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
    let last = -1;
    for (const line of sampled) {
      // Two offsets in one long line find the same next line: take it once.
      if (line === undefined || line.start <= last) continue;
      last = line.start;
      take(line.text);
    }
    const from = tailStart === 0 ? 0 : tail.indexOf(NEWLINE) + 1;
    const to = tail.lastIndexOf(NEWLINE);
    if ((from > 0 || tailStart === 0) && to > from) for (const line of tail.toString('utf8', from, to).split('\n')) take(line);
    return { lines, size, estimatedLines: lines ? Math.round(size / (bytes / lines)) : 0 };
  } finally {
    await fh.close();
  }
}

async function readAt(fh: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/** The line that starts after the first newline at or after `pos` (at 0: the first line), if it starts before
 * `limit`; read in growing pieces until its newline is in. */
async function sampleAt(fh: fs.promises.FileHandle, pos: number, limit: number): Promise<{ start: number; text: string } | undefined> {
  for (let size = 2048; size <= 1 << 20; size *= 4) {
    const b = await readAt(fh, pos, size);
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
