// tf.train.Example decoding and encoding with protobufjs. The schema is
// TensorFlow's example.proto / feature.proto (same field numbers), parsed once
// at load time; protobufjs generates the wire decoder, so nothing here parses
// protobuf bytes by hand.

import * as protobuf from 'protobufjs';

// tensorflow/core/example/{feature,example}.proto, trimmed to the messages an
// Example uses (SequenceExample is not needed by TFDS image datasets).
const EXAMPLE_PROTO = `
syntax = "proto3";
package tensorflow;
message BytesList { repeated bytes value = 1; }
message FloatList { repeated float value = 1 [packed = true]; }
message Int64List { repeated int64 value = 1 [packed = true]; }
message Feature {
  oneof kind {
    BytesList bytes_list = 1;
    FloatList float_list = 2;
    Int64List int64_list = 3;
  }
}
message Features { map<string, Feature> feature = 1; }
message Example { Features features = 1; }
`;

const root = protobuf.parse(EXAMPLE_PROTO, { keepCase: true }).root;
const ExampleType = root.lookupType('tensorflow.Example');

/** One feature of an Example: a list of bytes, int64 or float values. */
export type Feature =
  | { kind: 'bytes'; value: Uint8Array[] }
  /** numbers while every value is a safe integer, else bigints (exact int64). */
  | { kind: 'int64'; value: number[] | bigint[] }
  | { kind: 'float'; value: Float32Array };

/** A decoded tf.train.Example: feature name → values. */
export type Example = Record<string, Feature>;

// The decoded message shapes protobufjs produces for the schema above.
interface LongLike {
  low: number;
  high: number;
  unsigned: boolean;
}
interface FeatureMsg {
  bytes_list?: { value: Uint8Array[] };
  float_list?: { value: number[] };
  int64_list?: { value: (number | LongLike)[] };
}
interface ExampleMsg {
  features?: { feature?: Record<string, FeatureMsg> };
}

function longToBig(v: LongLike): bigint {
  return BigInt.asIntN(64, (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0));
}

function int64Values(raw: (number | LongLike)[]): number[] | bigint[] {
  const nums: number[] = new Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i];
    if (typeof v === 'number') {
      nums[i] = v;
      continue;
    }
    // Small values (the usual labels and ids) fit a double exactly.
    if ((v.high === 0 && v.low >= 0) || (v.high === -1 && v.low < 0)) {
      nums[i] = v.high * 2 ** 32 + (v.low >>> 0);
      continue;
    }
    const big = longToBig(v);
    if (big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)) {
      nums[i] = Number(big);
      continue;
    }
    return raw.map((x) => (typeof x === 'number' ? BigInt(x) : longToBig(x)));
  }
  return nums;
}

/** Decodes a serialized tf.train.Example. Bytes values are views into `bytes`. */
export function decodeExample(bytes: Uint8Array): Example {
  const msg = ExampleType.decode(bytes) as unknown as ExampleMsg;
  const out: Example = {};
  const features = msg.features?.feature ?? {};
  for (const name of Object.keys(features)) {
    const f = features[name];
    if (f.int64_list) out[name] = { kind: 'int64', value: int64Values(f.int64_list.value) };
    else if (f.float_list) out[name] = { kind: 'float', value: Float32Array.from(f.float_list.value) };
    // An empty Feature (no kind) parses as an empty list in TF; bytes is as good as any.
    else out[name] = { kind: 'bytes', value: f.bytes_list?.value ?? [] };
  }
  return out;
}

// fromObject() turns decimal strings into exact int64s, so bigints travel as strings.
function toWireInt(v: number | bigint): number | string {
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new Error(`int64 feature value ${v} is not an integer`);
    return v;
  }
  return BigInt.asIntN(64, v).toString();
}

/** Serializes an Example (the inverse of `decodeExample`). */
export function encodeExample(example: Example): Uint8Array {
  const feature: Record<string, FeatureMsg | { int64_list: { value: (number | string)[] } }> = {};
  for (const [name, f] of Object.entries(example)) {
    if (f.kind === 'bytes') feature[name] = { bytes_list: { value: f.value } };
    else if (f.kind === 'float') feature[name] = { float_list: { value: Array.from(f.value) } };
    else feature[name] = { int64_list: { value: (f.value as (number | bigint)[]).map(toWireInt) } };
  }
  return ExampleType.encode(ExampleType.fromObject({ features: { feature } })).finish();
}

/** Convenience constructors for building Examples (writers, tests). */
export const feature = {
  bytes: (...value: Uint8Array[]): Feature => ({ kind: 'bytes', value }),
  int64: (...value: number[]): Feature => ({ kind: 'int64', value }),
  float: (...value: number[]): Feature => ({ kind: 'float', value: Float32Array.from(value) }),
};
