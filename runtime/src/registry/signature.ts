// Python-style rendering of spec data: defaults as Python source and whole
// signatures such as `resize(size, method='bilinear', antialias=False, *,
// key=None, inkey='image', outkey='image')`. Hovers, completion details and
// error messages all print specs through here so they read like the configs.

import { pyRepr } from '../pysyntax/pyFormat';
import type { OpSpec, ParamSpec, TypeSpec } from './types';

export { pyRepr };

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
