// `config.model_init` for the ViT, as upstream's vit.load once the file is
// read (modelLoad/ reads it): upgrade old checkpoint layouts
// (fix_old_checkpoints: pre-Linen module numbering, posemb stored in
// `Transformer`, the [cls] token's posemb folded into `cls`, an inlined MAP
// head), convert between scan and per-block layouts, merge with the fresh
// params (common.merge_params with `dont_load`), and resample `pos_embedding`
// bilinearly when the token grid changed (scipy.ndimage.zoom, order=1).

import * as tf from '@tensorflow/tfjs';
import type { NpyArray } from '../checkpoints/npz/npy';
import { mergeParams, type LoadReport } from '../modelLoad/merge';
import { preLinenNames } from '../modelLoad/preLinen';
import type { HostParams } from '../modelLoad/readParams';
import type { Params } from './types';

/**
 * scipy.ndimage.zoom(grid, (n/g, n/g, 1), order=1) of a `[1, g·g, D]` posemb → `[1, n·n, D]`: output pixel i
 * samples input coordinate i·(g−1)/(n−1) (corners aligned), linear in each axis. Only square grids (as upstream).
 */
export function resamplePosembHost(old: NpyArray, tokens: number): NpyArray {
  const [, count, d] = old.shape;
  if (count === tokens) return old;
  const g = Math.round(Math.sqrt(count));
  const n = Math.round(Math.sqrt(tokens));
  if (g * g !== count || n * n !== tokens) throw new Error(`pos_embedding: cannot resample ${count} tokens to ${tokens}: only square grids are supported (as upstream).`);
  const src = old.data;
  const out = new Float32Array(n * n * d);
  const coord = (i: number): [number, number, number] => {
    const x = n === 1 ? 0 : (i * (g - 1)) / (n - 1);
    const lo = Math.min(Math.floor(x), g - 1);
    return [lo, Math.min(lo + 1, g - 1), x - lo];
  };
  for (let i = 0; i < n; i++) {
    const [y0, y1, fy] = coord(i);
    for (let j = 0; j < n; j++) {
      const [x0, x1, fx] = coord(j);
      const o = (i * n + j) * d;
      for (let c = 0; c < d; c++) {
        const at = (y: number, x: number): number => src[(y * g + x) * d + c];
        const top = at(y0, x0) * (1 - fx) + at(y0, x1) * fx;
        const bottom = at(y1, x0) * (1 - fx) + at(y1, x1) * fx;
        out[o + c] = top * (1 - fy) + bottom * fy;
      }
    }
  }
  return { shape: [1, n * n, d], data: out };
}

/** `resamplePosembHost` on a tensor. */
export function resamplePosemb(old: tf.Tensor, tokens: number): tf.Tensor {
  const r = resamplePosembHost({ shape: old.shape, data: old.dataSync() as Float32Array }, tokens);
  return tf.tensor(r.data, [...r.shape]);
}

/** Splits `x[:, :1]` and `x[:, 1:]` of a `[1, N, D]` array. */
function splitFirstToken(pe: NpyArray): [Float32Array, NpyArray] {
  const [, count, d] = pe.shape;
  const data = pe.data as Float32Array;
  return [data.slice(0, d), { shape: [1, count - 1, d], data: data.slice(d) }];
}

/** vit.fix_old_checkpoints plus scan ⇄ per-block conversion; returns the params and what was converted. */
export function fixVitCheckpoint(loaded: HostParams, scan: boolean): { params: HostParams; conversions: string[] } {
  const conversions: string[] = [];
  const names = preLinenNames([...loaded.keys()]);
  let params: HostParams = new Map([...loaded].map(([k, v]) => [names.get(k) as string, v]));
  if ([...names].some(([a, b]) => a !== b)) conversions.push('pre-Linen module names');
  for (const old of ['Transformer/posembed_input/pos_embedding', 'Transformer/pos_embedding']) {
    const pe = params.get(old);
    if (!pe) continue;
    params.delete(old);
    params.set('pos_embedding', pe);
    conversions.push(`${old} → pos_embedding`);
  }
  const pe = params.get('pos_embedding');
  if (pe && pe.shape.length === 3 && Math.floor(Math.sqrt(pe.shape[1])) ** 2 + 1 === pe.shape[1]) {
    // Old vit.py prepended [cls] before adding the posemb: fold the cls entry into the cls token.
    const [peCls, rest] = splitFirstToken(pe);
    params.set('pos_embedding', rest);
    const cls = params.get('cls');
    if (cls) params.set('cls', { shape: cls.shape, data: Float32Array.from(cls.data, (v, i) => v + peCls[i]) });
    conversions.push('[cls] posemb folded into cls');
  }
  if (params.has('probe')) {
    const moved: HostParams = new Map();
    for (const [k, v] of params) moved.set(/^(probe|MlpBlock_0|MultiHeadDotProductAttention_0|LayerNorm_0)(\/|$)/.test(k) ? `MAPHead_0/${k}` : k, v);
    params = moved;
    conversions.push('inlined MAP head → MAPHead_0');
  }
  const perBlock = [...params.keys()].filter((k) => /^Transformer\/encoderblock_\d+\//.test(k));
  if (scan && perBlock.length) {
    const depth = 1 + Math.max(...perBlock.map((k) => Number(/encoderblock_(\d+)/.exec(k)?.[1])));
    const inner = [...new Set(perBlock.map((k) => k.replace(/^Transformer\/encoderblock_\d+\//, '')))];
    for (const n of inner) {
      const parts = Array.from({ length: depth }, (_, i) => params.get(`Transformer/encoderblock_${i}/${n}`));
      if (parts.some((p) => !p)) continue; // left for the merge to report
      const first = parts[0] as NpyArray;
      const data = new Float32Array(depth * first.data.length);
      parts.forEach((p, i) => data.set((p as NpyArray).data, i * first.data.length));
      params.set(`Transformer/encoderblock/${n}`, { shape: [depth, ...first.shape], data });
      for (let i = 0; i < depth; i++) params.delete(`Transformer/encoderblock_${i}/${n}`);
    }
    conversions.push('per-block → scan');
  }
  const stacked = [...params.keys()].filter((k) => k.startsWith('Transformer/encoderblock/'));
  if (!scan && stacked.length) {
    for (const k of stacked) {
      const v = params.get(k) as NpyArray;
      const [depth, ...shape] = v.shape;
      const size = v.data.length / depth;
      for (let i = 0; i < depth; i++) params.set(k.replace('encoderblock/', `encoderblock_${i}/`), { shape, data: v.data.slice(i * size, (i + 1) * size) });
      params.delete(k);
    }
    conversions.push('scan → per-block');
  }
  return { params, conversions };
}

/**
 * `vit.load(init_params, init_file, model_cfg, dont_load)` once the file is read: new params with `init`'s names
 * and shapes, and the report of what was loaded. Throws a ConfigKeyError at `model_init` when they do not fit.
 */
export function loadVit(init: Params, loaded: HostParams, modelCfg: Readonly<Record<string, unknown>> = {}, dontLoad: readonly string[] = [], file?: string): { params: Params; report: LoadReport } {
  const { params, conversions } = fixVitCheckpoint(loaded, Boolean(modelCfg.scan));
  const adapt = (name: string, value: NpyArray, shape: readonly number[]): NpyArray | undefined => {
    if (name !== 'pos_embedding' || value.shape.length !== 3 || value.shape[2] !== shape[2]) return undefined;
    try {
      return resamplePosembHost(value, shape[1]);
    } catch {
      return undefined; // a non-square grid: reported as mis-shaped
    }
  };
  return mergeParams(init, params, dontLoad, { adapt, conversions, ...(file ? { file } : {}) });
}
