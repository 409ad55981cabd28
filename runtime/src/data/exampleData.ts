// A decoded tf.train.Example as host tensors, shaped by features.json the way
// TFDS decodes it (ClassLabel → scalar int, Tensor → its shape) except that
// images stay encoded bytes: big_vision reads with SkipDecoding and lets the
// `decode` pp op decode them. int64 becomes int32 (tfjs has no int64) unless a
// value does not fit, which keeps it exact as int64.

import type { Example, Feature } from './example';
import { int32, type HostData, type HostTensor } from './hostTensor';
import type { TfdsFeature } from './tfdsFeatures';

function shapeFor(name: string, count: number, info: TfdsFeature | undefined): number[] {
  const known = info?.shape;
  if (!known) return count === 1 ? [] : [count];
  const fixed = known.reduce<number>((p, d) => p * (d ?? 1), 1);
  const unknown = known.filter((d) => d === null).length;
  if (unknown === 0) {
    if (fixed !== count) throw new Error(`feature '${name}' has ${count} values but features.json declares shape [${known.join(', ')}]`);
    return known as number[];
  }
  if (unknown === 1 && fixed > 0 && count % fixed === 0) return known.map((d) => (d === null ? count / fixed : d));
  return [count];
}

function int64Tensor(f: Feature & { kind: 'int64' }, shape: number[]): HostTensor {
  const v = f.value;
  const fits = (v as (number | bigint)[]).every((x) => x >= -2147483648 && x <= 2147483647);
  if (fits) return int32(shape, Int32Array.from(v as number[], Number));
  const out = new BigInt64Array(v.length);
  v.forEach((x: number | bigint, i: number) => (out[i] = BigInt(x)));
  return { dtype: 'int64', shape, data: out };
}

/** Converts one feature to a host tensor (`info` from features.json, if known). */
export function featureToTensor(name: string, f: Feature, info?: TfdsFeature): HostTensor {
  if (f.kind === 'bytes') {
    // Encoded images and texts are one string each whatever their decoded shape.
    const scalar = f.value.length === 1 && (!info || info.type === 'Image' || info.type === 'Text' || info.shape?.length === 0);
    return { dtype: 'bytes', shape: scalar ? [] : [f.value.length], data: f.value };
  }
  const shape = shapeFor(name, f.value.length, info);
  if (f.kind === 'float') return { dtype: 'float32', shape, data: f.value };
  return int64Tensor(f, shape);
}

/** Converts a whole Example (`features` from features.json; may be empty). */
export function exampleToData(example: Example, features: Readonly<Record<string, TfdsFeature>> = {}): HostData {
  const out: HostData = {};
  for (const [name, f] of Object.entries(example)) out[name] = featureToTensor(name, f, features[name]);
  return out;
}
