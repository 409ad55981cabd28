// Stacks per-example host tensors into one batch tensor per key. Every example
// must agree on keys, dtypes and shapes (as tf.data's batch requires).

import { describeTensor, sizeOf, type HostData, type HostTensor } from './hostTensor';

/** Typed-array constructors of the numeric dtypes. */
const NUMERIC = { float32: Float32Array, int32: Int32Array, uint8: Uint8Array, int64: BigInt64Array } as const;

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** One tensor of shape [n, ...] from n tensors of equal shape and dtype. */
export function stackTensors(key: string, items: readonly HostTensor[]): HostTensor {
  const first = items[0];
  for (const [i, t] of items.entries()) {
    if (t.dtype !== first.dtype || !sameShape(t.shape, first.shape)) {
      throw new Error(`Cannot batch '${key}': example 0 is ${describeTensor(first)} but example ${i} is ${describeTensor(t)}; resize or crop to a fixed shape in the pp string (e.g. resize(224)) or drop the key with keep(...)`);
    }
  }
  const shape = [items.length, ...first.shape];
  const per = sizeOf(first.shape);
  if (first.dtype === 'bytes') return { dtype: 'bytes', shape, data: items.flatMap((t) => t.data as Uint8Array[]) };
  const out = new NUMERIC[first.dtype](items.length * per);
  // Every item has first's dtype (checked above), so its data is the same typed array as `out`.
  items.forEach((t, i) => out.set(t.data as never, i * per));
  return { dtype: first.dtype, shape, data: out } as HostTensor;
}

/** A zero tensor shaped and typed like `like` (padding examples). */
export function zerosLike(like: HostTensor): HostTensor {
  const n = sizeOf(like.shape);
  const shape = [...like.shape];
  switch (like.dtype) {
    case 'bytes':
      return { dtype: 'bytes', shape, data: Array.from({ length: n }, () => new Uint8Array(0)) };
    case 'float32':
      return { dtype: 'float32', shape, data: new Float32Array(n) };
    case 'int32':
      return { dtype: 'int32', shape, data: new Int32Array(n) };
    case 'uint8':
      return { dtype: 'uint8', shape, data: new Uint8Array(n) };
    case 'int64':
      return { dtype: 'int64', shape, data: new BigInt64Array(n) };
  }
}

/** Stacks examples into a batch. */
export function stackExamples(examples: readonly HostData[]): HostData {
  const keys = Object.keys(examples[0]).sort();
  for (const [i, ex] of examples.entries()) {
    const k = Object.keys(ex).sort();
    if (k.join('\0') !== keys.join('\0')) {
      throw new Error(`Cannot batch: example 0 has keys [${keys.join(', ')}] but example ${i} has [${k.join(', ')}]`);
    }
  }
  const out: HostData = {};
  for (const key of keys) out[key] = stackTensors(key, examples.map((e) => e[key]));
  return out;
}
