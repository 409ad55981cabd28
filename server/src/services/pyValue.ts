/**
 * Evaluated config values written as Python writes them, for hover, inlay hints, symbols and completion docs.
 * JSON loses what Python knows (`1.0` becomes `1`, tuples become lists); the engine reports each key's Python
 * type beside its span (`KeyKind`), so a key's value is spelled by its kind: `1.0`, `1e-05`, `(224, 224)`, `True`,
 * `None`, and `ref` marks a `get_ref` value.
 */
import { spanIndex, type EvaluateResult, type JsonValue, type KeyKind } from '../../../runtime/src/config';
import { pyFloat, pyRepr } from '../../../runtime/src/pysyntax';

/** A successful evaluation: the config and, per key, its span and Python kind. */
export type Evaluated = Extract<EvaluateResult, { ok: true }>;

/** A value as Python source; `kind` (from the engine) tells floats from ints and tuples from lists. */
export function pyValue(value: JsonValue | undefined, kind?: KeyKind): string {
  if (typeof value === 'number' && kind?.type === 'float') return pyFloat(value);
  if (Array.isArray(value)) return pyRepr(value, kind?.type !== 'tuple');
  return pyRepr(value);
}

/** A value in one short line: a dict as its keys, anything longer than 80 characters cut. */
export function shortValue(value: JsonValue | undefined, kind?: KeyKind): string {
  const s = value !== null && typeof value === 'object' && !Array.isArray(value) ? `{${Object.keys(value).join(', ')}}` : pyValue(value, kind);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** The Python kind of the key at `path`, when the evaluation reported one. */
export function kindAt(evaluated: Evaluated | undefined, path: readonly (string | number)[]): KeyKind | undefined {
  return evaluated && spanIndex(evaluated.spans).kind(path);
}
