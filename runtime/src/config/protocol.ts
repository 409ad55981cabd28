/**
 * Types shared by the config engine's host side and its worker, and by every consumer of evaluated configs
 * (language server, trainer, CLI).
 */

/** A source range: 1-based lines, 0-based UTF-16 columns. `via` is the call site in the config file when the
 * key was set inside a helper function or module. */
export interface Span {
  file: string;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  via?: Span;
}

/** The JSON value of an evaluated config (ml_collections `to_dict()`, tuples as lists). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** The Python type of a config field's value (`float`, `int`, `str`, `tuple`, `ConfigDict`, ...). */
export interface KeyKind {
  type: string;
  ref?: boolean;
}

export interface ConfigError {
  /** Python exception type, e.g. `SyntaxError`, `TypeError`, `SandboxError`, `TimeoutError`. */
  type: string;
  message: string;
  file: string;
  /** 1-based; null when the error is not tied to a line (e.g. a bad `--config.x` flag). */
  line: number | null;
  col: number | null;
  endLine?: number;
  endCol?: number;
  /** The `--config.*` flag at fault, for override errors. */
  flag?: string;
  /** Traceback frames that lie in user files, outermost first. */
  frames?: { file: string; line: number; col: number; name: string }[];
}

export interface EvaluateRequest {
  /** Absolute path of the config file. */
  file: string;
  /** The file's text; read from disk when absent (an editor passes its unsaved buffer). */
  source?: string;
  /** The string after the first `:` of `--config path:arg`; undefined calls `get_config()`. */
  arg?: string;
  /** Override flags without the leading `--config.`, e.g. `model.depth=24`. */
  overrides?: string[];
  /** Milliseconds before the evaluation is stopped; the engine's default when absent. */
  timeoutMs?: number;
}

export type EvaluateResult =
  | {
      ok: true;
      config: JsonValue;
      /** The config as Python's json.dumps wrote it (floats keep their `.0`), for output that must match upstream. */
      configText: string;
      /** Where each key was set, and its Python type (`ref` when the field holds a `get_ref` reference). */
      spans: [(string | number)[], Span, KeyKind][];
      ms: number;
    }
  | { ok: false; error: ConfigError; ms?: number };

/** A request to list a config's sweep: the file's `sweep`/`get_hyper` is called with `arg` (from `FILE:ARG`). */
export type SweepRequest = Omit<EvaluateRequest, 'overrides'>;

/** One run of a sweep as the worker lists it (runtime/src/runs/sweep.ts adds its workdir name). */
export interface SweepEngineRun {
  /** The run's `get_config` argument: its `config_arg`, else the sweep's own argument. */
  arg: string | null;
  /** `{'config.k': value}`, applied as `--config.k=...` flags. */
  overrides: Record<string, JsonValue>;
  /** Keys shown with the run but not applied. */
  labels: Record<string, JsonValue>;
  /** Per override key, the flag text the override parser reads back to the value (Python's `1e-05`). */
  texts: Record<string, string>;
}

export type SweepEngineResult =
  | {
      ok: true;
      style: 'get_hyper' | 'sweep';
      /** The function that ran (`sweep_best` for `sweep = sweep_best`). */
      function: string;
      /** 1-based line of its `def` (or first decorator). */
      line: number | null;
      runs: SweepEngineRun[];
      ms: number;
    }
  | { ok: false; error: ConfigError; ms?: number };

/** A big_vision checkout module handed to the worker. */
export interface CheckoutModule {
  path: string;
  source: string;
  package: boolean;
}

export type ToWorker =
  | { type: 'evaluate'; id: number; request: string }
  | { type: 'sweep'; id: number; request: string }
  | { type: 'checkout'; modules: string };

/** What the engine runs: pyodide's version and the CPython version it bundles (for the server's log). */
export interface EngineVersions {
  pyodide: string;
  python: string;
}

export type FromWorker =
  | { type: 'ready'; loadMs: number; versions: EngineVersions }
  | { type: 'result'; id: number; result: string }
  | { type: 'failed'; message: string };
