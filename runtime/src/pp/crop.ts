// Cropping and flipping HWC host images, and TF's
// sample_distorted_bounding_box (the inception-crop sampler) ported from its
// C++ kernel: up to 100 attempts of (random aspect, random height) that fit
// the area range, else the whole image.

import type { NumericTensor } from '../data/hostTensor';
import type { CropBox } from '../data/image';
import type { Rng } from '../data/rng';
import { roundHalfEven } from './resize';

/** The `box` of an HWC image, same dtype. */
export function cropHwc(x: NumericTensor, box: CropBox): NumericTensor {
  const [h, w, c] = x.shape;
  if (box.top < 0 || box.left < 0 || box.top + box.height > h || box.left + box.width > w || box.height <= 0 || box.width <= 0) {
    throw new Error(`crop ${box.height}x${box.width} at (${box.top}, ${box.left}) does not fit a ${h}x${w} image`);
  }
  const out = new (x.data.constructor as new (n: number) => typeof x.data)(box.height * box.width * c);
  const row = box.width * c;
  for (let y = 0; y < box.height; y++) {
    const s = ((box.top + y) * w + box.left) * c;
    out.set(x.data.subarray(s, s + row) as never, y * row);
  }
  return { dtype: x.dtype, shape: [box.height, box.width, c], data: out } as NumericTensor;
}

/** Mirror along the width axis. */
export function flipHwc(x: NumericTensor): NumericTensor {
  const [h, w, c] = x.shape;
  const out = new (x.data.constructor as new (n: number) => typeof x.data)(x.data.length);
  for (let y = 0; y < h; y++) {
    for (let xx = 0; xx < w; xx++) {
      const s = (y * w + xx) * c;
      const d = (y * w + (w - 1 - xx)) * c;
      for (let ch = 0; ch < c; ch++) out[d + ch] = x.data[s + ch];
    }
  }
  return { dtype: x.dtype, shape: [h, w, c], data: out } as NumericTensor;
}

/** Ranges of sample_distorted_bounding_box (area as fractions of the image). */
export interface DistortedBoxOptions {
  areaMin: number;
  areaMax: number;
  ratioMin: number;
  ratioMax: number;
  maxAttempts?: number;
}

/** One attempt of TF's GenerateRandomCrop; undefined when it cannot satisfy the ranges. */
function tryCrop(rng: Rng, width: number, height: number, minRel: number, maxRel: number, aspect: number): CropBox | undefined {
  if (maxRel <= 0 || aspect <= 0 || minRel > maxRel) return undefined;
  const minArea = minRel * width * height;
  const maxArea = maxRel * width * height;
  let h = roundHalfEven(Math.sqrt(minArea / aspect));
  let maxH = roundHalfEven(Math.sqrt(maxArea / aspect));
  if (roundHalfEven(maxH * aspect) > width) {
    // The largest height whose rounded width still fits.
    maxH = Math.trunc((width + 0.5 - 1e-7) / aspect);
    if (roundHalfEven(maxH * aspect) > width) maxH -= 1;
  }
  if (maxH > height) maxH = height;
  if (h >= maxH) h = maxH;
  if (h < maxH) h += rng.int(maxH - h + 1);
  let w = roundHalfEven(h * aspect);
  let area = w * h;
  // Nudge by one row when rounding pushed the area just outside the range.
  if (area < minArea) {
    h += 1;
    w = roundHalfEven(h * aspect);
    area = w * h;
  }
  if (area > maxArea) {
    h -= 1;
    w = roundHalfEven(h * aspect);
    area = w * h;
  }
  if (area < minArea || area > maxArea || w > width || h > height || w <= 0 || h <= 0) return undefined;
  // TF draws offsets in [0, size - crop) (exclusive), so the last offset never occurs.
  const top = h < height ? rng.int(height - h) : 0;
  const left = w < width ? rng.int(width - w) : 0;
  return { top, left, height: h, width: w };
}

/** sample_distorted_bounding_box with no boxes and min_object_covered=0. */
export function sampleDistortedBox(rng: Rng, height: number, width: number, o: DistortedBoxOptions): CropBox {
  for (let i = 0; i < (o.maxAttempts ?? 100); i++) {
    const aspect = rng.uniform(o.ratioMin, o.ratioMax);
    const box = tryCrop(rng, width, height, o.areaMin, o.areaMax, aspect);
    if (box) return box;
  }
  return { top: 0, left: 0, height, width };
}
