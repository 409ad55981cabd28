// buildPreprocess(pp): turns a pp string into one function over an example,
// the way upstream's pp/builder.py does: the registry's parser splits and
// parses it, each op is looked up among the registry specs and bound like a
// Python call (defaults from the spec), and its body comes from registerAll.
// Errors name the op, the config key holding the string, and what exists.

import type { PreprocessFn } from '../data/pipeline';
import { Rng, hashSeed } from '../data/rng';
import { callArguments, checkCall, parsePp, ppOps, suggestNames, type OpSpec, type PpCall, type PyJsValue, type Registry } from '../registry';
import { ppImpls } from './registerAll';
import type { PpFn, PpOpImpl } from './types';

/** Options of `buildPreprocess`. */
export interface BuildPreprocessOptions {
  /** Config key the string came from, for messages (e.g. `input.pp`, `evals.val.pp_fn`). */
  configKey?: string;
  /** Specs (default: the registry's `ppOps`). */
  specs?: Registry<OpSpec>;
  /** Implementations (default: `ppImpls`). */
  impls?: Registry<PpOpImpl>;
}

/** A pp string the bundled trainer cannot run; the message says why and what to do. */
export class PpBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PpBuildError';
  }
}

/** Python-style binding of a parsed call: every named parameter, defaults filled. */
function bind(spec: OpSpec, call: PpCall): { params: Record<string, PyJsValue>; varargs: PyJsValue[] } {
  const { args, kwargs } = callArguments(call);
  const params: Record<string, PyJsValue> = {};
  for (const p of spec.params) if ('default' in p) params[p.name] = p.default as PyJsValue;
  const positional = spec.params.filter((p) => !p.keywordOnly);
  args.slice(0, positional.length).forEach((v, i) => (params[positional[i].name] = v));
  Object.assign(params, kwargs);
  return { params, varargs: args.slice(positional.length) };
}

/** Builds the preprocessing function of `pp` (None/'' = identity). Throws PpBuildError. */
export function buildPreprocess(pp: string | null | undefined, options: BuildPreprocessOptions = {}): PreprocessFn {
  const where = options.configKey ? `config key ${options.configKey}` : 'the pp string';
  const specs = options.specs ?? ppOps;
  const impls = options.impls ?? ppImpls;
  const available = (): string => impls.names().join(', ');
  const { calls, errors } = parsePp(pp);
  if (errors.length) {
    const e = errors[0];
    throw new PpBuildError(`Syntax error in ${where} at op #${e.index + 1} ('${(pp ?? '').split('|')[e.index]}'): ${e.message}`);
  }
  const fns: { name: string; fn: PpFn }[] = [];
  for (const call of calls) {
    const spec = specs.get(call.name);
    if (!spec) {
      const hints = suggestNames(call.name, specs.names());
      const hint = hints.length ? ` Did you mean ${hints.map((h) => `'${h}'`).join(', ')}?` : '';
      throw new PpBuildError(`Unknown pp op '${call.name}' in ${where}.${hint} The bundled trainer runs: ${available()}.`);
    }
    const impl = impls.get(call.name);
    if (!impl) {
      throw new PpBuildError(`pp op '${call.name}' in ${where} is an upstream op (${spec.module}) that the bundled trainer does not implement; it runs: ${available()}. Remove it from the pp string or train with upstream big_vision.`);
    }
    const bad = checkCall(spec, call).filter((p) => p.severity === 'error');
    if (bad.length) throw new PpBuildError(`In ${where}: ${bad.map((p) => p.message).join('; ')}`);
    const { params, varargs } = bind(spec, call);
    try {
      fns.push({ name: call.name, fn: impl.create(params, varargs) });
    } catch (err) {
      throw new PpBuildError(`In ${where}, op '${call.text.trim()}': ${(err as Error).message}`);
    }
  }
  return async (data, seed) => {
    let d = { ...data };
    for (const [i, { name, fn }] of fns.entries()) {
      try {
        // Each op draws from its own stream, seeded by (example seed, op index).
        d = await fn(d, new Rng(hashSeed(seed, i)));
      } catch (err) {
        throw new Error(`pp op '${name}' (#${i + 1} in ${where}): ${(err as Error).message}`, { cause: err });
      }
    }
    return d;
  };
}
