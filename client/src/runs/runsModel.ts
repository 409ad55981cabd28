/**
 * The runs the Runs view shows, kept current from file events: the runs found below the runs folders (and any
 * workdir the user added), each with its summary (status, progress, last metrics). Folders are watched one by one
 * (Node's recursive watch throws on Linux when a folder vanishes, which checkpoint staging does), and a change
 * re-reads only the run it happened in, through the run's own metrics tail. A process that dies sends no file
 * event, so while any run is `running` its process is checked every few seconds, and only then.
 *
 * No `vscode` import: the view (runsTree.ts) renders it, and tests drive it directly.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findRuns, type DiscoveryProblem } from '../../../runtime/src/runs/discover';
import { RunReader, type RunSummary } from '../../../runtime/src/runs/summary';

export interface RunsModelOptions {
  /** TFDS data dir for runs that do not record theirs. */
  tfdsDataDir?: string;
  /** Delay that gathers a burst of file events into one refresh (ms). */
  debounceMs?: number;
  /** How often running runs' processes are checked (ms). */
  livenessMs?: number;
}

export class RunsModel {
  private roots: string[] = [];
  private readonly readers = new Map<string, RunReader>();
  private readonly summaries = new Map<string, RunSummary>();
  /** Watched folders, with the inode watched: a folder removed and made again (bv train checks it can make its
   * workdir before making it for good) needs a new watch. */
  private readonly watchers = new Map<string, { watcher: fs.FSWatcher; ino: number }>();
  private readonly listeners = new Set<() => void>();
  private problems: DiscoveryProblem[] = [];
  private dirty = new Set<string>();
  private rescan = false;
  private timer?: NodeJS.Timeout;
  private liveness?: NodeJS.Timeout;
  private disposed = false;

  constructor(private readonly opts: RunsModelOptions = {}) {}

  /** Sets the folders to search (runs folders and added workdirs) and rescans. */
  setRoots(roots: readonly string[]): void {
    this.roots = [...new Set(roots.map((r) => path.resolve(r)))];
    this.scan();
  }

  getRoots(): readonly string[] {
    return this.roots;
  }

  /** Calls `listener` after every change; returns a function that removes it. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every run, newest start first (runs without a start time last, by name). */
  runs(): RunSummary[] {
    return [...this.summaries.values()].sort((a, b) => (b.started ?? '').localeCompare(a.started ?? '') || a.workdir.localeCompare(b.workdir));
  }

  get(workdir: string): RunSummary | undefined {
    return this.summaries.get(path.resolve(workdir));
  }

  /** Folders that could not be read, each with a message naming it. */
  discoveryProblems(): readonly DiscoveryProblem[] {
    return this.problems;
  }

  /** Re-reads one run now (e.g. its process exited) or, without an argument, rescans everything. */
  refresh(workdir?: string): void {
    if (workdir) {
      this.readRun(path.resolve(workdir));
      this.emit();
    } else this.scan();
  }

  private scan(): void {
    if (this.disposed) return;
    const found = findRuns(this.roots, { missingRootsOk: true });
    this.problems = found.problems;
    const keep = new Set(found.workdirs);
    for (const w of [...this.summaries.keys()]) {
      if (!keep.has(w)) {
        this.summaries.delete(w);
        this.readers.delete(w);
      }
    }
    for (const w of found.workdirs) this.readRun(w);
    this.syncWatchers(found.workdirs);
    this.armLiveness();
    this.emit();
  }

  private readRun(workdir: string): void {
    let reader = this.readers.get(workdir);
    if (!reader) this.readers.set(workdir, (reader = new RunReader(workdir, { tfdsDataDir: this.opts.tfdsDataDir })));
    this.summaries.set(workdir, reader.summary());
  }

  /** Watches every root, every folder between a root and its runs (sweeps), and every run. */
  private syncWatchers(workdirs: readonly string[]): void {
    const want = new Set<string>();
    for (const root of this.roots) {
      // A runs folder not made yet: watch the nearest folder above it, whose change brings a rescan.
      let dir = root;
      while (!fs.existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
      want.add(dir);
    }
    for (const w of workdirs) {
      want.add(w);
      const root = this.roots.find((r) => w.startsWith(r + path.sep));
      for (let d = path.dirname(w); root && d.startsWith(root) && d !== root; d = path.dirname(d)) want.add(d);
    }
    const inode = (dir: string) => {
      try {
        return fs.statSync(dir).ino;
      } catch {
        return -1;
      }
    };
    for (const [dir, w] of this.watchers) {
      if (!want.has(dir) || inode(dir) !== w.ino) {
        w.watcher.close();
        this.watchers.delete(dir);
      }
    }
    for (const dir of want) {
      if (this.watchers.has(dir)) continue;
      try {
        const ino = inode(dir);
        const watcher = fs.watch(dir, (_event, name) => this.onEvent(dir, name?.toString()));
        watcher.on('error', () => {
          watcher.close();
          this.watchers.delete(dir);
          this.schedule(undefined);
        });
        this.watchers.set(dir, { watcher, ino });
      } catch {
        // Gone or unreadable between the scan and now: the next scan reports it.
      }
    }
  }

  private onEvent(dir: string, name: string | undefined): void {
    // Inside a run: re-read that run, unless a new folder appeared that may itself hold runs.
    if (this.summaries.has(dir) && !(name ?? '').startsWith('checkpoint.bv')) this.schedule(dir);
    else if (!this.summaries.has(dir)) this.schedule(undefined);
  }

  private schedule(workdir: string | undefined): void {
    if (this.disposed) return;
    if (workdir) this.dirty.add(workdir);
    else this.rescan = true;
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.opts.debounceMs ?? 150);
  }

  private flush(): void {
    this.timer = undefined;
    if (this.rescan) {
      this.rescan = false;
      this.dirty.clear();
      this.scan();
      return;
    }
    for (const w of this.dirty) if (this.summaries.has(w)) this.readRun(w);
    this.dirty.clear();
    this.armLiveness();
    this.emit();
  }

  private armLiveness(): void {
    const running = [...this.summaries.values()].some((s) => s.status === 'running');
    if (running && !this.liveness) {
      this.liveness = setInterval(() => {
        for (const s of this.summaries.values()) if (s.status === 'running') this.schedule(s.workdir);
      }, this.opts.livenessMs ?? 5000);
      this.liveness.unref();
    } else if (!running && this.liveness) {
      clearInterval(this.liveness);
      this.liveness = undefined;
    }
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    clearInterval(this.liveness);
    for (const w of this.watchers.values()) w.watcher.close();
    this.watchers.clear();
    this.listeners.clear();
  }
}
