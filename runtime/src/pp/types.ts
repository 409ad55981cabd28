// What a pp op implementation is: a factory from bound parameters (spec
// defaults filled in) to a function over one example's host tensors. The specs
// (names, params, defaults) live in the registry; these are only the bodies.

import type { HostData, HostTensor, NumericTensor } from '../data/hostTensor';
import { describeTensor } from '../data/hostTensor';
import type { Rng } from '../data/rng';
import type { PyJsValue } from '../registry';

/** Bound parameters by name (defaults from the spec filled in). */
export type PpParams = Readonly<Record<string, PyJsValue>>;

/** One op applied to one example; may mutate and return `data`. */
export type PpFn = (data: HostData, rng: Rng) => HostData | Promise<HostData>;

/** An op body registered under its spec's name. */
export interface PpOpImpl {
  readonly name: string;
  /** Builds the per-example function once per pipeline (bad parameters throw here). */
  create(params: PpParams, varargs: readonly PyJsValue[]): PpFn;
}

/** Tensor → tensor body of an `InKeyOutKey` op. */
export type TensorFn = (x: HostTensor, rng: Rng, data: HostData) => HostTensor | Promise<HostTensor>;

/**
 * An op decorated with upstream's InKeyOutKey: reads `data[key or inkey]`,
 * writes `data[key or outkey]`, leaves the other keys alone.
 */
export function ikokOp(name: string, factory: (params: PpParams) => TensorFn): PpOpImpl {
  return {
    name,
    create(params) {
      const fn = factory(params);
      const key = params.key as string | null;
      const inkey = (key ?? params.inkey) as string | null;
      const outkey = (key ?? params.outkey) as string | null;
      if (inkey === null || outkey === null) throw new Error(`${name} needs key= (or inkey= and outkey=)`);
      return async (data, rng) => {
        data[outkey] = await fn(feature(data, inkey, name), rng, data);
        return data;
      };
    },
  };
}

/** `data[key]`, or an error listing the keys that exist. */
export function feature(data: HostData, key: string, op: string): HostTensor {
  const t = data[key];
  if (t === undefined) throw new Error(`${op}: the example has no feature '${key}' (it has: ${Object.keys(data).join(', ') || 'none'})`);
  return t;
}

/** The tensor as numbers, or an error when it still holds encoded bytes. */
export function numeric(t: HostTensor, op: string): NumericTensor {
  if (t.dtype === 'bytes') throw new Error(`${op}: expects a decoded image but got encoded bytes ${describeTensor(t)}; put decode before it in the pp string`);
  if (t.dtype === 'int64') {
    return { dtype: 'float32', shape: t.shape, data: Float32Array.from(t.data, Number) };
  }
  return t;
}

/** An HWC image tensor's dims, or an error naming the op. */
export function hwc(t: HostTensor, op: string): [number, number, number] {
  if (t.shape.length !== 3) throw new Error(`${op}: expects an image of shape [height, width, channels], got ${describeTensor(t)}`);
  return [t.shape[0], t.shape[1], t.shape[2]];
}

/** upstream utils.maybe_repeat(x, 2): an int → (x, x); a sequence as is. */
export function sizePair(value: PyJsValue, op: string, param: string): [number, number] {
  const pair = Array.isArray(value) ? value : [value, value];
  if (pair.length !== 2 || !pair.every((v) => typeof v === 'number' && Number.isInteger(v) && v > 0)) {
    throw new Error(`${op}: ${param} must be a positive int or (height, width), got ${JSON.stringify(value)}`);
  }
  return pair as [number, number];
}

/** A number parameter or a list of numbers (per channel). */
export function numbers(value: PyJsValue, op: string, param: string): number[] {
  const list = Array.isArray(value) ? value : [value];
  if (!list.length || !list.every((v) => typeof v === 'number')) throw new Error(`${op}: ${param} must be a number or a list of numbers, got ${JSON.stringify(value)}`);
  return list as number[];
}
