// Short constructors for ParamSpec and OpSpec so the data tables (pp ops,
// models, evaluators, optimizers) stay one readable line per parameter.
// Pure functions; nothing here registers anything.

import type { Choice, KeyConvention, OpSpec, ParamSpec, TypeSpec } from './types';

/** Extra ParamSpec fields for `req`/`opt`. */
export interface ParamExtra {
  keywordOnly?: boolean;
  nullable?: boolean;
  choices?: readonly Choice[];
  defaultText?: string;
}

/** A required parameter (no default upstream). */
export function req(name: string, type: TypeSpec, doc: string, extra: ParamExtra = {}): ParamSpec {
  return { name, type, required: true, doc, ...extra };
}

/** An optional parameter with its Python default (None → null, tuple → array). */
export function opt(name: string, type: TypeSpec, def: unknown, doc: string, extra: ParamExtra = {}): ParamSpec {
  return { name, type, default: def, doc, ...extra };
}

/** The same parameter, keyword-only (after `*` in Python). */
export function kwOnly(p: ParamSpec): ParamSpec {
  return { ...p, keywordOnly: true };
}

/** Options for an op built with `ikokOp`/`ownOp`. */
export interface OpExtra {
  bundled?: boolean;
  varargs?: ParamSpec;
  kwargs?: ParamSpec;
}

/**
 * An op decorated with upstream's `InKeyOutKey(indefault, outdefault)`: its
 * pp signature gains keyword-only `key`, `inkey`, `outkey`.
 */
export function ikokOp(
  module: string,
  name: string,
  params: readonly ParamSpec[],
  doc: string,
  inkey: string | null = 'image',
  outkey: string | null = 'image',
  extra: OpExtra = {},
): OpSpec {
  const keys: ParamSpec[] = [
    kwOnly(opt('key', 'str', null, 'read and write this feature (overrides inkey and outkey)')),
    kwOnly(opt('inkey', 'str', inkey, 'feature to read', { nullable: true })),
    kwOnly(opt('outkey', 'str', outkey, 'feature to write', { nullable: true })),
  ];
  return {
    name,
    module,
    doc,
    params: [...params, ...keys],
    bundled: extra.bundled ?? false,
    keyConvention: 'inkey_outkey',
    inkeyDefault: inkey,
    outkeyDefault: outkey,
    ...(extra.varargs ? { varargs: extra.varargs } : {}),
    ...(extra.kwargs ? { kwargs: extra.kwargs } : {}),
  };
}

/** An op that handles keys itself (`key`) or reads fixed features (`none`). */
export function ownOp(
  module: string,
  name: string,
  params: readonly ParamSpec[],
  doc: string,
  keyConvention: Exclude<KeyConvention, 'inkey_outkey'> = 'key',
  extra: OpExtra = {},
): OpSpec {
  return {
    name,
    module,
    doc,
    params,
    bundled: extra.bundled ?? false,
    keyConvention,
    ...(extra.varargs ? { varargs: extra.varargs } : {}),
    ...(extra.kwargs ? { kwargs: extra.kwargs } : {}),
  };
}

/** tf.image.resize methods (the `method=` of resize ops). */
export const RESIZE_METHODS: readonly Choice[] = [
  'bilinear', 'lanczos3', 'lanczos5', 'bicubic', 'gaussian', 'nearest', 'area', 'mitchellcubic',
];
