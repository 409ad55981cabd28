// `config.model_init` for the ViT, as upstream's vit.load after the checkpoint
// is read: merge the loaded params into the freshly initialised ones
// (common.merge_params: the result has exactly the init structure, names
// full-matching a `dont_load` regex keep their init values, anything present
// on one side only is an error), and resample `pos_embedding` bilinearly when
// the token grid changed (scipy.ndimage.zoom(order=1) on a square grid).
// Reading the file (npz or checkpoint folder) is the checkpoint module's job.

import * as tf from '@tensorflow/tfjs';
import { fullMatcher } from '../optim/paramRules';
import { ConfigKeyError } from '../semantics/configKeyError';
import type { Params } from './types';

/**
 * scipy.ndimage.zoom(grid, (n/g, n/g, 1), order=1) for a `[1, g·g, D]`
 * posemb → `[1, n·n, D]`: output pixel i samples input coordinate
 * i·(g−1)/(n−1) (corners aligned), linear in each axis.
 */
export function resamplePosemb(old: tf.Tensor, tokens: number): tf.Tensor {
  const [, count, width] = old.shape;
  if (count === tokens) return old.clone();
  const g = Math.round(Math.sqrt(count as number));
  const n = Math.round(Math.sqrt(tokens));
  if (g * g !== count || n * n !== tokens) throw new Error(`pos_embedding: cannot resample ${count} tokens to ${tokens}: only square grids are supported (as upstream).`);
  const src = old.dataSync();
  const d = width as number;
  const out = new Float32Array(n * n * d);
  const coord = (i: number): [number, number, number] => {
    const x = n === 1 ? 0 : (i * (g - 1)) / (n - 1);
    const lo = Math.min(Math.floor(x), g - 1);
    const hi = Math.min(lo + 1, g - 1);
    return [lo, hi, x - lo];
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
  return tf.tensor3d(out, [1, n * n, d]);
}

/**
 * `vit.load(init_params, init_file, model_cfg, dont_load)` once the file is
 * read: returns new params with `init`'s names and shapes. `loaded` is not
 * disposed; `init` tensors that are replaced are not disposed either.
 */
export function loadVit(init: Params, loaded: Params, dontLoad: readonly string[] = []): Params {
  const skip = dontLoad.map((p, i) => fullMatcher(p, ['model_load', 'dont_load', i]));
  const skipped = (name: string): boolean => skip.some((re) => re.test(name));
  const onlyInit = Object.keys(init).filter((n) => !(n in loaded) && !skipped(n));
  const onlyLoaded = Object.keys(loaded).filter((n) => !(n in init) && !skipped(n));
  if (onlyInit.length || onlyLoaded.length) {
    throw new ConfigKeyError(
      ['model_init'],
      `the checkpoint does not match the model (add regexes to config.model_load.dont_load to keep init values).\n` +
        `  only in the model: ${onlyInit.join(', ') || '-'}\n  only in the checkpoint: ${onlyLoaded.join(', ') || '-'}`,
    );
  }
  const out: Params = {};
  for (const [name, fresh] of Object.entries(init)) {
    if (skipped(name)) {
      out[name] = fresh;
      continue;
    }
    const value = loaded[name];
    if (name === 'pos_embedding' && value.shape[1] !== fresh.shape[1]) {
      out[name] = resamplePosemb(value, fresh.shape[1] as number);
    } else if (value.shape.join(',') !== fresh.shape.join(',')) {
      throw new ConfigKeyError(['model_init'], `'${name}' has shape [${value.shape}] in the checkpoint, [${fresh.shape}] in the model (add it to config.model_load.dont_load to re-initialise it).`);
    } else {
      out[name] = value.clone();
    }
  }
  return out;
}
