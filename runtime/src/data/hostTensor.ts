// Host-memory tensors: what preprocessing produces per example and what the
// input pipeline stacks into batches. Plain typed arrays, row-major, so the
// data and pp code needs no tfjs; the trainer turns batches into tfjs tensors.

/** Element types a host tensor can hold. `bytes` holds encoded strings (e.g. PNG/JPEG). */
export type HostDtype = 'float32' | 'int32' | 'uint8' | 'int64' | 'bytes';

/** A row-major host tensor. `int64` appears only for values beyond int32 (kept exact). */
export type HostTensor =
  | { dtype: 'float32'; shape: number[]; data: Float32Array }
  | { dtype: 'int32'; shape: number[]; data: Int32Array }
  | { dtype: 'uint8'; shape: number[]; data: Uint8Array }
  | { dtype: 'int64'; shape: number[]; data: BigInt64Array }
  | { dtype: 'bytes'; shape: number[]; data: Uint8Array[] };

/** Numeric host tensors (everything but encoded bytes). */
export type NumericTensor = Exclude<HostTensor, { dtype: 'bytes' } | { dtype: 'int64' }>;

/** One example or one batch: feature name → tensor. */
export type HostData = Record<string, HostTensor>;

/** Number of elements of `shape`. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** A float32 tensor. */
export function float32(shape: number[], data: Float32Array = new Float32Array(sizeOf(shape))): HostTensor & { dtype: 'float32' } {
  return { dtype: 'float32', shape, data };
}

/** A uint8 tensor. */
export function uint8(shape: number[], data: Uint8Array = new Uint8Array(sizeOf(shape))): HostTensor & { dtype: 'uint8' } {
  return { dtype: 'uint8', shape, data };
}

/** An int32 tensor. */
export function int32(shape: number[], data: Int32Array = new Int32Array(sizeOf(shape))): HostTensor & { dtype: 'int32' } {
  return { dtype: 'int32', shape, data };
}

/** "float32[28,28,1]": for error messages. */
export function describeTensor(t: HostTensor): string {
  return `${t.dtype}[${t.shape.join(',')}]`;
}

/** A numeric tensor of `like`'s dtype holding `data` converted (clipped like tf.cast after clip_by_value). */
export function numericLike(like: NumericTensor, shape: number[], values: Float32Array | Float64Array): NumericTensor {
  if (like.dtype === 'float32') return float32(shape, values instanceof Float32Array ? values : Float32Array.from(values));
  const lo = like.dtype === 'uint8' ? 0 : -2147483648;
  const hi = like.dtype === 'uint8' ? 255 : 2147483647;
  const out = like.dtype === 'uint8' ? new Uint8Array(values.length) : new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    // tf.cast from float truncates toward zero; NaN becomes 0.
    out[i] = v <= lo ? lo : v >= hi ? hi : v > 0 ? Math.floor(v) : Math.ceil(v) || 0;
  }
  return like.dtype === 'uint8' ? uint8(shape, out as Uint8Array) : int32(shape, out as Int32Array);
}
