// Resolves `config.model` (+ `config.num_classes`) into ViT hyperparameters the
// way upstream's vit.Model does: `variant` ("S/16") fills width, depth,
// mlp_dim, num_heads and patch_size from the registry's size table, explicit
// kwargs win, everything else takes the registry spec's default. Bad values
// fail here with the key named, before any tensor is made (unknown keys and
// `num_classes` inside `model` are the schema's, checked by the trainer's gate).

import { models, parseVitVariant } from '../registry';
import { ConfigKeyError } from '../semantics/configKeyError';

/** ViT hyperparameters after variant decoding and defaults. */
export interface VitConfig {
  /** Head size; null (or 0 upstream) = no head. */
  readonly numClasses: number | null;
  readonly patchSize: readonly [number, number];
  readonly width: number;
  readonly depth: number;
  readonly mlpDim: number;
  readonly numHeads: number;
  /** 'learn' | 'sincos2d'. */
  readonly posemb: 'learn' | 'sincos2d';
  /** Size of the tanh pre_logits layer, or 0 for none. */
  readonly repSize: number;
  readonly dropout: number;
  /** 'gap' | 'map' | 'tok' | '0' | 'none'. */
  readonly poolType: 'gap' | 'map' | 'tok' | '0' | 'none';
  readonly headZeroinit: boolean;
  /** Stacked block params under Transformer/encoderblock (upstream's nn.scan layout). */
  readonly scan: boolean;
  // remat_policy and dtype_mm are accepted and ignored: tfjs has no remat and
  // no bfloat16, so the bundled trainer always computes in float32.
}

type Kwargs = Record<string, unknown>;

function bad(key: string, value: unknown, expected: string): ConfigKeyError {
  return new ConfigKeyError(['model', key], `${JSON.stringify(value)} is not valid for model_name='vit': expected ${expected}.`);
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function posInt(kw: Kwargs, key: string): number {
  const v = kw[key];
  if (!isInt(v) || v < 1) throw bad(key, v, 'a positive integer');
  return v;
}

/**
 * `Model(num_classes, *, variant=None, **kw)` → hyperparameters. `numClasses`
 * is `config.num_classes`.
 */
export function resolveVitConfig(model: Kwargs = {}, numClasses?: number | null): VitConfig {
  const spec = models.require('vit');
  const defaults: Kwargs = Object.fromEntries(spec.kwargs.map((p) => [p.name, p.default]));
  let fromVariant: Kwargs = {};
  if (model.variant !== undefined && model.variant !== null) {
    if (typeof model.variant !== 'string') throw bad('variant', model.variant, "a string like 'B/16'");
    const parsed = parseVitVariant(model.variant);
    if (!parsed.ok) throw new ConfigKeyError(['model', 'variant'], parsed.message);
    const v = parsed.value;
    fromVariant = { width: v.width, depth: v.depth, mlp_dim: v.mlpDim, num_heads: v.heads, ...(v.patch ? { patch_size: [v.patch, v.patch] } : {}) };
  }
  const kw: Kwargs = { ...defaults, ...fromVariant, ...model };

  const patch = kw.patch_size;
  if (!Array.isArray(patch) || patch.length !== 2 || !patch.every((p) => isInt(p) && p > 0)) throw bad('patch_size', patch, 'two positive integers, e.g. (16, 16)');
  const width = posInt(kw, 'width');
  const numHeads = posInt(kw, 'num_heads');
  if (width % numHeads !== 0) throw bad('num_heads', numHeads, `a divisor of width=${width}`);
  const mlpDim = kw.mlp_dim === null || kw.mlp_dim === undefined ? 4 * width : posInt(kw, 'mlp_dim');
  const posemb = kw.posemb;
  if (posemb !== 'learn' && posemb !== 'sincos2d') throw bad('posemb', posemb, "'learn' or 'sincos2d'");
  if (posemb === 'sincos2d' && width % 4 !== 0) throw bad('width', width, 'a multiple of 4 for posemb=sincos2d');
  const pool = kw.pool_type;
  if (!['gap', 'map', 'tok', '0', 'none'].includes(pool as string)) throw bad('pool_type', pool, "one of 'gap', 'map', 'tok', '0', 'none'");
  const rep = kw.rep_size;
  let repSize = 0;
  if (rep === true) repSize = width;
  else if (isInt(rep) && rep > 0) repSize = rep;
  else if (!(rep === false || rep === 0 || rep === null)) throw bad('rep_size', rep, 'True, False or a positive integer');
  const dropout = kw.dropout;
  if (typeof dropout !== 'number' || dropout < 0 || dropout >= 1) throw bad('dropout', dropout, 'a rate in [0, 1)');
  if (numClasses !== undefined && numClasses !== null && (!isInt(numClasses) || numClasses < 0)) {
    throw new ConfigKeyError(['num_classes'], `${JSON.stringify(numClasses)} must be a non-negative integer or None.`);
  }
  return {
    numClasses: numClasses ? numClasses : null,
    patchSize: [patch[0] as number, patch[1] as number],
    width,
    depth: posInt(kw, 'depth'),
    mlpDim,
    numHeads,
    posemb,
    repSize,
    dropout,
    poolType: pool as VitConfig['poolType'],
    headZeroinit: kw.head_zeroinit !== false,
    scan: kw.scan === true,
  };
}
