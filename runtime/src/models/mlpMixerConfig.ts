// Resolves `config.model` (+ `config.num_classes`) into MLP-Mixer
// hyperparameters as upstream's mlp_mixer.Model does: a `variant`
// "<size>/<patch>" fills hidden_dim, num_blocks, channels_mlp_dim,
// tokens_mlp_dim and patch_size (setdefault: explicit kwargs win); without a
// variant all five are required (upstream raises TypeError for a missing
// dataclass field). Bad values fail here with the config key named.

import { parseMixerVariant } from '../registry';
import { ConfigKeyError } from '../semantics/configKeyError';

/** MLP-Mixer hyperparameters after variant decoding. */
export interface MixerConfig {
  /** Head size; null (or 0 upstream) = no head. */
  readonly numClasses: number | null;
  readonly patchSize: readonly [number, number];
  readonly numBlocks: number;
  readonly hiddenDim: number;
  readonly tokensMlpDim: number;
  readonly channelsMlpDim: number;
  /** Stochastic depth of the last block; block i drops with rate i/(num_blocks−1)·stoch_depth. */
  readonly stochDepth: number;
}

type Kwargs = Record<string, unknown>;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function bad(key: string, value: unknown, expected: string): ConfigKeyError {
  return new ConfigKeyError(['model', key], `${JSON.stringify(value)} is not valid for model_name='mlp_mixer': expected ${expected}.`);
}

function required(kw: Kwargs, key: string): unknown {
  const v = kw[key];
  if (v === undefined || v === null) {
    throw new ConfigKeyError(['model', key], `is required by model_name='mlp_mixer' without a variant: set config.model.variant (e.g. 'B/16') or config.model.${key}.`);
  }
  return v;
}

function posInt(kw: Kwargs, key: string): number {
  const v = required(kw, key);
  if (!isInt(v) || v < 1) throw bad(key, v, 'a positive integer');
  return v;
}

/** `Model(num_classes, *, variant=None, **kw)` → hyperparameters; `numClasses` is `config.num_classes`. */
export function resolveMixerConfig(model: Kwargs = {}, numClasses?: number | null): MixerConfig {
  let fromVariant: Kwargs = {};
  if (model.variant !== undefined && model.variant !== null) {
    if (typeof model.variant !== 'string') throw bad('variant', model.variant, "a string like 'B/16'");
    const parsed = parseMixerVariant(model.variant);
    if (!parsed.ok) throw new ConfigKeyError(['model', 'variant'], parsed.message);
    const v = parsed.value;
    fromVariant = { patch_size: [v.patch, v.patch], hidden_dim: v.hiddenDim, num_blocks: v.numBlocks, channels_mlp_dim: v.channelsMlpDim, tokens_mlp_dim: v.tokensMlpDim };
  }
  // Upstream's kw.setdefault: explicit kwargs (not None) win over the variant's values.
  const explicit = Object.fromEntries(Object.entries(model).filter(([, v]) => v !== null && v !== undefined));
  const kw: Kwargs = { ...fromVariant, ...explicit };
  const patch = required(kw, 'patch_size');
  if (!Array.isArray(patch) || patch.length !== 2 || !patch.every((p) => isInt(p) && p > 0)) throw bad('patch_size', patch, 'two positive integers, e.g. (16, 16)');
  const stoch = kw.stoch_depth ?? 0;
  if (typeof stoch !== 'number' || stoch < 0 || stoch > 1) throw bad('stoch_depth', stoch, 'a rate in [0, 1]');
  if (numClasses !== undefined && numClasses !== null && (!isInt(numClasses) || numClasses < 0)) {
    throw new ConfigKeyError(['num_classes'], `${JSON.stringify(numClasses)} must be a non-negative integer or None.`);
  }
  return {
    numClasses: numClasses ? numClasses : null,
    patchSize: [patch[0] as number, patch[1] as number],
    numBlocks: posInt(kw, 'num_blocks'),
    hiddenDim: posInt(kw, 'hidden_dim'),
    tokensMlpDim: posInt(kw, 'tokens_mlp_dim'),
    channelsMlpDim: posInt(kw, 'channels_mlp_dim'),
    stochDepth: stoch,
  };
}
