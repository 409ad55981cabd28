// tf.image.resize (TF2) on host HWC images, method by method as TF computes it:
//   bilinear, antialias=False → ResizeBilinear(half_pixel_centers=True)
//   nearest                   → ResizeNearestNeighbor(half_pixel_centers=True)
//   bicubic, antialias=False  → ResizeBicubic(half_pixel_centers=True): Keys
//                               cubic (a=-0.5) from a 1024-entry weight table
//   area                      → ResizeArea (exact box averaging)
//   otherwise (antialias=True, lanczos3/5, gaussian, mitchellcubic)
//                             → ScaleAndTranslate with that kernel
// Every method is separable, so each becomes per-axis taps (source index and
// weight per output coordinate) applied along y, then x. Arithmetic is in
// double precision; TF's float32 differs by float rounding only.

/** tf.image.resize methods. */
export type ResizeMethod = 'bilinear' | 'nearest' | 'bicubic' | 'area' | 'lanczos3' | 'lanczos5' | 'gaussian' | 'mitchellcubic';

export const RESIZE_METHOD_NAMES: readonly ResizeMethod[] = ['bilinear', 'nearest', 'bicubic', 'area', 'lanczos3', 'lanczos5', 'gaussian', 'mitchellcubic'];

/** Per-axis sampling: K taps per output coordinate. */
interface Taps {
  readonly k: number;
  readonly index: Int32Array;
  readonly weight: Float64Array;
}

function taps(out: number, k: number, fill: (o: number, add: (index: number, weight: number) => void) => void): Taps {
  const index = new Int32Array(out * k);
  const weight = new Float64Array(out * k);
  for (let o = 0; o < out; o++) {
    let n = 0;
    fill(o, (i, w) => {
      index[o * k + n] = i;
      weight[o * k + n] = w;
      n++;
    });
  }
  return { k, index, weight };
}

function bilinearTaps(inSize: number, out: number): Taps {
  const scale = inSize / out;
  return taps(out, 2, (o, add) => {
    const x = (o + 0.5) * scale - 0.5;
    const lerp = x - Math.floor(x);
    add(Math.max(Math.floor(x), 0), 1 - lerp);
    add(Math.min(Math.ceil(x), inSize - 1), lerp);
  });
}

function nearestTaps(inSize: number, out: number): Taps {
  const scale = inSize / out;
  return taps(out, 1, (o, add) => add(Math.min(Math.floor((o + 0.5) * scale), inSize - 1), 1));
}

function areaTaps(inSize: number, out: number): Taps {
  const scale = inSize / out;
  const k = Math.ceil(scale) + 1;
  return taps(out, k, (o, add) => {
    const lo = o * scale;
    const hi = (o + 1) * scale;
    for (let i = Math.floor(lo); i < Math.ceil(hi); i++) {
      const part = i < lo ? (i + 1 > hi ? scale : i + 1 - lo) : i + 1 > hi ? hi - i : 1;
      add(Math.min(i, inSize - 1), part / scale);
    }
  });
}

// ResizeBicubic's weight table (Keys cubic, a = -0.5, as TF uses with half-pixel centers).
const TABLE = 1024;
const CUBIC: Float64Array = (() => {
  const a = -0.5;
  const t = new Float64Array((TABLE + 1) * 2);
  for (let i = 0; i <= TABLE; i++) {
    let x = i / TABLE;
    t[i * 2] = ((a + 2) * x - (a + 3)) * x * x + 1;
    x += 1;
    t[i * 2 + 1] = ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
  }
  return t;
})();

/** C's lrintf under the default rounding mode: halves to even. */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  return d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
}

function cubicTaps(inSize: number, out: number): Taps {
  const scale = inSize / out;
  return taps(out, 4, (o, add) => {
    const x = (o + 0.5) * scale - 0.5;
    const base = Math.floor(x);
    const off = roundHalfEven((x - base) * TABLE);
    const w = [CUBIC[off * 2 + 1], CUBIC[off * 2], CUBIC[(TABLE - off) * 2], CUBIC[(TABLE - off) * 2 + 1]];
    // Keys cubic drops taps outside the image and renormalizes the rest.
    let sum = 0;
    for (let k = 0; k < 4; k++) {
      const i = base - 1 + k;
      if (i < 0 || i >= inSize) w[k] = 0;
      sum += w[k];
    }
    for (let k = 0; k < 4; k++) add(Math.min(Math.max(base - 1 + k, 0), inSize - 1), w[k] / sum);
  });
}

interface Kernel {
  readonly radius: number;
  at(x: number): number;
}

const KERNELS: Record<string, Kernel> = {
  triangle: { radius: 1, at: (x) => (x < 1 ? 1 - x : 0) },
  keyscubic: { radius: 2, at: (x) => (x >= 2 ? 0 : x >= 1 ? ((-0.5 * x + 2.5) * x - 4) * x + 2 : (1.5 * x - 2.5) * x * x + 1) },
  mitchellcubic: { radius: 2, at: (x) => (x >= 2 ? 0 : x >= 1 ? ((-7 / 18 * x + 2) * x - 10 / 3) * x + 16 / 9 : (7 / 6 * x - 2) * x * x + 8 / 9) },
  lanczos3: { radius: 3, at: (x) => lanczos(3, x) },
  lanczos5: { radius: 5, at: (x) => lanczos(5, x) },
  gaussian: { radius: 1.5, at: (x) => (x >= 1.5 ? 0 : Math.exp((-x * x) / (2 * 0.5 * 0.5))) },
};

function lanczos(r: number, x: number): number {
  if (x > r) return 0;
  if (x <= 1e-3) return 1;
  const px = Math.PI * x;
  return (r * Math.sin(px) * Math.sin(px / r)) / (px * px);
}

/** ScaleAndTranslate's spans (translation 0, scale out/in). */
function kernelTaps(kernel: Kernel, inSize: number, out: number, antialias: boolean): Taps {
  const invScale = inSize / out;
  const kScale = antialias ? Math.max(invScale, 1) : 1;
  const span = Math.min(2 * Math.ceil(kernel.radius * kScale) + 1, inSize);
  return taps(out, span, (o, add) => {
    const sample = (o + 0.5) * invScale;
    if (sample < 0 || sample > inSize) return;
    const start = Math.min(Math.max(Math.ceil(sample - kernel.radius * kScale - 0.5), 0), inSize - 1);
    const end = Math.min(Math.max(Math.floor(sample + kernel.radius * kScale - 0.5), 0), inSize - 1) + 1;
    const w: number[] = [];
    let sum = 0;
    for (let s = start; s < end; s++) {
      const v = kernel.at(Math.abs((s + 0.5 - sample) / kScale));
      w.push(v);
      sum += v;
    }
    const norm = Math.abs(sum) >= 1000 * 1.1754943508222875e-38 ? 1 / sum : 1;
    w.forEach((v, i) => add(start + i, v * norm));
  });
}

function axisTaps(method: ResizeMethod, antialias: boolean, inSize: number, out: number): Taps {
  switch (method) {
    case 'bilinear':
      return antialias ? kernelTaps(KERNELS.triangle, inSize, out, true) : bilinearTaps(inSize, out);
    case 'nearest':
      return nearestTaps(inSize, out);
    case 'bicubic':
      return antialias ? kernelTaps(KERNELS.keyscubic, inSize, out, true) : cubicTaps(inSize, out);
    case 'area':
      return areaTaps(inSize, out);
    default:
      return kernelTaps(KERNELS[method], inSize, out, antialias);
  }
}

// The vertical pass's rows, reused (allocating a typed array costs a few µs, as much as resizing a small image).
let midScratch = new Float64Array(0);

function midRows(n: number): Float64Array {
  if (midScratch.length < n) midScratch = new Float64Array(n);
  const mid = midScratch.subarray(0, n);
  mid.fill(0);
  return mid;
}

// Taps depend only on (method, antialias, sizes): a training run resizes every image with the same few.
const tapsCache = new Map<string, Taps>();

function cachedTaps(method: ResizeMethod, antialias: boolean, inSize: number, out: number): Taps {
  const key = `${method}|${antialias}|${inSize}|${out}`;
  let t = tapsCache.get(key);
  if (!t) {
    if (tapsCache.size >= 256) tapsCache.clear();
    t = axisTaps(method, antialias, inSize, out);
    tapsCache.set(key, t);
  }
  return t;
}

/**
 * Resizes an HWC image (any numeric typed array) to [outH, outW, C] with
 * tf.image.resize semantics; returns float values (callers cast as TF does).
 */
export function resizeHwc(
  src: ArrayLike<number>,
  shape: readonly number[],
  outH: number,
  outW: number,
  method: ResizeMethod = 'bilinear',
  antialias = false,
): Float32Array {
  const [h, w, c] = shape;
  if (!(outH > 0 && outW > 0)) throw new Error(`resize: target size must be positive, got ${outH}x${outW}`);
  if (!(h > 0 && w > 0)) throw new Error(`resize: cannot resize an empty ${h}x${w} image`);
  if (!RESIZE_METHOD_NAMES.includes(method)) throw new Error(`resize: unknown method '${method}'; valid: ${RESIZE_METHOD_NAMES.join(', ')}`);
  const ty = cachedTaps(method, antialias, h, outH);
  const tx = cachedTaps(method, antialias, w, outW);
  const row = w * c;
  const mid = midRows(outH * row);
  for (let oy = 0; oy < outH; oy++) {
    const d = oy * row;
    for (let k = oy * ty.k; k < oy * ty.k + ty.k; k++) {
      const wt = ty.weight[k];
      if (wt === 0) continue;
      const s = ty.index[k] * row;
      for (let i = 0; i < row; i++) mid[d + i] += wt * src[s + i];
    }
  }
  const out = new Float32Array(outH * outW * c);
  const { k: kx, weight, index } = tx;
  for (let oy = 0; oy < outH; oy++) {
    const r = oy * row;
    for (let ox = 0; ox < outW; ox++) {
      const d = (oy * outW + ox) * c;
      for (let ch = 0; ch < c; ch++) {
        // Summed in float64, rounded once.
        let acc = 0;
        for (let k = ox * kx; k < ox * kx + kx; k++) acc += weight[k] * mid[r + index[k] * c + ch];
        out[d + ch] = acc;
      }
    }
  }
  return out;
}
