/**
 * Keeps the local workdir a copy of the run's workdir on worker 0, for runs whose `--workdir` is a local folder:
 * the metrics file is appended as the trainer appends it (`tail -F` from the byte the copy has), `config.json` is
 * copied when it changes, and each new checkpoint (`checkpoint.bv-LAST` naming another folder) is copied from a
 * hard-linked snapshot, then made current locally the way the trainer does it (folder renamed into place, then the
 * pointer replaced), so the local workdir always holds a complete last checkpoint. The Runs view and the metrics
 * panel read that copy like any local run.
 *
 * A copied checkpoint becomes the local last one only once the local metrics hold a line of its step or later:
 * upstream (and `bv train`) save a step's checkpoint before writing its metrics line, so a node lost in between
 * would otherwise leave a local checkpoint of step N beside metrics up to N-1, and the resumed run, starting at
 * N+1, would never write step N. Until then the previous checkpoint stays the last; a preemption resumes from it.
 *
 * `restoreWorkdir` is the way back: onto a new node's empty disks go `config.json`, the last checkpoint and the
 * metrics up to the checkpoint's step (the later lines are trained again, so the file stays one line per step).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkpointBase, lastCheckpoint } from '../checkpoint/checkpoint';
import { CONFIG_FILE, METRICS_FILE, parseMetricsLine } from '../metrics/contract';
import { controlDir, type RemoteLayout } from './remoteLayout';
import { fanOutSettled } from './ssh/fanout';
import { shellQuote, type Follow, type SshSession } from './ssh/session';
import { listTree, syncTree } from './sync';

const LAST = 'checkpoint.bv-LAST';

/** The step of a checkpoint suffix (`000000300-tmp` → 300). */
export function checkpointStep(suffix: string): number {
  return parseInt(suffix, 10);
}

/** Replaces `file` with `text` atomically. */
function replaceFile(file: string, text: string | Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** The step of a metrics line; undefined for a blank or torn one. */
function stepOf(line: string): number | undefined {
  if (!line.trim()) return undefined;
  try {
    return parseMetricsLine(line).step;
  } catch {
    return undefined;
  }
}

/** The step of a metrics file's last complete line (lines come in step order); 0 for none. */
export function lastMetricsStep(file: string): number {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return 0;
  }
  try {
    // The last line is in the file's tail; a metrics line (tens of values) is far shorter than this.
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, 1 << 16);
    const tail = Buffer.alloc(length);
    fs.readSync(fd, tail, 0, length, size - length);
    const lines = tail.toString('utf8').split('\n');
    lines.pop(); // what follows the last newline: empty, or a line still being written
    for (let i = lines.length - 1; i >= 0; i--) {
      const step = stepOf(lines[i]);
      if (step !== undefined) return step;
    }
    return 0;
  } finally {
    fs.closeSync(fd);
  }
}

/** Keeps the metrics lines of steps ≤ `step` (none when `step` is undefined); returns the new size in bytes. */
export function truncateMetrics(localWorkdir: string, step: number | undefined): number {
  const file = path.join(localWorkdir, METRICS_FILE);
  if (!fs.existsSync(file)) return 0;
  const kept = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => {
      const at = stepOf(line); // undefined for a torn last line
      return step !== undefined && at !== undefined && at <= step;
    });
  const text = kept.map((l) => `${l}\n`).join('');
  replaceFile(file, text);
  return Buffer.byteLength(text);
}

export class WorkdirMirror {
  private metrics?: Follow;
  private watch?: Follow;
  private queue: Promise<void> = Promise.resolve();
  private wanted?: string;
  private offsetBytes: number;
  /** The highest step of the local metrics lines. */
  private metricsStep: number;
  /** Part of a metrics line the follow has not finished. */
  private metricsPartial = '';
  /** Copied checkpoints waiting for the metrics of their steps, oldest first. */
  private staged: { suffix: string; folder: string }[] = [];

  constructor(
    private readonly s: SshSession,
    private readonly layout: RemoteLayout,
    private readonly run: string,
    private readonly remoteWorkdir: string,
    private readonly localWorkdir: string,
    private readonly say: (line: string) => void,
    offset: number,
  ) {
    this.offsetBytes = offset;
    this.metricsStep = lastMetricsStep(path.join(localWorkdir, METRICS_FILE));
  }

  /** Bytes of the remote metrics file the local copy holds. */
  get offset(): number {
    return this.offsetBytes;
  }

  private get snapshots(): string {
    return path.posix.join(controlDir(this.layout, this.run), 'snapshots');
  }

  start(): void {
    const metrics = path.join(this.localWorkdir, METRICS_FILE);
    const remote = shellQuote(path.posix.join(this.remoteWorkdir, METRICS_FILE));
    this.metrics = this.s.follow(`exec tail -c +${this.offsetBytes + 1} -F ${remote} 2>/dev/null`, (text, stream) => {
      if (stream !== 'stdout') return;
      this.appendMetrics(metrics, text);
    });
    let pending = '';
    const watch = `exec ${shellQuote(`${this.layout.bin}/bv-watch`)} ${shellQuote(this.remoteWorkdir)} ${shellQuote(this.snapshots)}`;
    this.watch = this.s.follow(watch, (text, stream) => {
      if (stream !== 'stdout') return;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) this.onEvent(line.trim());
    });
  }

  private onEvent(line: string): void {
    if (line === 'config') this.enqueue(() => this.copyConfig());
    const m = /^ckpt (\S+)$/.exec(line);
    if (m) {
      this.wanted = m[1];
      this.enqueue(() => this.copyCheckpoint(m[1]));
    }
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((err: unknown) => this.say(`mirroring failed: ${(err as Error).message} (the next checkpoint is tried again)`));
  }

  private async copyConfig(): Promise<void> {
    const local = path.join(this.localWorkdir, CONFIG_FILE);
    await this.s.download(path.posix.join(this.remoteWorkdir, CONFIG_FILE), `${local}.partial`);
    fs.renameSync(`${local}.partial`, local);
  }

  /** Appends what the remote metrics file gained; a checkpoint waiting for these steps becomes the last. */
  private appendMetrics(file: string, text: string): void {
    fs.appendFileSync(file, text);
    this.offsetBytes += Buffer.byteLength(text);
    const lines = (this.metricsPartial + text).split('\n');
    this.metricsPartial = lines.pop() ?? '';
    for (const line of lines) {
      const step = stepOf(line);
      if (step !== undefined && step > this.metricsStep) this.metricsStep = step;
    }
    this.commitIfCovered();
  }

  /** Copies snapshot `suffix` into the local workdir; it becomes the last checkpoint there once its metrics are. */
  private async copyCheckpoint(suffix: string): Promise<void> {
    const snapshot = path.posix.join(this.snapshots, suffix);
    const base = checkpointBase(this.localWorkdir);
    // A newer one was announced meanwhile (only the newest matters), or this one is here already (restored, or
    // copied and waiting for its metrics).
    if (this.wanted !== suffix || lastCheckpoint(base) === suffix || this.staged.some((c) => c.suffix === suffix)) {
      await this.s.exec(`rm -rf ${shellQuote(snapshot)}`);
      return;
    }
    const folder = `${base}-${suffix}.partial`;
    fs.rmSync(folder, { recursive: true, force: true });
    const files = await this.downloadTree(snapshot, folder);
    await this.s.exec(`rm -rf ${shellQuote(snapshot)}`);
    this.staged.push({ suffix, folder });
    this.say(`checkpoint of step ${checkpointStep(suffix)} copied to ${this.localWorkdir} (${files} files)`);
    this.commitIfCovered();
  }

  /**
   * Makes the newest staged checkpoint whose step the local metrics reach (any, when `always`) the local last one;
   * older staged ones are dropped.
   */
  private commitIfCovered(always = false): void {
    const covered = this.staged.filter((c) => always || checkpointStep(c.suffix) <= this.metricsStep);
    const staged = covered.pop();
    if (!staged) return;
    for (const older of covered) fs.rmSync(older.folder, { recursive: true, force: true });
    this.staged = this.staged.filter((c) => c !== staged && !covered.includes(c));
    const base = checkpointBase(this.localWorkdir);
    const final = `${base}-${staged.suffix}`;
    const previous = lastCheckpoint(base);
    fs.rmSync(final, { recursive: true, force: true });
    fs.renameSync(staged.folder, final);
    replaceFile(`${base}-LAST`, staged.suffix);
    if (previous && previous !== staged.suffix && previous.endsWith('-tmp')) fs.rmSync(`${base}-${previous}`, { recursive: true, force: true });
  }

  private dropStaged(): void {
    for (const c of this.staged) fs.rmSync(c.folder, { recursive: true, force: true });
    this.staged = [];
  }

  /** Copies a remote folder (a checkpoint: one folder per array) into `local`, many files at a time. */
  private async downloadTree(remote: string, local: string): Promise<number> {
    const files: [string, string][] = [];
    const walk = async (r: string, l: string): Promise<void> => {
      fs.mkdirSync(l, { recursive: true });
      for (const e of await this.s.list(r)) {
        if (e.dir) await walk(path.posix.join(r, e.name), path.join(l, e.name));
        else files.push([path.posix.join(r, e.name), path.join(l, e.name)]);
      }
    };
    await walk(remote, local);
    const settled = await fanOutSettled(files, 16, ([r, l]) => this.s.download(r, l));
    const failed = settled.find((x) => x.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    return files.length;
  }

  /** Stops following; copies what the follows had not delivered yet (metrics lines, the newest checkpoint). */
  async stop(catchUp: boolean): Promise<void> {
    this.metrics?.stop();
    this.watch?.stop();
    await Promise.allSettled([this.metrics?.done, this.watch?.done]);
    await this.queue;
    if (!catchUp || !this.s.isOpen) {
      // The node is gone: a checkpoint whose metrics never arrived is not resumed from (its step would be missing).
      this.dropStaged();
      return;
    }
    const remote = shellQuote(path.posix.join(this.remoteWorkdir, METRICS_FILE));
    const rest = await this.s.exec(`tail -c +${this.offsetBytes + 1} ${remote} 2>/dev/null`);
    if (rest.stdout) this.appendMetrics(path.join(this.localWorkdir, METRICS_FILE), rest.stdout);
    const last = (await this.s.exec(`cat ${shellQuote(path.posix.join(this.remoteWorkdir, LAST))} 2>/dev/null`)).stdout.trim();
    if (last && last !== lastCheckpoint(checkpointBase(this.localWorkdir))) {
      const snap = shellQuote(path.posix.join(this.snapshots, last));
      await this.s.run(`mkdir -p ${shellQuote(this.snapshots)} && rm -rf ${snap} && cp -al ${shellQuote(path.posix.join(this.remoteWorkdir, `checkpoint.bv-${last}`))} ${snap}`, 'snapshotting the last checkpoint');
      this.wanted = last;
      await this.copyCheckpoint(last);
    }
    // The run ended with the node still there: the local copy now equals worker 0's workdir, metrics and all.
    this.commitIfCovered(true);
    if (!fs.existsSync(path.join(this.localWorkdir, CONFIG_FILE))) await this.copyConfig().catch(() => undefined);
  }
}

/**
 * Puts the local workdir's run back onto the workers' empty workdirs (one path per session): config.json, the last
 * checkpoint with its pointer, and the metrics up to that checkpoint's step (the local copy is cut there too). Resolves to the step
 * the trainer resumes from (undefined: no checkpoint, it starts over) and the metrics file's size.
 */
export async function restoreWorkdir(sessions: readonly SshSession[], remoteWorkdirs: readonly string[], localWorkdir: string): Promise<{ step: number | undefined; metricsBytes: number }> {
  const base = checkpointBase(localWorkdir);
  const suffix = lastCheckpoint(base);
  const step = suffix ? checkpointStep(suffix) : undefined;
  const metricsBytes = truncateMetrics(localWorkdir, step);
  const top = [CONFIG_FILE, METRICS_FILE].filter((f) => fs.existsSync(path.join(localWorkdir, f))).map((rel) => ({ rel, local: path.join(localWorkdir, rel) }));
  const ckpt = suffix ? listTree(`${base}-${suffix}`).map((f) => ({ ...f, rel: `checkpoint.bv-${suffix}/${f.rel}` })) : [];
  const pointer = suffix ? [{ rel: LAST, content: suffix }] : [];
  await Promise.all(sessions.map((s, i) => syncTree(s, remoteWorkdirs[i], [...top, ...ckpt, ...pointer], { concurrency: 16 })));
  return { step, metricsBytes };
}
