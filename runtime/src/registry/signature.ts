// Python-style rendering of spec data: defaults as Python source and whole
// signatures such as `resize(size, method='bilinear', antialias=False, *,
// key=None, inkey='image', outkey='image')`. Hovers, completion details and
// error messages all print specs through here so they read like the configs.

import type { OpSpec, ParamSpec, TypeSpec } from './types';

/** A JS value as Python source (null → None, arrays → tuples unless `list`). */
export function pyRepr(value: unknown, list = false): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return "float('nan')";
    if (!Number.isFinite(value)) return value > 0 ? "float('inf')" : "-float('inf')";
    return String(value);
  }
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  if (Array.isArray(value)) {
    const items = value.map((v) => pyRepr(v));
    if (list) return `[${items.join(', ')}]`;
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`);
    return `{${entries.join(', ')}}`;
  }
  return String(value);
}

/** The default of `p` as Python source, or undefined when it has none. */
export function formatDefault(p: ParamSpec): string | undefined {
  if (p.defaultText !== undefined) return p.defaultText;
  if (!('default' in p)) return undefined;
  const t = p.type;
  // JS has one number type: print integral defaults of float params as 1.0.
  if (t === 'float' && typeof p.default === 'number' && Number.isInteger(p.default)) return p.default.toFixed(1);
  const isList = t === 'list' || (Array.isArray(t) && t.includes('list') && !t.includes('tuple') && !t.includes('seq'));
  return pyRepr(p.default, isList);
}

/** `name=default` or `name` for one parameter. */
export function formatParam(p: ParamSpec): string {
  const d = formatDefault(p);
  return d === undefined ? p.name : `${p.name}=${d}`;
}

/** Human-readable type, e.g. `int | list | tuple`. */
export function formatType(t: TypeSpec): string {
  const names = (typeof t === 'string' ? [t] : [...t]).flatMap((x) => (x === 'seq' ? ['list', 'tuple'] : x === 'number' ? ['int', 'float'] : [x]));
  return [...new Set(names)].join(' | ');
}

/** A Python signature line for a name and its parameters. */
export function formatSignature(
  name: string,
  params: readonly ParamSpec[],
  varargs?: ParamSpec,
  kwargs?: ParamSpec,
): string {
  const parts: string[] = [];
  let starred = false;
  for (const p of params) {
    if (p.keywordOnly && !starred) {
      parts.push(varargs ? `*${varargs.name}` : '*');
      starred = true;
    }
    parts.push(formatParam(p));
  }
  if (varargs && !starred) parts.push(`*${varargs.name}`);
  if (kwargs) parts.push(`**${kwargs.name}`);
  return `${name}(${parts.join(', ')})`;
}

/** The pp signature of an op, as a config would call it. */
export function formatOpSignature(op: OpSpec): string {
  return formatSignature(op.name, op.params, op.varargs, op.kwargs);
}
