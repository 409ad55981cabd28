/**
 * Every key of an evaluated config judged against the schema, once, for every reader: a key a level does not list
 * (`unknown`), one it refuses (`forbidden`: deprecated upstream, or passed by the trainer itself), a value of the
 * wrong type, or one outside the key's documented choices. The checker turns these into diagnostics, the bundled
 * trainer refuses a run on the ones that would stop it, and completion offers exactly the keys that are not.
 * The evaluated JSON cannot tell 1.0 from 1, so an int passes for a float and a whole float for an int; None fits
 * everything (a placeholder upstream allows).
 */
import { formatType } from '../signature';
import { suggestNames } from '../registry';
import type { Choice, KeySpec, ParamType, TypeSpec } from '../types';
import { keysAt, type ForbiddenKey, type KeyLevel } from './levels';
import type { TrainerKind } from './trainer';
import { dataDicts, evalEntries, formatPath, isMixture, isObject, scheduleDicts, type JsonObject, type JsonValue, type KeyPath } from './walk';

export type IssueKind = 'unknown' | 'forbidden' | 'wrong-type' | 'wrong-value';

/** One key the schema does not accept as it is. */
export interface SchemaIssue {
  readonly kind: IssueKind;
  /** The key's full path, e.g. `['model', 'num_classes']`. */
  readonly path: KeyPath;
  readonly key: string;
  readonly value: JsonValue;
  readonly level: KeyLevel;
  /** The key's spec (wrong type or value). */
  readonly spec?: KeySpec;
  readonly forbidden?: ForbiddenKey;
  /** Close names at the level (unknown keys), best first. */
  readonly suggestions?: readonly string[];
}

/** Keys whose value names a registry entry: the names check judges them, with "did you mean". */
const NAMED_KEYS = new Set(['loss', 'loss_name', 'decay_type', 'variant', 'model_name', 'optax_name', 'type']);

function fitsOne(t: ParamType, v: JsonValue): boolean {
  switch (t) {
    case 'int':
      return (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'boolean';
    case 'float':
    case 'number':
      return typeof v === 'number' || typeof v === 'boolean';
    case 'str':
    case 'bytes':
      return typeof v === 'string';
    case 'bool':
      return typeof v === 'boolean' || v === 0 || v === 1;
    case 'list':
    case 'tuple':
    case 'seq':
    case 'set':
      return Array.isArray(v);
    case 'dict':
      return isObject(v);
    default:
      return true;
  }
}

/** Whether an evaluated value fits a declared type. */
export function fitsType(type: TypeSpec, v: JsonValue): boolean {
  if (v === null) return true;
  return (typeof type === 'string' ? [type] : type).some((t) => fitsOne(t, v));
}

/** Python's truthiness of an evaluated value: None, False, 0, '' and empty containers are falsy. */
export function truthy(v: JsonValue | undefined): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (isObject(v)) return Object.keys(v).length > 0;
  return Boolean(v);
}

function judge(level: KeyLevel, dict: JsonObject, out: SchemaIssue[]): void {
  for (const [key, value] of Object.entries(dict)) {
    if (level.isOpen(key)) continue;
    const path = [...level.path, key];
    const forbidden = level.forbidden(key);
    if (forbidden) {
      if (!(forbidden.unlessTruthy && truthy(value))) out.push({ kind: 'forbidden', path, key, value, level, forbidden });
      continue;
    }
    const spec = level.get(key);
    if (spec) {
      if (!level.typed || NAMED_KEYS.has(key)) continue;
      if (!fitsType(spec.type, value)) out.push({ kind: 'wrong-type', path, key, value, level, spec });
      else if (spec.choices && isChoice(value) && !spec.choices.includes(value)) out.push({ kind: 'wrong-value', path, key, value, level, spec });
      continue;
    }
    if (level.tolerated.includes(key) || !level.unknown) continue;
    out.push({ kind: 'unknown', path, key, value, level, suggestions: suggestNames(key, level.names()) });
  }
}

const isChoice = (v: JsonValue): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** Every dict of the config the schema has a level for, with that level. */
export function levelsOf(config: JsonObject, trainer: TrainerKind): { level: KeyLevel; dict: JsonObject }[] {
  const out: { level: KeyLevel; dict: JsonObject }[] = [];
  const add = (path: KeyPath, dict: JsonObject): void => {
    const level = keysAt(path, config, trainer);
    if (level) out.push({ level, dict });
  };
  add([], config);
  const input = config.input;
  if (isObject(input)) {
    add(['input'], input);
    if (isMixture(input.data) && isObject(input.data)) {
      for (const name of Object.keys(input.data)) if (isObject(input[name])) add(['input', name], input[name] as JsonObject);
    }
  }
  for (const d of dataDicts(config)) add(d.path, d.value);
  for (const e of evalEntries(config)) add(e.path, e.value);
  for (const s of scheduleDicts(config)) add(s.path, s.value);
  for (const key of ['model', 'model_load', 'optax']) if (isObject(config[key])) add([key], config[key] as JsonObject);
  return out;
}

const memo = new WeakMap<JsonObject, Map<TrainerKind, SchemaIssue[]>>();

/** The issues of every key of `config` read by `trainer` (computed once per config object). */
export function schemaIssues(config: JsonObject, trainer: TrainerKind = 'train'): SchemaIssue[] {
  let byTrainer = memo.get(config);
  if (!byTrainer) memo.set(config, (byTrainer = new Map()));
  let issues = byTrainer.get(trainer);
  if (!issues) {
    issues = [];
    for (const { level, dict } of levelsOf(config, trainer)) judge(level, dict, issues);
    byTrainer.set(trainer, issues);
  }
  return issues;
}

/** A value as messages show it: `str 'zero'`, `float 2.5`, `a dict`. */
export function describeValue(v: JsonValue): string {
  if (Array.isArray(v)) return 'a list';
  if (isObject(v)) return 'a dict';
  const text = typeof v === 'string' ? `'${v.length > 40 ? `${v.slice(0, 40)}…` : v}'` : String(v);
  const kind = typeof v === 'string' ? 'str' : typeof v === 'boolean' ? 'bool' : Number.isInteger(v) ? 'int' : 'float';
  return `${kind} ${text}`;
}

const formatChoice = (c: Choice): string => (typeof c === 'string' ? `'${c}'` : String(c));

/**
 * What is wrong, after the key's name: `should be int, got str '32'.`, `is str 'avg'; valid values: ...`,
 * `is rejected by big_vision/optax.py: ...`, or the unknown key's consequence and "did you mean".
 */
export function issueText(issue: SchemaIssue): string {
  switch (issue.kind) {
    case 'wrong-type':
      return `should be ${formatType(issue.spec?.type ?? 'any')}, got ${describeValue(issue.value)}.`;
    case 'wrong-value':
      return `is ${describeValue(issue.value)}; valid values: ${(issue.spec?.choices ?? []).map(formatChoice).join(', ')}.`;
    case 'forbidden':
      return `is rejected by ${issue.forbidden?.by}: ${issue.forbidden?.reason}.`;
    case 'unknown': {
      const hint = issue.suggestions?.length ? ` Did you mean '${issue.suggestions[0]}'?` : '';
      return `is unknown here: ${issue.level.unknown?.effect ?? 'nothing reads it'}.${hint}`;
    }
  }
}

/** The issue as one sentence naming the key, e.g. `'model.num_classes' is rejected by big_vision.train: ...`. */
export function issueMessage(issue: SchemaIssue): string {
  return `'${formatPath(issue.path)}' ${issueText(issue)}`;
}
