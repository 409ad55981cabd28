/**
 * The image transforms of RandAugment as upstream's `pp/autoaugment.py` writes them (PIL equivalents in TF ops), on
 * uint8 HWC images with any channel count: blend, autocontrast, equalize, invert, posterize, solarize(_add), color,
 * contrast (with upstream's "mean" that is the pixel count / 256), brightness, sharpness (3x3 smoothing, borders
 * kept), cutout, and the affine ones (rotate, shear, translate) with nearest sampling and empty pixels filled with
 * the replace value, as tfa.image.transform + unwrap do.
 */

/** An HWC uint8 image. */
export interface Img {
  readonly h: number;
  readonly w: number;
  readonly c: number;
  readonly data: Uint8Array;
}

const like = (img: Img, data: Uint8Array): Img => ({ h: img.h, w: img.w, c: img.c, data });
const clip255 = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v);

/** `image1 + factor * (image2 - image1)`, truncated; clipped to [0, 255] when extrapolating. */
export function blend(a: Img, b: Img, factor: number): Img {
  if (factor === 0) return a;
  if (factor === 1) return b;
  const out = new Uint8Array(a.data.length);
  const interpolate = factor > 0 && factor < 1;
  for (let i = 0; i < out.length; i++) {
    const t = Math.fround(a.data[i] + Math.fround(factor * (b.data[i] - a.data[i])));
    out[i] = Math.trunc(interpolate ? t : clip255(t));
  }
  return like(a, out);
}

/** tf.image.rgb_to_grayscale on uint8 (a single channel is already grey), repeated on every channel. */
function greyscale(img: Img): Img {
  if (img.c !== 3) return img;
  const out = new Uint8Array(img.data.length);
  for (let p = 0; p < img.h * img.w; p++) {
    const [r, g, b] = [img.data[3 * p], img.data[3 * p + 1], img.data[3 * p + 2]];
    const grey = Math.fround(0.2989 * (r / 255) + 0.587 * (g / 255) + 0.114 * (b / 255));
    out.fill(clip255(Math.trunc(grey * 255.5)), 3 * p, 3 * p + 3);
  }
  return like(img, out);
}

function perChannel(img: Img, fn: (values: Uint8Array) => Uint8Array): Img {
  const n = img.h * img.w;
  const out = new Uint8Array(img.data.length);
  for (let ch = 0; ch < img.c; ch++) {
    const values = new Uint8Array(n);
    for (let p = 0; p < n; p++) values[p] = img.data[p * img.c + ch];
    const mapped = fn(values);
    for (let p = 0; p < n; p++) out[p * img.c + ch] = mapped[p];
  }
  return like(img, out);
}

export function autocontrast(img: Img): Img {
  return perChannel(img, (v) => {
    let lo = 255;
    let hi = 0;
    for (const x of v) [lo, hi] = [Math.min(lo, x), Math.max(hi, x)];
    if (hi <= lo) return v;
    const scale = 255 / (hi - lo);
    return v.map((x) => Math.trunc(clip255(x * scale - lo * scale)));
  });
}

export function equalize(img: Img): Img {
  return perChannel(img, (v) => {
    const histo = new Array<number>(256).fill(0);
    for (const x of v) histo[x]++;
    const nonzero = histo.filter((n) => n > 0);
    const step = Math.floor((nonzero.reduce((a, b) => a + b, 0) - nonzero[nonzero.length - 1]) / 255);
    if (step === 0) return v;
    const lut = [0];
    let cum = 0;
    for (let i = 0; i < 255; i++) lut.push(Math.min(255, Math.floor(((cum += histo[i]) + Math.floor(step / 2)) / step)));
    return v.map((x) => lut[x]);
  });
}

export const invert = (img: Img): Img => like(img, img.data.map((x) => 255 - x));
export const posterize = (img: Img, bits: number): Img => like(img, img.data.map((x) => ((x >> (8 - bits)) << (8 - bits)) & 255));
export const solarize = (img: Img, threshold: number): Img => like(img, img.data.map((x) => (x < threshold ? x : 255 - x)));
export const solarizeAdd = (img: Img, addition: number, threshold = 128): Img => like(img, img.data.map((x) => (x < threshold ? clip255(x + addition) : x)));
export const color = (img: Img, factor: number): Img => blend(greyscale(img), img, factor);
export const brightness = (img: Img, factor: number): Img => blend(like(img, new Uint8Array(img.data.length)), img, factor);

export function contrast(img: Img, factor: number): Img {
  // Upstream's "mean" is the histogram's total over 256 bins: the pixel count / 256.
  const mean = clip255((img.h * img.w) / 256);
  return blend(like(img, new Uint8Array(img.data.length).fill(Math.trunc(mean))), img, factor);
}

export function sharpness(img: Img, factor: number): Img {
  const { h, w, c } = img;
  const smooth = Uint8Array.from(img.data);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      for (let ch = 0; ch < c; ch++) {
        let s = 0;
        for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) s += img.data[((y + dy) * w + x + dx) * c + ch] * (dx === 0 && dy === 0 ? 5 : 1);
        smooth[(y * w + x) * c + ch] = Math.trunc(clip255(s / 13));
      }
    }
  }
  return blend(like(img, smooth), img, factor);
}

/** A (2 pad)² square of `replace` centred at (cy, cx), clipped to the image. */
export function cutout(img: Img, pad: number, cy: number, cx: number, replace: number): Img {
  const out = Uint8Array.from(img.data);
  for (let y = Math.max(0, cy - pad); y < Math.min(img.h, cy + pad); y++) {
    out.fill(replace, (y * img.w + Math.max(0, cx - pad)) * img.c, (y * img.w + Math.min(img.w, cx + pad)) * img.c);
  }
  return like(img, out);
}

/**
 * tfa.image.transform with `[a0, a1, a2, b0, b1, b2]` (output (x, y) reads input (a0 x + a1 y + a2, b0 x + b1 y +
 * b2)), nearest sampling; pixels read from outside the image become `replace`.
 */
export function affine(img: Img, t: readonly number[], replace: number): Img {
  const { h, w, c } = img;
  const out = new Uint8Array(img.data.length).fill(replace);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const sx = Math.round(t[0] * x + t[1] * y + t[2]);
      const sy = Math.round(t[3] * x + t[4] * y + t[5]);
      if (sx < 0 || sy < 0 || sx >= w || sy >= h) continue;
      out.set(img.data.subarray((sy * w + sx) * c, (sy * w + sx + 1) * c), (y * w + x) * c);
    }
  }
  return like(img, out);
}

/** tfa.image.rotate by `degrees` about the centre. */
export function rotate(img: Img, degrees: number, replace: number): Img {
  const a = (degrees * Math.PI) / 180;
  const [cos, sin] = [Math.cos(a), Math.sin(a)];
  const xOff = (img.w - 1 - (cos * (img.w - 1) - sin * (img.h - 1))) / 2;
  const yOff = (img.h - 1 - (sin * (img.w - 1) + cos * (img.h - 1))) / 2;
  return affine(img, [cos, -sin, xOff, sin, cos, yOff], replace);
}

export const shearX = (img: Img, level: number, replace: number): Img => affine(img, [1, level, 0, 0, 1, 0], replace);
export const shearY = (img: Img, level: number, replace: number): Img => affine(img, [1, 0, 0, level, 1, 0], replace);
export const translateX = (img: Img, pixels: number, replace: number): Img => affine(img, [1, 0, pixels, 0, 1, 0], replace);
export const translateY = (img: Img, pixels: number, replace: number): Img => affine(img, [1, 0, 0, 0, 1, pixels], replace);
