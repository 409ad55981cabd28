/**
 * One run as the panel follows it: its metrics file read into a store and kept up to date, and its config.
 * A small file is read whole at once. A big one is first previewed (sampled lines, see `preview.ts`) and read
 * whole in a worker thread when the host asks (after the preview is on screen, so the read does not compete
 * with the first drawing); the store is then replaced and the tail goes on from where the worker stopped.
 * `poll()` takes what was appended; a truncated or replaced file starts the store over (`generation`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE, METRICS_FILE } from '../../../../runtime/src/metrics/contract';
import { MetricsTail } from '../../../../runtime/src/runs/metricsTail';
import type { PanelRun, RunPhase } from '../contract';
import type { RunConfig } from './configDiff';
import { readHere, readInWorker } from './fullRead';
import { DEFAULT_PREVIEW, readPreview, type PreviewOptions } from './preview';
import { SeriesStore } from './seriesStore';

export interface RunSourceOptions {
  /** Files larger than this many bytes are previewed, then read in a worker. */
  previewAbove: number;
  preview: PreviewOptions;
  /** A built readerWorker.ts (default: the one beside the extension's bundle). */
  worker?: string;
}

/** ~2 MB is ~8k lines, read here in ~20 ms. */
export const DEFAULT_SOURCE_OPTIONS: RunSourceOptions = { previewAbove: 2 << 20, preview: DEFAULT_PREVIEW };

export class RunSource {
  store = new SeriesStore();
  phase: RunPhase = 'waiting';
  /** Share of the file read (a preview counts as nothing read). */
  loaded = 0;
  /** Lines read (or sampled, during a preview). */
  lines = 0;
  /** During a preview: the lines the file holds, estimated. */
  estimatedLines = 0;
  error?: string;
  config?: RunConfig;
  /** When config.json was written (the run's start, when none is given). */
  configMtimeMs?: number;
  private tail?: MetricsTail;
  private reading?: AbortController;
  private opening?: Promise<void>;
  private generationBase = 0;

  /** `onChange`: called after anything here changed outside `poll()` (a full read finished, progress). */
  constructor(
    readonly run: PanelRun,
    private readonly onChange: () => void,
    private readonly options = DEFAULT_SOURCE_OPTIONS,
  ) {}

  get file(): string {
    return path.join(this.run.workdir, METRICS_FILE);
  }

  /** Changes whenever the store was replaced or started over: series cut before are stale. */
  get generation(): number {
    return this.generationBase + this.store.generation;
  }

  /** Whether a preview is shown and no full read runs yet. */
  get wantsFullRead(): boolean {
    return this.phase === 'preview' && !this.reading;
  }

  /** First look at the file: read it whole when small, else preview it. It starts on the next turn of the event
   * loop, so that what the caller set going (the page that shows the data) is on its way first. */
  open(): Promise<void> {
    this.opening ??= this.look().finally(() => (this.opening = undefined));
    return this.opening;
  }

  private async look(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.readConfig();
    let size: number;
    try {
      size = fs.statSync(this.file).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.fail(err);
      else this.tail = new MetricsTail(this.file);
      return;
    }
    try {
      if (size <= this.options.previewAbove) this.takeFull(readHere(this.file));
      else {
        const store = new SeriesStore();
        const preview = readPreview(this.file, store, this.options.preview);
        this.replace(store);
        this.phase = 'preview';
        this.lines = preview.lines;
        this.estimatedLines = preview.estimatedLines;
      }
    } catch (err) {
      this.fail(err);
    }
  }

  /** Reads the whole file in a worker thread, then follows it from there. */
  startFullRead(): void {
    if (!this.wantsFullRead) return;
    this.reading = new AbortController();
    let shown = 0;
    readInWorker(
      this.file,
      (loaded) => {
        this.loaded = loaded;
        // Every whole percent is news for the "loading n%" line; finer steps are not.
        if (Math.floor(loaded * 100) > shown) {
          shown = Math.floor(loaded * 100);
          this.onChange();
        }
      },
      this.reading.signal,
      this.options.worker,
    ).then(
      (read) => {
        this.reading = undefined;
        this.takeFull(read);
        this.poll();
        this.onChange();
      },
      (err: unknown) => {
        if (this.reading?.signal.aborted) return;
        this.reading = undefined;
        this.fail(err);
        this.onChange();
      },
    );
  }

  /** Takes what was appended since the last look (nothing while the whole file is being read); a file that
   * appeared is opened (`onChange` tells when that is done). */
  poll(): void {
    if (this.phase === 'waiting') {
      if (!this.opening && fs.existsSync(this.file)) void this.open().then(() => this.onChange());
      return;
    }
    if (this.phase !== 'live' || !this.tail) return;
    try {
      if (this.replacedByBigFile(this.tail)) {
        // Read like a newly opened file (preview, then a worker), not all at once on this thread.
        this.tail = undefined;
        this.replace(new SeriesStore());
        this.phase = 'waiting';
        void this.open().then(() => this.onChange());
        return;
      }
      this.tail.read(this.store);
      this.lines = this.tail.lines;
    } catch (err) {
      this.fail(err);
    }
  }

  /** Whether the file was replaced (or rewritten) since `tail` read it, by one too big to read here at once. */
  private replacedByBigFile(tail: MetricsTail): boolean {
    let st: fs.Stats;
    try {
      st = fs.statSync(this.file);
    } catch {
      return false; // gone: the tail says so itself
    }
    const { ino } = tail.position();
    return st.size > this.options.previewAbove && ((ino !== undefined && st.ino !== ino) || st.size < tail.bytes);
  }

  /** Reads config.json again (it changed). */
  readConfig(): void {
    const file = path.join(this.run.workdir, CONFIG_FILE);
    try {
      this.configMtimeMs = fs.statSync(file).mtimeMs;
      this.config = { run: this.run.workdir, config: JSON.parse(fs.readFileSync(file, 'utf8')) as unknown };
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no config.json in this workdir' : `${file}: ${(err as Error).message}`;
      this.config = { run: this.run.workdir, error: why };
    }
  }

  dispose(): void {
    this.reading?.abort();
  }

  private takeFull(read: { store: SeriesStore; tail: MetricsTail }): void {
    this.replace(read.store);
    this.tail = read.tail;
    this.phase = 'live';
    this.loaded = 1;
    this.lines = read.tail.lines;
    this.estimatedLines = 0;
  }

  private replace(store: SeriesStore): void {
    this.generationBase += this.store.generation + 1;
    this.store = store;
  }

  private fail(err: unknown): void {
    this.phase = 'error';
    this.error = err instanceof Error ? err.message : String(err);
  }
}
