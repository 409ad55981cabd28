/**
 * Follows a growing `big_vision_metrics.txt` (the format of `metrics/contract.ts`): each `read()` returns the
 * records appended since the last one. A line is taken only once its newline is there, so a writer caught in
 * the middle of an append is read on the next call. A file that shrank or was replaced (a run restarted from
 * scratch, a copy over it) starts over, and the update says so. Lines that are not metrics records become
 * problems with their line number; the tail goes on with the next line, so one bad line never hides a run.
 *
 * Upstream writes Python's JSON (`NaN`, `Infinity`), scalars as floats and other values as their shape. Only the
 * scalars are charted: `scalars` holds them, and every other value (a shape, a string) is skipped.
 */
import * as fs from 'node:fs';
import { parseMetricsLine } from '../metrics/contract';

/** One line of the metrics file, reduced to what charts and summaries use. */
export interface MetricsPoint {
  step: number;
  /** Scalar metrics of the line, in file order (NaN and ±Infinity kept). */
  scalars: Map<string, number>;
}

/** A line that is not a metrics record. */
export interface TailProblem {
  /** 1-based line number in the file. */
  line: number;
  message: string;
}

const CHUNK = 1 << 22;
const MAX_LINE = 1 << 20;

/** Receives what a metrics file holds, one line at a time, without a per-line object (files run to millions
 * of lines). */
export interface MetricsSink {
  /** A record starts: its step. Followed by its scalars, then `end`. */
  begin(step: number): void;
  scalar(name: string, value: number): void;
  end(): void;
  problem(p: TailProblem): void;
  /** The file shrank or was replaced: forget everything; its content follows from line 1. A sink without
   * `reset` learns it from `read()` returning true (after the new content was fed). */
  reset?(): void;
}

/**
 * Scans one line into `sink`: `false` for a blank line, `true` for a record; throws on anything else (the sink
 * has then seen nothing of the line). Values other than numbers (shapes, strings, booleans) are skipped.
 * JSON.parse is the fastest scanner Node has for these lines; the Python tokens take the slower path of
 * `parseMetricsLine` only on lines that hold them.
 */
export function scanMetricsLine(line: string, sink: Pick<MetricsSink, 'begin' | 'scalar' | 'end'>): boolean {
  if (!line.trim()) return false;
  let record: unknown;
  if (line.includes('NaN') || line.includes('Infinity')) record = parseMetricsLine(line);
  else {
    try {
      record = JSON.parse(line);
    } catch (err) {
      // Node's own text ("Unexpected token '}', ... is not valid JSON"); the caller adds the line itself.
      throw new Error(`not JSON (${(err as Error).message.split(',')[0]})`, { cause: err });
    }
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new Error('not a JSON object');
  const step = (record as { step?: unknown }).step;
  if (typeof step !== 'number' || !Number.isInteger(step)) throw new Error('no integer "step"');
  sink.begin(step);
  for (const key in record) {
    const v = (record as Record<string, unknown>)[key];
    if (typeof v === 'number' && key !== 'step') sink.scalar(key, v);
  }
  sink.end();
  return true;
}

/** Where a tail stands in its file: the start of the first line not taken yet. Another tail (in another
 * thread) goes on from there. */
export interface TailPosition {
  offset: number;
  lineNo: number;
  ino?: number;
}

const NEWLINE = 0x0a;

export class MetricsTail {
  /** Bytes read so far (the start of `pending` is `offset - pending.length`). */
  private offset = 0;
  private lineNo = 0;
  /** The bytes of a line whose newline has not been read yet. Lines are split on bytes: a newline byte never
   * occurs inside a multi-byte UTF-8 character, so every line decodes whole. */
  private pending: Buffer = Buffer.alloc(0);
  private ino: number | undefined;
  private size = 0;

  /** `from`: go on where another tail stopped (e.g. a full read done in a worker thread). */
  constructor(
    readonly file: string,
    from?: TailPosition,
  ) {
    if (from) {
      this.offset = from.offset;
      this.lineNo = from.lineNo;
      this.ino = from.ino;
    }
  }

  /** Lines taken so far (complete lines, blank ones included). */
  get lines(): number {
    return this.lineNo;
  }

  /** Bytes of the file consumed so far. */
  get bytes(): number {
    return this.offset;
  }

  /** The file's size at the last read. */
  get fileSize(): number {
    return this.size;
  }

  /** Bytes the last read left unread because of its `maxBytes`. */
  get behind(): number {
    return Math.max(0, this.size - this.offset);
  }

  /** Where this tail stands: a line start, so that a new tail from here reads a torn last line whole. */
  position(): TailPosition {
    return { offset: this.offset - this.pending.length, lineNo: this.lineNo, ino: this.ino };
  }

  /**
   * Feeds what was appended since the last call to `sink`; returns true when the file shrank or was replaced,
   * in which case the sink must first forget what it had (the new content follows from line 1). A missing file
   * feeds nothing (the run has not logged yet); an unreadable one throws an error that names it.
   * `maxBytes` bounds one call (for a caller that yields between calls); `behind` then says what is left.
   */
  read(sink: MetricsSink, maxBytes = Infinity): boolean {
    let reset = false;
    let fd: number;
    try {
      fd = fs.openSync(this.file, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        if (this.offset === 0) return false;
        sink.reset?.();
        return this.restart();
      }
      throw new Error(`cannot read ${this.file}: ${(err as Error).message}`, { cause: err });
    }
    try {
      const st = fs.fstatSync(fd);
      if ((this.ino !== undefined && st.ino !== this.ino) || st.size < this.offset) {
        reset = this.restart();
        sink.reset?.();
      }
      this.ino = st.ino;
      this.size = st.size;
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes, Math.max(st.size - this.offset, 1)));
      for (let budget = maxBytes; budget > 0; ) {
        const got = fs.readSync(fd, buf, 0, Math.min(buf.length, budget), this.offset);
        if (got <= 0) break;
        this.offset += got;
        budget -= got;
        this.size = Math.max(this.size, this.offset);
        this.consume(buf.subarray(0, got), sink);
      }
    } finally {
      fs.closeSync(fd);
    }
    return reset;
  }

  private restart(): boolean {
    this.offset = 0;
    this.lineNo = 0;
    this.pending = Buffer.alloc(0);
    return true;
  }

  private consume(chunk: Buffer, sink: MetricsSink): void {
    const last = chunk.lastIndexOf(NEWLINE);
    if (last < 0) {
      this.pending = Buffer.concat([this.pending, chunk]);
      if (this.pending.length > MAX_LINE) {
        // A file without newlines is not a metrics file; keep memory bounded and say so once.
        sink.problem({ line: this.lineNo + 1, message: `a line longer than ${MAX_LINE} bytes` });
        this.pending = Buffer.alloc(0);
      }
      return;
    }
    let start = 0;
    if (this.pending.length) {
      const nl = chunk.indexOf(NEWLINE);
      this.take(Buffer.concat([this.pending, chunk.subarray(0, nl)]).toString('utf8'), sink);
      start = nl + 1;
    }
    if (start <= last) {
      const text = chunk.toString('utf8', start, last);
      let from = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
        this.take(text.slice(from, nl), sink);
        from = nl + 1;
      }
      this.take(text.slice(from), sink);
    }
    // Copied: `chunk` is the caller's reused read buffer.
    this.pending = Buffer.from(chunk.subarray(last + 1));
  }

  private take(line: string, sink: MetricsSink): void {
    this.lineNo++;
    try {
      scanMetricsLine(line, sink);
    } catch (err) {
      sink.problem({ line: this.lineNo, message: `${(err as Error).message}: ${line.slice(0, 80)}` });
    }
  }
}

/** A sink that keeps every record as an object: for tests and small files. */
export class CollectSink implements MetricsSink {
  points: MetricsPoint[] = [];
  problems: TailProblem[] = [];
  private cur?: MetricsPoint;
  begin(step: number): void {
    this.cur = { step, scalars: new Map() };
  }
  scalar(name: string, value: number): void {
    this.cur?.scalars.set(name, value);
  }
  end(): void {
    if (this.cur) this.points.push(this.cur);
    this.cur = undefined;
  }
  problem(p: TailProblem): void {
    this.problems.push(p);
  }
  clear(): void {
    this.points = [];
    this.problems = [];
  }
}

/** A sink that keeps the last step and the last value of every metric (what a run summary shows). */
export class LastValuesSink implements MetricsSink {
  step: number | undefined;
  last = new Map<string, number>();
  problems: TailProblem[] = [];
  begin(step: number): void {
    this.step = step;
  }
  scalar(name: string, value: number): void {
    this.last.set(name, value);
  }
  end(): void {}
  problem(p: TailProblem): void {
    this.problems.push(p);
  }
  clear(): void {
    this.step = undefined;
    this.last.clear();
    this.problems = [];
  }
}
