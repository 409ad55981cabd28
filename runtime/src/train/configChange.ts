/**
 * Whether a workdir's run may be resumed with the config given now. The trainer resumes from the workdir's last
 * checkpoint whatever the config says, so a changed learning rate or model would silently mix two runs in one
 * set of metrics and checkpoints. Between attempts only the run's length, logging and checkpoint cadence may
 * change: the duration families of the top level (`total_*`, `log_training_*`, `ckpt_*`, `keep_ckpt_*`) and of
 * each eval (`evals.<name>.log_*`), as the registry lists them. Anything else is a change, listed by key.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JsonValue } from '../config/protocol';
import { CONFIG_FILE } from '../metrics/contract';
import { durationFamilyOf } from '../registry';

/** One key whose value differs (`undefined` = not set on that side). */
export interface ConfigChange {
  key: string;
  before: JsonValue | undefined;
  after: JsonValue | undefined;
}

/** The workdir holds a run of another config; `changes` lists the keys (the CLI exits 2). */
export class ConfigChangeError extends Error {
  constructor(message: string, readonly changes: readonly ConfigChange[]) {
    super(message);
    this.name = 'ConfigChangeError';
  }
}

type KeyPath = readonly string[];

const isDict = (v: unknown): v is { [key: string]: JsonValue } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True for keys that set how long the run is and how often it logs, evaluates and checkpoints. */
export function isRunLengthKey(path: KeyPath): boolean {
  if (path.length === 1) return durationFamilyOf(path[0], 'top') !== undefined;
  return path.length === 3 && path[0] === 'evals' && durationFamilyOf(path[2], 'eval') !== undefined;
}

function leaves(value: JsonValue | undefined, path: string[], out: Map<string, [KeyPath, JsonValue]>): void {
  if (isDict(value)) {
    for (const [k, v] of Object.entries(value)) leaves(v, [...path, k], out);
  } else if (value !== undefined && path.length) {
    out.set(JSON.stringify(path), [path, value]);
  }
}

/** The keys (dotted, sorted) whose values differ between two configs, run length and logging aside. */
export function configChanges(before: JsonValue, after: JsonValue): ConfigChange[] {
  const a = new Map<string, [KeyPath, JsonValue]>();
  const b = new Map<string, [KeyPath, JsonValue]>();
  leaves(before, [], a);
  leaves(after, [], b);
  const changes: ConfigChange[] = [];
  for (const id of new Set([...a.keys(), ...b.keys()])) {
    const path = (a.get(id) ?? b.get(id))?.[0] as KeyPath;
    const [x, y] = [a.get(id)?.[1], b.get(id)?.[1]];
    if (JSON.stringify(x) === JSON.stringify(y) || isRunLengthKey(path)) continue;
    changes.push({ key: path.join('.'), before: x, after: y });
  }
  return changes.sort((p, q) => (p.key < q.key ? -1 : p.key > q.key ? 1 : 0));
}

function show(v: JsonValue | undefined): string {
  if (v === undefined) return 'unset';
  const text = JSON.stringify(v);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** `lr 0.003 → 0.002, model.width 16 → 32`. */
export function formatChanges(changes: readonly ConfigChange[]): string {
  return changes.map((c) => `${c.key} ${show(c.before)} → ${show(c.after)}`).join(', ');
}

/**
 * The changes from the config the workdir's run was started with (its `config.json`) to `current`; none when the
 * workdir has no config.json, or one that is not JSON (then there is nothing to compare with).
 */
export function changesFromWorkdir(workdir: string, current: JsonValue): ConfigChange[] {
  let before: JsonValue;
  try {
    before = JSON.parse(fs.readFileSync(path.join(workdir, CONFIG_FILE), 'utf8')) as JsonValue;
  } catch {
    return [];
  }
  return configChanges(before, current);
}
