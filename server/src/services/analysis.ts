/**
 * Analysis scheduling: evaluates a document with the config engine and checks the result, debounced and
 * cancellable. A new edit aborts the analysis in flight (its AbortSignal drops a queued evaluation or interrupts
 * a running one), so a slow or looping config costs at most the engine's time limit and never blocks anything
 * else: completion, hover and the other features read the last good evaluation and never wait for one.
 */
import { checkConfig, type Problem } from '../../../runtime/src/check';
import type { ConfigEngine } from '../../../runtime/src/config';
import type { EvaluateResult } from '../../../runtime/src/config';
import type { ConfigDocument } from '../documents';
import type { AnalysisStats } from '../protocol';
import type { BigVisionSettings } from '../settings';

/** A finished analysis of one document version. */
export interface Analysis {
  uri: string;
  file: string;
  version: number;
  text: string;
  result: EvaluateResult;
  problems: Problem[];
}

/** An analysis whose evaluation succeeded. */
export type GoodAnalysis = Analysis & { result: Extract<EvaluateResult, { ok: true }> };

/** What the analysis service reports to its owner (who publishes diagnostics). */
export interface AnalysisSink {
  published(analysis: Analysis, stats: AnalysisStats): void;
  failed(uri: string, error: unknown): void;
  /** The evaluation of `uri` has run for `SLOW_MS` (a loop, or heavy computation at import). */
  slow(uri: string): void;
}

/** After this long an evaluation is reported as slow (the engine stops it at the time limit). */
export const SLOW_MS = 500;

interface DocState {
  timer?: NodeJS.Timeout;
  controller?: AbortController;
  /** Version the running or scheduled analysis is for. */
  pendingVersion?: number;
  latest?: Analysis;
  lastGood?: GoodAnalysis;
  stats?: AnalysisStats;
  /** Resolves when no analysis is scheduled or running (tests and shutdown). */
  idle?: Promise<void>;
  settle?: () => void;
}

/** Debounce of analyses within a burst of edits: short, because the editor wants diagnostics within ~75 ms of a keystroke. */
export const DEFAULT_DEBOUNCE_MS = 20;

export class AnalysisService {
  private readonly states = new Map<string, DocState>();
  private settings?: BigVisionSettings;

  constructor(
    private engine: () => ConfigEngine,
    private readonly sink: AnalysisSink,
    private readonly debounceMs = DEFAULT_DEBOUNCE_MS,
  ) {}

  configure(settings: BigVisionSettings): void {
    this.settings = settings;
  }

  /**
   * Schedules an analysis of the document's current version. An edit that finds the document idle starts one at
   * once (a lone keystroke should not wait); edits in a burst (arriving while an analysis is scheduled or runs)
   * abort the one in flight and are debounced, so fast typing costs one evaluation per pause.
   */
  schedule(doc: ConfigDocument, immediate = false): void {
    const state = this.state(doc.uri);
    const burst = state.timer !== undefined || state.controller !== undefined;
    clearTimeout(state.timer);
    state.controller?.abort();
    state.controller = undefined;
    state.pendingVersion = doc.version;
    if (!state.idle) state.idle = new Promise((resolve) => (state.settle = resolve));
    const delay = immediate || !burst ? 0 : this.debounceMs;
    state.timer = setTimeout(() => {
      state.timer = undefined;
      void this.run(doc, state, delay);
    }, delay);
  }

  /** Stops analysing a closed document and forgets it. */
  forget(uri: string): void {
    const state = this.states.get(uri);
    if (!state) return;
    clearTimeout(state.timer);
    state.controller?.abort();
    state.settle?.();
    this.states.delete(uri);
  }

  /** The last finished analysis (successful or not). */
  latest(uri: string): Analysis | undefined {
    return this.states.get(uri)?.latest;
  }

  /** The last analysis whose evaluation succeeded: what completion, hover, symbols and hints read. */
  lastGood(uri: string): GoodAnalysis | undefined {
    return this.states.get(uri)?.lastGood;
  }

  stats(uri: string): AnalysisStats | undefined {
    return this.states.get(uri)?.stats;
  }

  /** Resolves once the document has no analysis scheduled or running. */
  whenIdle(uri: string): Promise<void> {
    return this.states.get(uri)?.idle ?? Promise.resolve();
  }

  private state(uri: string): DocState {
    let s = this.states.get(uri);
    if (!s) this.states.set(uri, (s = {}));
    return s;
  }

  private async run(doc: ConfigDocument, state: DocState, debounceMs: number): Promise<void> {
    const controller = new AbortController();
    state.controller = controller;
    const version = doc.version;
    const text = doc.text;
    const t0 = performance.now();
    const slow = setTimeout(() => this.sink.slow(doc.uri), SLOW_MS);
    try {
      const result = await this.engine().evaluate(
        { file: doc.file, source: text, timeoutMs: this.settings?.evaluationTimeoutMs },
        controller.signal,
      );
      clearTimeout(slow);
      const t1 = performance.now();
      const cancelled = !result.ok && result.error.type === 'Cancelled';
      if (controller.signal.aborted || cancelled || this.states.get(doc.uri) !== state) {
        // A newer edit took over; a successful evaluation of this version is still worth keeping.
        if (result.ok && this.states.get(doc.uri) === state && (!state.lastGood || state.lastGood.version < version)) {
          state.lastGood = { uri: doc.uri, file: doc.file, version, text, result, problems: [] };
        }
        return;
      }
      // No edit arrived since the evaluation started (it would have aborted it), so the tree matches `text`. The
      // checker is the one `bv check` runs; a validator that throws is logged and the others still report.
      const tree = doc.version === version ? doc.tree : undefined;
      const problems = checkConfig({ file: doc.file, source: text, result, tfdsDataDir: this.settings?.tfdsDataDir, tree }, {
        onValidatorError: (name, err) => console.error(`validator ${name} failed on ${doc.file}: ${(err as Error).stack ?? String(err)}`),
      });
      if (controller.signal.aborted) return;
      const analysis: Analysis = { uri: doc.uri, file: doc.file, version, text, result, problems };
      state.latest = analysis;
      if (result.ok) state.lastGood = analysis as GoodAnalysis;
      const t2 = performance.now();
      const stats: AnalysisStats = {
        version, debounceMs, evaluateMs: t1 - t0, pythonMs: result.ms ?? null, checkMs: t2 - t1,
        computeMs: t2 - t0, ok: result.ok, problems: problems.length,
      };
      state.stats = stats;
      this.sink.published(analysis, stats);
    } catch (err) {
      this.sink.failed(doc.uri, err);
    } finally {
      clearTimeout(slow);
      if (state.controller === controller) {
        state.controller = undefined;
        if (!state.timer) {
          state.idle = undefined;
          state.settle?.();
          state.settle = undefined;
        }
      }
    }
  }
}
