/**
 * Bytes of optimizer state for a config's `optax_name` and `optax` kwargs, from the parameter shapes: Adam-like
 * transforms keep a first moment (in `mu_dtype`, float32 by default) and a float32 second moment; momentum traces
 * keep one slot in their accumulator dtype (big_vision.momentum_hp: bfloat16 by default); Adafactor keeps a
 * factored second moment (a row and a column vector for tensors whose two largest dims are at least
 * `min_dim_size_to_factor`, the whole tensor otherwise) plus its momentum; plain SGD keeps nothing. Scalars
 * (step counts) are not counted.
 */
import type { JsonObject } from '../registry';
import { numel, type ParamTensor } from './types';

/** Bytes per element of a dtype name as configs write it. */
export function dtypeBytes(dtype: unknown, fallback = 4): number {
  if (typeof dtype !== 'string') return fallback;
  const d = dtype.replace(/^(jnp|np|jax\.numpy)\./, '');
  if (d === 'bfloat16' || d === 'float16') return 2;
  if (d === 'float32') return 4;
  if (d === 'float64') return 8;
  return fallback;
}

/** Elements of Adafactor's second moment for one tensor (optax's _factored_dims rule). */
function factoredElements(shape: readonly number[], minDim: number): number {
  if (shape.length < 2) return numel(shape);
  const order = shape.map((d, i) => [d, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const [d1, d0] = [order[order.length - 2], order[order.length - 1]];
  if (d1[0] < minDim) return numel(shape);
  const n = numel(shape);
  return n / d0[0] + n / d1[0];
}

export interface OptimizerState {
  readonly bytes: number;
  /** What was counted, e.g. `mu in bfloat16 + nu in float32`. */
  readonly what: string;
}

const num = (v: unknown, fallback: number): number => (typeof v === 'number' ? v : fallback);
const dtypeName = (bytes: number): string => (bytes === 2 ? 'bfloat16' : bytes === 8 ? 'float64' : 'float32');

/** Optimizer state of `config.optax_name` over `params`. */
export function optimizerState(config: JsonObject, params: readonly ParamTensor[]): OptimizerState {
  const name = typeof config.optax_name === 'string' ? config.optax_name : '';
  const kw = (config.optax && typeof config.optax === 'object' && !Array.isArray(config.optax) ? config.optax : {}) as JsonObject;
  const n = params.reduce((s, p) => s + numel(p.shape), 0);
  const slot = (bytes: number, label: string) => ({ bytes: n * bytes, label: `${label} in ${dtypeName(bytes)}` });
  const factored = (minDim: number) => ({ bytes: 4 * params.reduce((s, p) => s + factoredElements(p.shape, minDim), 0), label: `factored second moment (min_dim_size_to_factor=${minDim})` });
  let slots: { bytes: number; label: string }[];
  switch (name) {
    case 'scale_by_adam': case 'adam': case 'adamw': case 'lamb': case 'scale_by_belief': case 'adabelief':
      slots = [slot(dtypeBytes(kw.mu_dtype), 'first moment'), slot(4, 'second moment')];
      break;
    case 'scale_by_lion': case 'lion':
      slots = [slot(dtypeBytes(kw.mu_dtype), 'momentum')];
      break;
    case 'big_vision.momentum_hp':
      slots = [slot(dtypeBytes(kw.dtype ?? 'bfloat16'), 'momentum')];
      break;
    case 'trace':
      slots = [slot(dtypeBytes(kw.accumulator_dtype), 'momentum')];
      break;
    case 'sgd':
      slots = kw.momentum ? [slot(dtypeBytes(kw.accumulator_dtype), 'momentum')] : [];
      break;
    case 'big_vision.scale_by_adafactor':
      slots = [factored(num(kw.min_dim_size_to_factor, 32)), ...(('momentum' in kw ? kw.momentum : 0.9) ? [slot(dtypeBytes(kw.dtype_momentum ?? 'bfloat16'), 'momentum')] : [])];
      break;
    case 'adafactor':
      slots = [kw.factored === false ? slot(4, 'second moment') : factored(num(kw.min_dim_size_to_factor, 128)), ...(kw.momentum ? [slot(dtypeBytes(kw.dtype_momentum), 'momentum')] : [])];
      break;
    case 'scale_by_factored_rms':
      slots = [kw.factored === false ? slot(4, 'second moment') : factored(num(kw.min_dim_size_to_factor, 128))];
      break;
    case 'scale_by_rms': case 'adagrad':
      slots = [slot(4, 'second moment')];
      break;
    case 'rmsprop':
      slots = [slot(4, 'second moment'), ...(kw.centered ? [slot(4, 'first moment')] : []), ...(kw.momentum ? [slot(4, 'momentum')] : [])];
      break;
    case 'scale_by_sm3':
      slots = [slot(4, 'first moment'), { bytes: 4 * params.reduce((s, p) => s + p.shape.reduce((a, b) => a + b, 0), 0), label: 'per-dimension accumulators' }];
      break;
    case 'identity': case 'big_vision.sgd':
      slots = [];
      break;
    default:
      return { bytes: 0, what: `not counted: '${name}' is not an optimizer these estimates know` };
  }
  return { bytes: slots.reduce((s, x) => s + x.bytes, 0), what: slots.length ? slots.map((s) => s.label).join(' + ') : 'none' };
}
