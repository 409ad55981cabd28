// Bodies of upstream's ops_general.py ops the bundled trainer runs:
// value_range, onehot, keep, drop, copy. Semantics and defaults as upstream
// (defaults come from the registry specs); no side effects at import.

import { float32, type HostTensor } from '../../data/hostTensor';
import { affineChannels, zipChannels } from '../broadcast';
import { feature, ikokOp, numbers, numeric, type PpOpImpl } from '../types';

/** value_range(vmin=-1, vmax=1, in_min=0, in_max=255.0, clip_values=False). */
export const valueRange: PpOpImpl = ikokOp('value_range', (p) => {
  const vmin = p.vmin as number;
  const vmax = p.vmax as number;
  const inMin = numbers(p.in_min, 'value_range', 'in_min');
  const inMax = numbers(p.in_max, 'value_range', 'in_max');
  // vmin + (x - in_min) / (in_max - in_min) * (vmax - vmin), as one multiply-add per channel.
  const scale = zipChannels(inMin, inMax, (lo, hi) => (vmax - vmin) / (hi - lo));
  const offset = zipChannels(inMin, scale, (lo, s) => vmin - lo * s);
  const clip = p.clip_values === true ? ([vmin, vmax] as const) : undefined;
  return (x) => affineChannels(numeric(x, 'value_range'), scale, offset, 'value_range', clip);
});

function labelValues(t: HostTensor): number[] {
  if (t.dtype === 'bytes') throw new Error('onehot: labels must be integers, got encoded bytes');
  // tf.cast(labels, tf.int64): floats truncate toward zero.
  return Array.from(t.data as ArrayLike<number | bigint>, (v) => Math.trunc(Number(v)));
}

/** onehot(depth, key='labels', key_result=None, multi=True, on=1.0, off=0.0). */
export const onehot: PpOpImpl = {
  name: 'onehot',
  create(p) {
    const depth = p.depth as number;
    if (!Number.isInteger(depth) || depth <= 0) throw new Error(`onehot: depth must be a positive int, got ${JSON.stringify(p.depth)}`);
    const key = p.key as string;
    const out = (p.key_result as string | null) ?? key;
    const on = p.on as number;
    const off = p.off as number;
    const multi = p.multi !== false;
    return (data) => {
      const labels = feature(data, key, 'onehot');
      const values = labelValues(labels);
      if (labels.shape.length > 0 && multi) {
        // Multi-hot: tf.scatter_nd then clip to [0, 1]; out-of-range indices are an error in TF.
        const hot = new Float32Array(depth).fill(off);
        for (const v of values) {
          if (v < 0 || v >= depth) throw new Error(`onehot: label ${v} in '${key}' is outside [0, ${depth})`);
          hot[v] = on;
        }
        data[out] = float32([depth], hot);
      } else {
        // tf.one_hot: a label outside [0, depth) gives an all-`off` row.
        const result = new Float32Array(values.length * depth).fill(off);
        values.forEach((v, i) => {
          if (v >= 0 && v < depth) result[i * depth + v] = on;
        });
        data[out] = float32([...labels.shape, depth], result);
      }
      return data;
    };
  },
};

function keyList(varargs: readonly unknown[], op: string): Set<string> {
  if (!varargs.every((k) => typeof k === 'string')) throw new Error(`${op}: keys must be strings, got ${JSON.stringify(varargs)}`);
  return new Set(varargs as string[]);
}

/** keep(*keys): only the listed keys survive (missing ones are ignored, as upstream). */
export const keep: PpOpImpl = {
  name: 'keep',
  create(_p, varargs) {
    const keys = keyList(varargs, 'keep');
    return (data) => Object.fromEntries(Object.entries(data).filter(([k]) => keys.has(k)));
  },
};

/** drop(*keys): the listed keys are removed. */
export const drop: PpOpImpl = {
  name: 'drop',
  create(_p, varargs) {
    const keys = keyList(varargs, 'drop');
    return (data) => Object.fromEntries(Object.entries(data).filter(([k]) => !keys.has(k)));
  },
};

/** copy(inkey, outkey): the same tensor under a second key (tensors are never modified in place). */
export const copy: PpOpImpl = {
  name: 'copy',
  create(p) {
    const inkey = p.inkey as string;
    const outkey = p.outkey as string;
    return (data) => {
      data[outkey] = feature(data, inkey, 'copy');
      return data;
    };
  },
};
