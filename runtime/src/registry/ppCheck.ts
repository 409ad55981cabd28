// Checks a parsed pp call against its OpSpec the way Python would bind it
// (arity, unknown or repeated keywords, missing required params) and against
// the declared literal types. Errors are what upstream raises as TypeError
// when building the pipeline; warnings are likely mistakes Python would let
// through (wrong literal type, value outside the documented choices).

import { formatLiteral, type PyKind, type PyLiteral } from './pyLiteral';
import { parsePp, type PpCall } from './ppGrammar';
import type { Registry } from './registry';
import { suggestNames } from './registry';
import { formatOpSignature, formatType } from './signature';
import type { OpSpec, ParamSpec, ParamType } from './types';

/** One finding, with the absolute span to underline. */
export interface PpProblem {
  readonly code: 'syntax' | 'unknown_op' | 'unbundled_op' | 'arity' | 'missing' | 'unknown_keyword' | 'duplicate' | 'type' | 'choice';
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

const ACCEPTS: Readonly<Record<ParamType, readonly PyKind[]>> = {
  int: ['int', 'bool'],
  float: ['int', 'float', 'bool'],
  number: ['int', 'float', 'bool'],
  str: ['str'],
  bool: ['bool'],
  list: ['list'],
  tuple: ['tuple'],
  seq: ['list', 'tuple'],
  dict: ['dict'],
  set: ['set'],
  bytes: ['bytes'],
  any: ['int', 'float', 'complex', 'str', 'bytes', 'bool', 'none', 'ellipsis', 'tuple', 'list', 'set', 'dict'],
};

/** Whether literal `lit` fits parameter `p` (None fits nullable or None-default params). */
export function literalFits(p: ParamSpec, lit: PyLiteral): boolean {
  if (lit.kind === 'none') return p.nullable === true || p.default === null || p.type === 'any';
  const types = typeof p.type === 'string' ? [p.type] : p.type;
  return types.some((t) => ACCEPTS[t].includes(lit.kind));
}

/** Binds `call` to `op` like Python does and reports every mismatch. */
export function checkCall(op: OpSpec, call: PpCall): PpProblem[] {
  const problems: PpProblem[] = [];
  const sig = formatOpSignature(op);
  const positional = op.params.filter((p) => !p.keywordOnly);
  const bound = new Map<string, PyLiteral>();
  call.args.forEach((arg, i) => {
    if (i < positional.length) {
      bound.set(positional[i].name, arg);
      checkValue(positional[i], arg, problems);
    } else if (op.varargs) {
      checkValue(op.varargs, arg, problems);
    } else if (i === positional.length) {
      const extra = call.args.length - positional.length;
      problems.push({
        code: 'arity',
        severity: 'error',
        message: `${op.name}() takes ${positional.length} positional argument${positional.length === 1 ? '' : 's'} but ${call.args.length} ${call.args.length === 1 ? 'was' : 'were'} given (${extra} too many): ${sig}`,
        start: arg.start,
        end: call.args[call.args.length - 1].end,
      });
    }
  });
  const seenKw = new Set<string>();
  for (const kw of call.kwargs) {
    if (seenKw.has(kw.name)) {
      problems.push({ code: 'duplicate', severity: 'warning', message: `keyword argument '${kw.name}' repeated; upstream keeps the last value`, start: kw.nameStart, end: kw.value.end });
      continue;
    }
    seenKw.add(kw.name);
    const param = op.params.find((p) => p.name === kw.name);
    if (param) {
      if (bound.has(kw.name)) {
        problems.push({ code: 'duplicate', severity: 'error', message: `${op.name}() got multiple values for argument '${kw.name}'`, start: kw.nameStart, end: kw.value.end });
        continue;
      }
      bound.set(kw.name, kw.value);
      checkValue(param, kw.value, problems);
    } else if (op.kwargs) {
      checkValue(op.kwargs, kw.value, problems);
    } else {
      const hints = suggestNames(kw.name, op.params.map((p) => p.name));
      const hint = hints.length ? ` Did you mean '${hints[0]}'?` : '';
      problems.push({
        code: 'unknown_keyword',
        severity: 'error',
        message: `${op.name}() got an unexpected keyword argument '${kw.name}'.${hint} Signature: ${sig}`,
        start: kw.nameStart,
        end: kw.nameEnd,
      });
    }
  }
  for (const p of op.params) {
    if (p.required && !bound.has(p.name)) {
      problems.push({ code: 'missing', severity: 'error', message: `${op.name}() missing required argument '${p.name}': ${sig}`, start: call.nameStart, end: call.nameEnd });
    }
  }
  return problems;
}

function checkValue(p: ParamSpec, lit: PyLiteral, problems: PpProblem[]): void {
  if (!literalFits(p, lit)) {
    problems.push({
      code: 'type',
      severity: 'warning',
      message: `'${p.name}' expects ${formatType(p.type)}${p.nullable || p.default === null ? ' or None' : ''}, got ${lit.kind} ${formatLiteral(lit)}`,
      start: lit.start,
      end: lit.end,
    });
    return;
  }
  if (p.choices && (lit.kind === 'str' || lit.kind === 'int' || lit.kind === 'float' || lit.kind === 'bool')) {
    if (!p.choices.includes(lit.value)) {
      const valid = p.choices.map((c) => (typeof c === 'string' ? `'${c}'` : String(c))).join(', ');
      problems.push({ code: 'choice', severity: 'warning', message: `'${p.name}' is ${formatLiteral(lit)}; valid values: ${valid}`, start: lit.start, end: lit.end });
    }
  }
}

/** Options for `checkPp`. */
export interface CheckPpOptions {
  /** Offset added to every span (see `parsePp`). */
  base?: number;
  /** Report ops the bundled trainer does not implement (`unbundled_op`, error). */
  requireBundled?: boolean;
}

/** Parses `pp` and checks every op against `ops`: syntax, unknown names, binding. */
export function checkPp(pp: string | null | undefined, ops: Registry<OpSpec>, options: CheckPpOptions = {}): PpProblem[] {
  const { calls, errors } = parsePp(pp, options.base ?? 0);
  const problems: PpProblem[] = errors.map((e) => ({ code: 'syntax', severity: 'error', message: e.message, start: e.start, end: e.end }));
  for (const call of calls) {
    const op = ops.get(call.name);
    if (!op) {
      const hints = ops.suggest(call.name);
      const hint = hints.length ? ` Did you mean ${hints.map((h) => `'${h}'`).join(', ')}?` : '';
      problems.push({ code: 'unknown_op', severity: 'error', message: `Unknown pp op '${call.name}'.${hint}`, start: call.nameStart, end: call.nameEnd });
      continue;
    }
    if (options.requireBundled && !op.bundled) {
      problems.push({
        code: 'unbundled_op',
        severity: 'error',
        message: `pp op '${op.name}' (${op.module}) is not implemented by the bundled trainer; run it with upstream big_vision`,
        start: call.nameStart,
        end: call.nameEnd,
      });
    }
    problems.push(...checkCall(op, call));
  }
  return problems.sort((a, b) => a.start - b.start);
}
