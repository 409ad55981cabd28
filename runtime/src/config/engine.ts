/**
 * The config engine: evaluates big_vision config files with real CPython (pyodide) in a worker thread.
 *
 * One worker per engine, loaded once and reused. Evaluations run one at a time in arrival order; each has a
 * time limit after which Python is interrupted, and a worker that does not stop is replaced, so a looping
 * config never takes the host down. Cancelled requests (an editor typing on) are dropped before they start.
 */
import { Worker } from 'node:worker_threads';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkoutSignature, collectCheckout, findCheckout } from './checkout';
import type { ConfigError, EngineVersions, EvaluateRequest, EvaluateResult, FromWorker, JsonValue, SweepEngineResult, SweepRequest, ToWorker } from './protocol';

export interface ConfigEngineOptions {
  /** Default time limit of one evaluation (ms). */
  timeoutMs?: number;
  /** A big_vision checkout (the folder holding `big_vision/`); otherwise searched above each config file. */
  checkout?: string;
  /** Extra time a timed-out evaluation gets to unwind before the worker is replaced (ms). */
  graceMs?: number;
}

/** A failure the host reports itself (cancelled, timed out, unreadable file): the same shape for every kind. */
type Failure = { ok: false; error: ConfigError };

interface Pending {
  id: number;
  /** `sweep` lists the file's sweep instead of evaluating `get_config`. */
  kind: 'evaluate' | 'sweep';
  request: EvaluateRequest;
  /** The worker's answer (raw text, parsed per kind). */
  done: (raw: string) => void;
  fail: (failure: Failure) => void;
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 2000;

/** Where the built worker and Python sources lie: beside the runtime bundle, also when the server bundle
 * (dist/server) hosts the engine. */
function bundleDir(): string | undefined {
  return [__dirname, path.join(__dirname, '..', 'runtime')].find((d) => fs.existsSync(path.join(d, 'configWorker.js')));
}

function workerEntry(): { file: string; eval: boolean } {
  const dir = bundleDir();
  if (dir) return { file: path.join(dir, 'configWorker.js'), eval: false };
  // Running from sources (tests, benchmarks): the worker is TypeScript, compiled on load by tsx.
  const ts = JSON.stringify(path.join(__dirname, 'worker', 'configWorker.ts'));
  return { file: `require('tsx/cjs/api').register(); require(${ts});`, eval: true };
}

function pythonDir(): string {
  return path.join(bundleDir() ?? __dirname, 'python');
}

function snapshotPath(): string | undefined {
  // From sources (tests), the snapshot of the last build is used when there is one.
  const dir = bundleDir() ?? path.resolve(__dirname, '..', '..', '..', 'dist', 'runtime');
  const file = path.join(dir, 'pyodide.snapshot');
  return fs.existsSync(file) ? file : undefined;
}

/** The worker answers with the result's JSON, then (on success) a newline and the config's JSON text. */
function parseResult(raw: string): EvaluateResult {
  const nl = raw.indexOf('\n');
  if (nl < 0) return JSON.parse(raw) as EvaluateResult;
  const meta = JSON.parse(raw.slice(0, nl)) as Omit<Extract<EvaluateResult, { ok: true }>, 'config' | 'configText'>;
  const configText = raw.slice(nl + 1);
  return { ...meta, ok: true, config: JSON.parse(configText) as JsonValue, configText };
}

export class ConfigEngine {
  private worker?: Worker;
  private ready?: Promise<number>;
  private interrupt = new SharedArrayBuffer(1);
  private queue: Pending[] = [];
  private running?: Pending & { timer?: NodeJS.Timeout; grace?: NodeJS.Timeout; onResult: (raw: string) => void };
  private nextId = 1;
  private sentCheckout?: string;
  private checkoutCache = new Map<string, { at: number; modules: string; key: string }>();
  private disposed = false;
  /** Milliseconds the last worker took to load pyodide. */
  loadMs = 0;
  /** What the worker runs, once it has started. */
  versions?: EngineVersions;

  constructor(private readonly options: ConfigEngineOptions = {}) {}

  /** Starts the worker now (otherwise the first evaluation does). Resolves to pyodide's load time in ms. */
  start(): Promise<number> {
    if (this.disposed) return Promise.reject(new Error('config engine disposed'));
    if (!this.ready) this.ready = this.spawn();
    return this.ready;
  }

  private spawn(): Promise<number> {
    const entry = workerEntry();
    const worker = new Worker(entry.file, {
      eval: entry.eval,
      workerData: { pythonDir: pythonDir(), interrupt: this.interrupt, snapshotPath: snapshotPath() },
      stdout: true,
      stderr: true,
    });
    this.worker = worker;
    this.sentCheckout = undefined;
    return new Promise<number>((resolve, reject) => {
      worker.on('message', (msg: FromWorker) => {
        if (msg.type === 'ready') {
          this.loadMs = msg.loadMs;
          this.versions = msg.versions;
          resolve(msg.loadMs);
          this.pump();
        } else if (msg.type === 'failed') {
          reject(new Error(`config engine failed to start: ${msg.message}`));
        } else if (msg.type === 'result' && this.running?.id === msg.id) {
          this.running.onResult(msg.result);
        }
      });
      worker.on('error', (err) => reject(err));
      worker.on('exit', () => {
        if (this.worker !== worker) return;
        // The worker died (out of memory, or replaced after a runaway evaluation): fail the running request,
        // and start afresh for the next one.
        this.worker = undefined;
        this.ready = undefined;
        const running = this.running;
        this.running = undefined;
        running?.onResult(JSON.stringify({ ok: false, error: { type: 'EngineError', message: 'the config engine stopped; it restarts for the next evaluation', file: running.request.file, line: null, col: null } }));
        if (this.queue.length && !this.disposed) void this.start().catch(() => undefined);
      });
    });
  }

  /** Evaluates one config; never rejects for errors in the config (they come back as `ok: false`). */
  evaluate(request: EvaluateRequest, signal?: AbortSignal): Promise<EvaluateResult> {
    return new Promise((resolve) => this.enqueue({ id: this.nextId++, kind: 'evaluate', request, done: (raw) => resolve(parseResult(raw)), fail: resolve, signal }));
  }

  /** Lists the runs of a config's sweep (`sweep(add, arg)` or `get_hyper(hyper)`), in the same sandbox, queue and
   * time limit as evaluations; errors in the config come back as `ok: false`. */
  sweep(request: SweepRequest, signal?: AbortSignal): Promise<SweepEngineResult> {
    return new Promise((resolve) => this.enqueue({ id: this.nextId++, kind: 'sweep', request, done: (raw) => resolve(JSON.parse(raw) as SweepEngineResult), fail: resolve, signal }));
  }

  private enqueue(pending: Pending): void {
    this.queue.push(pending);
    this.start().then(
      () => this.pump(),
      (err: unknown) => {
        const failed = this.queue.splice(0);
        for (const p of failed) p.fail({ ok: false, error: { type: 'EngineError', message: String(err), file: p.request.file, line: null, col: null } });
      },
    );
  }

  private checkoutFor(file: string): { key: string; modules: string } | undefined {
    const root = this.options.checkout ?? findCheckout(path.dirname(file));
    if (!root) return undefined;
    const now = Date.now();
    const hit = this.checkoutCache.get(root);
    // Look at the checkout at most every 2 s, and re-read its files only when a size or mtime changed.
    if (hit && now - hit.at < 2000) return hit;
    const key = checkoutSignature(root);
    if (hit && hit.key === key) {
      hit.at = now;
      return hit;
    }
    const entry = { at: now, key, modules: JSON.stringify(collectCheckout(root)) };
    this.checkoutCache.set(root, entry);
    return entry;
  }

  /** Drops cached checkout files (call when a file under big_vision/configs changes). */
  invalidateCheckout(): void {
    this.checkoutCache.clear();
  }

  private pump(): void {
    if (this.running || !this.worker || this.disposed) return;
    let next: Pending | undefined;
    while ((next = this.queue.shift())) {
      if (next.signal?.aborted) {
        next.fail({ ok: false, error: { type: 'Cancelled', message: 'evaluation cancelled', file: next.request.file, line: null, col: null } });
        continue;
      }
      break;
    }
    if (!next) return;
    const worker = this.worker;
    const pending = next;
    const timeoutMs = pending.request.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let source = pending.request.source;
    try {
      source ??= fs.readFileSync(pending.request.file, 'utf8');
    } catch (err) {
      pending.fail({ ok: false, error: { type: 'FileNotFoundError', message: `cannot read ${pending.request.file}: ${(err as Error).message}`, file: pending.request.file, line: null, col: null } });
      this.pump();
      return;
    }
    const checkout = this.checkoutFor(pending.request.file);
    const checkoutKey = checkout?.key ?? '';
    if (checkoutKey !== this.sentCheckout) {
      worker.postMessage({ type: 'checkout', modules: checkout?.modules ?? '{}' } satisfies ToWorker);
      this.sentCheckout = checkoutKey;
    }
    const onAbort = () => this.interruptRunning();
    const finish = (raw: string) => {
      clearTimeout(running.timer);
      clearTimeout(running.grace);
      pending.signal?.removeEventListener('abort', onAbort);
      Atomics.store(new Uint8Array(this.interrupt), 0, 0);
      this.running = undefined;
      pending.done(raw);
      this.pump();
    };
    const running: NonNullable<ConfigEngine['running']> = { ...pending, onResult: finish };
    this.running = running;
    running.timer = setTimeout(() => this.interruptRunning(), timeoutMs);
    pending.signal?.addEventListener('abort', onAbort, { once: true });
    const request = JSON.stringify({ file: pending.request.file, source, arg: pending.request.arg ?? null, overrides: pending.request.overrides ?? [], timeoutMs });
    worker.postMessage({ type: pending.kind, id: pending.id, request } satisfies ToWorker);
  }

  private interruptRunning(): void {
    const running = this.running;
    if (!running || running.grace) return;
    // SIGINT for pyodide: Python raises KeyboardInterrupt at the next bytecode boundary.
    Atomics.store(new Uint8Array(this.interrupt), 0, 2);
    running.grace = setTimeout(() => {
      // The config swallowed the interrupt: replace the worker.
      const worker = this.worker;
      const timeoutMs = running.request.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      this.worker = undefined;
      this.ready = undefined;
      this.running = undefined;
      Atomics.store(new Uint8Array(this.interrupt), 0, 0);
      void worker?.terminate();
      running.fail({ ok: false, error: { type: 'TimeoutError', message: `evaluation timed out after ${timeoutMs} ms (an endless loop?)`, file: running.request.file, line: null, col: null } });
      if (this.queue.length) void this.start().then(() => this.pump(), () => undefined);
    }, this.options.graceMs ?? 1000);
  }

  /** Stops the worker. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}
