// Kernels the bundled trainer adds to (or fixes in) tfjs-backend-wasm 4.x.
// They touch backend internals (the wasm module, its tensor registry), which
// `wasmInternals()` checks before anything is registered; on other backends
// or another wasm build nothing is installed and ops.ts uses plain tf ops.
//
// - BvMatMulViews: batched products over views into tensors, either operand
//   optionally read transposed. tfjs-backend-wasm sends any BatchMatMul with a
//   batch > 1 or a transpose to a naive scalar loop, ~8x slower than XNNPACK,
//   and attention is made of such products. Transposed products, and plain
//   ones whose right operand fits the cache, run in the SIMD kernels of
//   simd/kernels.wat, in place; larger plain ones go to XNNPACK per batch
//   entry: each entry's slice of the buffers is registered as a temporary
//   wasm tensor (no copy) and handed to the backend's BatchMatMul.
// - BvColSums: column sums (and column sums of a product) in one SIMD pass;
//   `tf.sum(x, 0)` transposes first and a ones-vector matMul re-packs the
//   whole matrix, both ~10x slower.
// - BvGeluGrad: the tanh-GELU derivative times dy in one SIMD pass (eight
//   elementwise wasm ops otherwise, each a full pass over memory).
// - BvDense: x·w (+ bias) for weights up to 1 MiB in the SIMD kernel (2 rows
//   x 16 columns of the result in registers, column blocks outside so each
//   block's panel of w stays in L1): ~1.4x XNNPACK's speed on a small ViT's
//   products, ~1.1x on ViT-S-sized ones, with no operator set-up or packing.
// - BvLayerNorm / BvLayerNormGrad: LayerNorm over rows (forward keeping xhat
//   and rstd, and the input gradient) in one SIMD pass each, where tf ops take
//   ~9 (forward) and ~10 (gradient) kernels, each a pass over memory.
// - Transposes that swap two adjacent runs of axes (the last two: a batch of
//   matrices, 4x4 blocks through SIMD registers; or with whole rows of values
//   after them, e.g. splitting attention heads: one copy per row). The
//   backend's generic N-d transpose computes every element's index and runs
//   ~5x slower. Other permutations go to it.
// - Identity shares the buffer instead of copying it.
// - BatchMatMul/_FusedMatMul work around two tfjs bugs with shared buffers.

import * as tf from '@tensorflow/tfjs';
import { nativeView, withNativeGemm } from './nativeMatMul';
import { isWasmMemory, simdKernels, type SimdKernels, type WasmMemory } from './simd/simdKernels';

export const MATMUL_VIEWS = 'BvMatMulViews';
export const COL_SUMS = 'BvColSums';
export const GELU_GRAD = 'BvGeluGrad';
export const DENSE = 'BvDense';
export const LAYER_NORM = 'BvLayerNorm';
export const LAYER_NORM_GRAD = 'BvLayerNormGrad';

/**
 * One product `A·B` per batch entry, A `[m, k]` and B `[k, n]`, read at element offsets. With `ta` each entry of
 * the left operand is stored `[k, m]` (the product uses its transpose), with `tb` the right one `[n, k]`.
 */
export interface ViewProduct {
  /** Index into the inputs of the left operand, and where its first entry starts. */
  readonly a: number;
  readonly aOffset?: number;
  readonly ta?: boolean;
  /** Index into the inputs of the right operand, and where its first entry starts. */
  readonly b: number;
  readonly bOffset?: number;
  readonly tb?: boolean;
}

/** Sizes shared by every product of one call. */
export interface ViewDims {
  readonly batch: number;
  readonly m: number;
  readonly k: number;
  readonly n: number;
}

/** The parts of BackendWasm this kernel touches (not public API). */
export interface WasmInternals {
  wasm: {
    _BatchMatMul(aId: number, aShape: number, aRank: number, bId: number, bShape: number, bRank: number, ta: number, tb: number, outId: number): void;
    _malloc(bytes: number): number;
    HEAP32: Int32Array;
    asm: { memory: WasmMemory };
    tfjs: { registerTensor(id: number, size: number, offset: number): void; disposeData(id: number): void };
  };
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
  dataIdNextNumber: number;
  makeOutput(shape: number[], dtype: string): tf.TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
  incRef(dataId: object): void;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
}

export function wasmInternals(): WasmInternals | undefined {
  if (tf.getBackend() !== 'wasm') return undefined;
  const be = tf.backend() as unknown as Partial<WasmInternals>;
  const w = be.wasm;
  const ok =
    typeof w?._BatchMatMul === 'function' && typeof w._malloc === 'function' && w.HEAP32 instanceof Int32Array &&
    typeof w.tfjs?.registerTensor === 'function' && typeof w.tfjs?.disposeData === 'function' &&
    typeof be.dataIdMap?.get === 'function' && typeof be.dataIdNextNumber === 'number' &&
    typeof be.makeOutput === 'function' && typeof be.incRef === 'function' && typeof be.typedArrayFromHeap === 'function' &&
    isWasmMemory(w.asm?.memory) && simdKernels(w.asm.memory) !== undefined;
  return ok ? (be as WasmInternals) : undefined;
}

export function simd(be: WasmInternals): SimdKernels {
  return simdKernels(be.wasm.asm.memory) as SimdKernels;
}

/** Where `t` lives in the backend's memory (bytes). */
export const offsetOf = (be: WasmInternals, t: tf.TensorInfo): number => be.dataIdMap.get(t.dataId).memoryOffset;

/**
 * Products up to this many multiply-adds per batch entry read a transposed B in place (dot products); larger ones
 * transpose it first, for the row-blocked kernel.
 */
const SMALL_PRODUCT = 32 * 32 * 32;

/**
 * Right operands (per batch entry) up to this many floats (1 MiB) run in the SIMD kernels: faster than XNNPACK,
 * which creates an operator and packs B per call (attention's 16x16x16 blocks: ~4x; 64x64x64: ~2x); see ops.ts
 * denseProduct for larger ones.
 */
const SIMD_B_ENTRY = 1 << 18;

/** Depth of one pass of gemm_nn over k (see gemm). */
const K_BLOCK = 256;

/**
 * gemm_nn in passes over k of at most K_BLOCK (each pass adds into C): a pass keeps its 16-column panel of B
 * (K_BLOCK x 64 bytes) and the lines of a transposed A it reads in L1 while every row goes by; over a whole long k
 * (weight gradients sum over the batch's rows) both came from L2 or L3 for each pair of rows: 3x slower at k 2048.
 */
function gemm(kernels: SimdKernels, batch: number, m: number, k: number, n: number, a: number, aBs: number, aRs: number, aCs: number, b: number, bBs: number, bRs: number, c: number, cBs: number, cRs: number, bias: number): void {
  // A read in rows (aCs 1) streams well even past L1 (passes would re-read C instead): only a transposed A, or a
  // k longer than that, runs in passes.
  if ((aCs === 1 && k <= 4 * K_BLOCK) || k <= K_BLOCK * 1.5) return kernels.gemm_nn(batch, m, k, n, a, aBs, aRs, aCs, b, bBs, bRs, c, cBs, cRs, bias, 0);
  for (let k0 = 0; k0 < k; k0 += K_BLOCK) {
    const kb = Math.min(K_BLOCK, k - k0);
    kernels.gemm_nn(batch, m, kb, n, a + k0 * aCs * 4, aBs, aRs, aCs, b + k0 * bRs * 4, bBs, bRs, c, cBs, cRs, k0 ? 0 : bias, k0 ? 1 : 0);
  }
}

// A few bytes of wasm memory per wasm instance, allocated once (two int32[3] shapes, two float64 sums).
const scratchOf = new WeakMap<object, number>();

/** 32 bytes of the backend's memory that kernels may use while they run (8-aligned). */
export function scratch(be: WasmInternals): number {
  let at = scratchOf.get(be.wasm);
  if (at === undefined) {
    at = be.wasm._malloc(32);
    scratchOf.set(be.wasm, at);
  }
  return at;
}

interface Attrs {
  products: ViewProduct[];
  dims: ViewDims;
  concat: boolean;
}

export function matMulViewsKernel(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs: unknown }): tf.TensorInfo | tf.TensorInfo[] {
  const be = args.backend as WasmInternals;
  const { products, dims, concat } = args.attrs as Attrs;
  const { batch, m, k, n } = dims;
  const inputs = Object.keys(args.inputs).sort((x, y) => Number(x) - Number(y)).map((key) => args.inputs[key] as tf.TensorInfo);
  const offsets = inputs.map((t) => be.dataIdMap.get(t.dataId).memoryOffset);
  const { wasm } = be;
  const shapes = scratch(be);
  const outs = concat ? [be.makeOutput([products.length, batch, m, n], 'float32')] : products.map(() => be.makeOutput([batch, m, n], 'float32'));
  const outOffsets = outs.map((o) => be.dataIdMap.get(o.dataId).memoryOffset);
  // Fresh ids from the backend's counter, so they never collide with real tensors.
  const [ia, ib, io] = [be.dataIdNextNumber++, be.dataIdNextNumber++, be.dataIdNextNumber++];
  const { registerTensor, disposeData } = wasm.tfjs;
  const kernels = simd(be);
  products.forEach((p, pi) => {
    const aBase = offsets[p.a] + (p.aOffset ?? 0) * 4;
    const bBase = offsets[p.b] + (p.bOffset ?? 0) * 4;
    const oBase = concat ? outOffsets[0] + pi * batch * m * n * 4 : outOffsets[pi];
    if (p.ta && p.tb) throw new Error('BvMatMulViews: a product cannot read both operands transposed');
    if (p.tb && m * k * n <= SMALL_PRODUCT) return kernels.gemm_nt(batch, m, k, n, aBase, m * k, k, bBase, k * n, k, oBase, m * n, n);
    if (p.tb) {
      // Larger products run faster as B transposed into a scratch buffer, then gemm_nn.
      const tmp = be.makeOutput([batch, k, n], 'float32');
      kernels.transpose(bBase, batch, n, k, offsetOf(be, tmp));
      gemm(kernels, batch, m, k, n, aBase, m * k, k, 1, offsetOf(be, tmp), k * n, n, oBase, m * n, n, 0);
      be.disposeData(tmp.dataId);
      return;
    }
    if (p.ta || k * n <= SIMD_B_ENTRY) return gemm(kernels, batch, m, k, n, aBase, m * k, p.ta ? 1 : k, p.ta ? m : 1, bBase, k * n, n, oBase, m * n, n, 0);
    // Rewritten per product: the heap view may be replaced when memory grows.
    wasm.HEAP32.set([1, m, k, 1, k, n], shapes / 4);
    if (batch === 1 && nativeView(be, aBase, bBase, oBase, m, k, n)) return;
    for (let i = 0; i < batch; i++) {
      registerTensor(ia, m * k, aBase + i * m * k * 4);
      registerTensor(ib, k * n, bBase + i * k * n * 4);
      registerTensor(io, m * n, oBase + i * m * n * 4);
      wasm._BatchMatMul(ia, shapes, 3, ib, shapes + 12, 3, 0, 0, io);
      // Unregistering also deletes the XNNPACK operator cached for this `b` view.
      disposeData(ia);
      disposeData(ib);
      disposeData(io);
    }
  });
  return concat ? outs[0] : outs;
}

/** Column sums of `x` `[M, N]`, and of `x ⊙ y` when `y` is given: one SIMD pass. */
function colSumsKernel(args: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo[] {
  const be = args.backend as WasmInternals;
  const x = args.inputs.x as tf.TensorInfo;
  const y = args.inputs.y as tf.TensorInfo | undefined;
  const [m, n] = x.shape;
  const outs = y ? [be.makeOutput([n], 'float32'), be.makeOutput([n], 'float32')] : [be.makeOutput([n], 'float32')];
  simd(be).col_sums(offsetOf(be, x), y ? offsetOf(be, y) : 0, m, n, offsetOf(be, outs[0]), y ? offsetOf(be, outs[1]) : 0);
  return outs;
}

/**
 * dy · d/dx[x·σ(u)] with u = x·(c1 + c2·x²) and s = σ(u) saved from the
 * forward pass: dy · s · (1 + x·(1 − s)·(c1 + 3·c2·x²)).
 */
function geluGradKernel(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs: unknown }): tf.TensorInfo {
  const be = args.backend as WasmInternals;
  const { dy, x, s } = args.inputs as { dy: tf.TensorInfo; x: tf.TensorInfo; s: tf.TensorInfo };
  const { c1, c2 } = args.attrs as { c1: number; c2: number };
  const out = be.makeOutput(x.shape, 'float32');
  simd(be).gelu_grad(offsetOf(be, dy), offsetOf(be, x), offsetOf(be, s), x.shape.reduce((p, q) => p * q, 1), c1, 3 * c2, offsetOf(be, out));
  return out;
}

/** `x·w (+ bias)`, x `[m, k]`, w `[k, n]`, bias `[n]`. */
function denseKernel(args: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo {
  const be = args.backend as WasmInternals;
  const { x, w, bias } = args.inputs as { x: tf.TensorInfo; w: tf.TensorInfo; bias?: tf.TensorInfo };
  const [m, k] = x.shape;
  const n = w.shape[1];
  const out = be.makeOutput([m, n], 'float32');
  gemm(simd(be), 1, m, k, n, offsetOf(be, x), 0, k, 1, offsetOf(be, w), 0, n, offsetOf(be, out), 0, n, bias ? offsetOf(be, bias) : 0);
  return out;
}

/** LayerNorm of `x` `[rows, n]` (n a multiple of 4): out, xhat `[rows, n]` and rstd `[rows, 1]`. */
function layerNormKernel(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs: unknown }): tf.TensorInfo[] {
  const be = args.backend as WasmInternals;
  const { x, scale, bias } = args.inputs as { x: tf.TensorInfo; scale: tf.TensorInfo; bias: tf.TensorInfo };
  const { eps } = args.attrs as { eps: number };
  const [rows, n] = x.shape;
  const outs = [be.makeOutput([rows, n], 'float32'), be.makeOutput([rows, n], 'float32'), be.makeOutput([rows, 1], 'float32')];
  simd(be).layer_norm(offsetOf(be, x), offsetOf(be, scale), offsetOf(be, bias), rows, n, eps, ...(outs.map((o) => offsetOf(be, o)) as [number, number, number]));
  return outs;
}

/** The LayerNorm input gradient from dy `g`, the saved xhat and rstd, and the scale. */
function layerNormGradKernel(args: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo {
  const be = args.backend as WasmInternals;
  const { g, xhat, rstd, scale } = args.inputs as { g: tf.TensorInfo; xhat: tf.TensorInfo; rstd: tf.TensorInfo; scale: tf.TensorInfo };
  const [rows, n] = g.shape;
  const dx = be.makeOutput([rows, n], 'float32');
  simd(be).layer_norm_grad(offsetOf(be, g), offsetOf(be, xhat), offsetOf(be, rstd), offsetOf(be, scale), rows, n, offsetOf(be, dx));
  return dx;
}

/**
 * `perm` as a swap of two adjacent runs of axes, [prefix, second run, first run, suffix]: the transpose of
 * `batch` matrices of `rows` x `cols` blocks of `inner` values (sizes from `shape`). Undefined for other perms.
 */
export function blockSwap(shape: readonly number[], perm: readonly number[]): { batch: number; rows: number; cols: number; inner: number } | undefined {
  const r = perm.length;
  let lo = 0;
  while (lo < r && perm[lo] === lo) lo++;
  let hi = r;
  while (hi > lo && perm[hi - 1] === hi - 1) hi--;
  if (hi - lo < 2) return undefined;
  // The middle must be [k..hi) followed by [lo..k) for some k.
  const k = perm[lo];
  for (let i = lo; i < hi; i++) if (perm[i] !== (i - lo < hi - k ? k + (i - lo) : lo + (i - lo - (hi - k)))) return undefined;
  const size = (a: number, b: number) => shape.slice(a, b).reduce((x, y) => x * y, 1);
  return { batch: size(0, lo), rows: size(lo, k), cols: size(k, hi), inner: size(hi, r) };
}

function transposeKernel(original: tf.KernelFunc): tf.KernelFunc {
  return ((args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs: { perm: number[] } }) => {
    const x = args.inputs.x as tf.TensorInfo;
    const swap = blockSwap(x.shape, args.attrs.perm);
    if (x.dtype !== 'float32' || !swap) return original(args as unknown as Parameters<tf.KernelFunc>[0]);
    const be = args.backend as WasmInternals;
    const out = be.makeOutput(args.attrs.perm.map((p) => x.shape[p]), 'float32');
    const { batch, rows, cols, inner } = swap;
    if (inner === 1) simd(be).transpose(offsetOf(be, x), batch, rows, cols, offsetOf(be, out));
    else simd(be).transpose_blocks(offsetOf(be, x), batch, rows, cols, inner, offsetOf(be, out));
    return out;
  }) as unknown as tf.KernelFunc;
}

// tfjs-backend-wasm's Identity copies the buffer; every tensor a customGrad
// saves goes through it. Tensors are immutable, so sharing the buffer (as its
// Reshape already does) is safe and saves a full copy per saved activation.
function identityShared(args: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo {
  const x = args.inputs.x as tf.TensorInfo;
  (args.backend as WasmInternals).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/**
 * Wraps tfjs-backend-wasm's matMul kernels around two bugs that bite as soon
 * as buffers are shared (reshape, clone):
 * - one XNNPACK operator (with `b` packed for its shape at the time) is
 *   cached per `b` tensor id, whatever the shape: the same buffer used as `b`
 *   under two shapes reads the wrong operator and aborts the wasm module. `b`
 *   is shown under a fresh, temporary id instead (the operator is freed with
 *   it; in training `b` changes every step, so the cache saved nothing);
 * - _FusedMatMul checks the bias rank on the buffer's first shape, rejecting
 *   a reshaped bias ([heads, head_dim] → [width]); it is shown its real shape.
 */
function freshRightOperand(original: tf.KernelFunc): tf.KernelFunc {
  return ((args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }) => {
    const be = args.backend as WasmInternals;
    const b = args.inputs.b as tf.TensorInfo;
    const bias = args.inputs.bias as tf.TensorInfo | undefined;
    const data = be.dataIdMap.get(b.dataId) as { id: number; memoryOffset: number };
    const biasData = bias && (be.dataIdMap.get(bias.dataId) as unknown as { shape: number[] });
    const biasShape = biasData?.shape;
    const realId = data.id;
    const tmp = be.dataIdNextNumber++;
    be.wasm.tfjs.registerTensor(tmp, b.shape.reduce((x, y) => x * y, 1), data.memoryOffset);
    data.id = tmp;
    if (biasData && bias) biasData.shape = bias.shape;
    try {
      return original(args as unknown as Parameters<tf.KernelFunc>[0]);
    } finally {
      data.id = realId;
      if (biasData && biasShape) biasData.shape = biasShape;
      be.wasm.tfjs.disposeData(tmp);
    }
  }) as unknown as tf.KernelFunc;
}

let installed = false;

/** Registers the wasm kernels above once; a no-op elsewhere. Returns whether the fast path is on. */
export function installWasmKernels(): boolean {
  if (!wasmInternals()) return false;
  if (!installed) {
    tf.registerKernel({ kernelName: MATMUL_VIEWS, backendName: 'wasm', kernelFunc: matMulViewsKernel as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: COL_SUMS, backendName: 'wasm', kernelFunc: colSumsKernel as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: GELU_GRAD, backendName: 'wasm', kernelFunc: geluGradKernel as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: DENSE, backendName: 'wasm', kernelFunc: denseKernel as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: LAYER_NORM, backendName: 'wasm', kernelFunc: layerNormKernel as unknown as tf.KernelFunc });
    tf.registerKernel({ kernelName: LAYER_NORM_GRAD, backendName: 'wasm', kernelFunc: layerNormGradKernel as unknown as tf.KernelFunc });
    for (const name of ['BatchMatMul', '_FusedMatMul']) {
      const config = tf.getKernel(name, 'wasm');
      if (!config) continue;
      tf.unregisterKernel(name, 'wasm');
      tf.registerKernel({ ...config, kernelFunc: withNativeGemm(freshRightOperand(config.kernelFunc)) });
    }
    const transpose = tf.getKernel('Transpose', 'wasm');
    if (transpose) {
      tf.unregisterKernel('Transpose', 'wasm');
      tf.registerKernel({ ...transpose, kernelFunc: transposeKernel(transpose.kernelFunc) });
    }
    tf.unregisterKernel('Identity', 'wasm');
    tf.registerKernel({ kernelName: 'Identity', backendName: 'wasm', kernelFunc: identityShared as unknown as tf.KernelFunc });
    installed = true;
  }
  return true;
}

