/**
 * A config's sweep as a list of runs, in the order upstream would launch them: the config engine calls the file's
 * `sweep(add, arg)` or `get_hyper(hyper)` in its sandbox (runtime/src/config/python/bvengine/sweep.py says which
 * keys become overrides and which stay labels); this side names each run's workdir and writes its flags.
 */
import { createHash } from 'node:crypto';
import type { ConfigEngine } from '../config/engine';
import type { ConfigError, JsonValue, SweepEngineRun } from '../config/protocol';

/** One run of a sweep. */
export interface SweepRun {
  /** The `get_config` argument (`FILE:ARG`); undefined calls `get_config()`. */
  arg?: string;
  /** Overrides by key `config.k`, applied as `--config.k=...`. */
  overrides: Record<string, JsonValue>;
  /** Settings shown with the run but not applied (keys the config lacks, keys already inside `arg`). */
  labels: Record<string, JsonValue>;
  /** A short, filesystem-safe workdir name, unique within the sweep (`res=224,lr=1e-05`). */
  name: string;
  /** Per override key, the flag text Python wrote (`1e-05`, `(1, 2)`); `overrideFlags` falls back to the value. */
  texts?: Record<string, string>;
}

export type SweepResult =
  | {
      ok: true;
      style: 'get_hyper' | 'sweep';
      /** The function that runs (`sweep_best` for `sweep = sweep_best`). */
      function: string;
      /** 1-based line of its `def`, null when Python does not know it. */
      line: number | null;
      runs: SweepRun[];
    }
  | { ok: false; error: ConfigError };

export interface ExpandOptions {
  signal?: AbortSignal;
  /** The engine's time limit otherwise; it covers the sweep function and every run's `get_config`. */
  timeoutMs?: number;
}

/** Workdir names longer than this end in a hash of the full name instead. */
const MAX_NAME = 120;

/** Lists the runs of `file`'s sweep; `arg` is what follows `FILE:`, `source` an editor's unsaved text. */
export async function expandSweep(engine: ConfigEngine, file: string, arg?: string, source?: string, options: ExpandOptions = {}): Promise<SweepResult> {
  const result = await engine.sweep({ file, arg, source, timeoutMs: options.timeoutMs }, options.signal);
  if (!result.ok) return { ok: false, error: result.error };
  const taken = new Set<string>();
  const runs = result.runs.map((r: SweepEngineRun): SweepRun => {
    const run: SweepRun = { ...(r.arg === null ? {} : { arg: r.arg }), overrides: r.overrides, labels: r.labels, name: '', texts: r.texts };
    run.name = uniqueName(runName(run), taken);
    return run;
  });
  return { ok: true, style: result.style, function: result.function, line: result.line, runs };
}

/** A value as override text when Python gave none: what the override parser reads back to it. */
function valueText(value: JsonValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === null) return 'None';
  return JSON.stringify(value);
}

/** The run's overrides as flags without `--config.` (`['lr=1e-05', 'model.depth=12']`), in the sweep's order. */
export function overrideFlags(run: Pick<SweepRun, 'overrides' | 'texts'>): string[] {
  return Object.entries(run.overrides).map(([key, value]) => {
    const field = key.startsWith('config.') ? key.slice('config.'.length) : key;
    return `${field}=${run.texts?.[key] ?? valueText(value)}`;
  });
}

/** `res=224,lr=1e-05`: the run's arg then its overrides, with characters a folder name should not hold replaced. */
export function runName(run: Pick<SweepRun, 'arg' | 'overrides' | 'texts'>): string {
  const parts = [...(run.arg ? [run.arg] : []), ...overrideFlags(run)];
  // Brackets, quotes and spaces only decorate values (`(8, 8)` → `8,8`); other unsafe runs become one `_`.
  let name = parts.join(',').replace(/[\s'"()[\]{}]/g, '').replace(/[^A-Za-z0-9._,=+-]+/g, '_');
  if (!name) return 'run';
  // A leading dot hides the folder, a leading dash reads as an option.
  if (/^[.-]/.test(name)) name = `_${name}`;
  if (name.length > MAX_NAME) name = `${name.slice(0, MAX_NAME - 9)}-${createHash('sha1').update(name).digest('hex').slice(0, 8)}`;
  return name;
}

/** `name`, or `name-2`, `name-3`... when an earlier run of the sweep took it (runs that differ only in labels). */
function uniqueName(name: string, taken: Set<string>): string {
  let out = name;
  for (let i = 2; taken.has(out); i++) out = `${name}-${i}`;
  taken.add(out);
  return out;
}
