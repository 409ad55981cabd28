// Per-channel affine maps y = x * scale[c] + offset[c] (value_range and
// vgg_value_range are both of this form), broadcasting over the last axis like
// numpy/TF: a length-1 side stretches to the other, so a grey [h, w, 1] image
// minus 3 means becomes [h, w, 3], as in TF.

import { float32, type HostTensor, type NumericTensor } from '../data/hostTensor';

/** Length of the broadcast last axis of `c` channels against parameter lists of `lengths`. */
function broadcastChannels(c: number, lengths: readonly number[], op: string): number {
  let out = c;
  for (const n of lengths) {
    if (n === 1 || n === out) continue;
    if (out === 1) out = n;
    else throw new Error(`${op}: ${n} per-channel values do not broadcast against ${c} channels`);
  }
  return out;
}

/** Per-channel values stretched to `n` channels. */
function stretch(values: readonly number[], n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => (values.length === 1 ? values[0] : values[i]));
}

/**
 * y[..., c] = x[..., c] * scale[c] + offset[c] in float32, optionally clipped
 * to [lo, hi]; scale and offset have length 1 or one value per channel.
 */
export function affineChannels(
  x: NumericTensor,
  scale: readonly number[],
  offset: readonly number[],
  op: string,
  clip?: readonly [number, number],
): HostTensor & { dtype: 'float32' } {
  const rank0 = x.shape.length === 0;
  const c = rank0 ? 1 : x.shape[x.shape.length - 1];
  const outC = broadcastChannels(c, [scale.length, offset.length], op);
  const s = stretch(scale, outC);
  const o = stretch(offset, outC);
  const pixels = c === 0 ? 0 : x.data.length / c;
  const out = new Float32Array(pixels * outC);
  const [lo, hi] = clip ?? [-Infinity, Infinity];
  const src = x.data;
  if (c === 1 && outC === 1) {
    // One channel (grey images, scalars): a flat loop.
    const [sc, of] = [s[0], o[0]];
    for (let i = 0; i < pixels; i++) {
      const y = src[i] * sc + of;
      out[i] = y < lo ? lo : y > hi ? hi : y;
    }
    return float32(rank0 ? [] : [...x.shape], out);
  }
  for (let i = 0; i < pixels; i++) {
    for (let ch = 0; ch < outC; ch++) {
      const y = src[i * c + (c === 1 ? 0 : ch)] * s[ch] + o[ch];
      out[i * outC + ch] = y < lo ? lo : y > hi ? hi : y;
    }
  }
  return float32(rank0 ? (outC === 1 ? [] : [outC]) : [...x.shape.slice(0, -1), outC], out);
}

/** Elementwise combination of two equal-length per-channel lists (length 1 broadcasts). */
export function zipChannels(a: readonly number[], b: readonly number[], f: (x: number, y: number) => number): number[] {
  const n = Math.max(a.length, b.length);
  if (a.length !== b.length && a.length !== 1 && b.length !== 1) throw new Error(`per-channel lists of lengths ${a.length} and ${b.length} do not broadcast`);
  return Array.from({ length: n }, (_, i) => f(a.length === 1 ? a[0] : a[i], b.length === 1 ? b[0] : b[i]));
}
