/**
 * Routes the wasm backend's large plain matrix products (BatchMatMul and _FusedMatMul with a batch of one, no
 * transpose, no activation but a bias) to the native GEMM of nativeGemm.ts when it is installed: inputs are read
 * from the wasm heap, the product is computed natively and copied into a new wasm tensor. Small products stay on
 * XNNPACK, whose call costs less than the copies. Everything else goes to the original kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeGemm } from './nativeGemm';
import type { wasmInternals } from './wasmKernels';

type Internals = NonNullable<ReturnType<typeof wasmInternals>>;

/** Smallest m·k·n worth the native call (its fixed cost and the copies: ~0.1 ms). */
export const NATIVE_MIN_MACS = 1 << 20;

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** `original` with large products computed natively (when available). */
export function withNativeGemm(original: tf.KernelFunc): tf.KernelFunc {
  return ((args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }) => {
    const gemm = nativeGemm().gemm;
    const { a, b, bias, preluActivationWeights } = args.inputs as Record<string, tf.TensorInfo | undefined>;
    const attrs = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean; activation?: string };
    const plain = gemm && a && b && !attrs.transposeA && !attrs.transposeB && !preluActivationWeights && (attrs.activation ?? 'linear') === 'linear';
    if (!plain || a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return original(args as unknown as Parameters<tf.KernelFunc>[0]);
    const [m, k] = a.shape.slice(-2);
    const n = b.shape[b.shape.length - 1];
    const one = sizeOf(a.shape) === m * k && sizeOf(b.shape) === k * n && b.shape[b.shape.length - 2] === k;
    if (!one || m * k * n < NATIVE_MIN_MACS || (bias && (bias.dtype !== 'float32' || sizeOf(bias.shape) !== n))) return original(args as unknown as Parameters<tf.KernelFunc>[0]);
    const be = args.backend as Internals;
    const y = gemm(be.typedArrayFromHeap(a), be.typedArrayFromHeap(b), m, k, n);
    if (bias) {
      const bv = be.typedArrayFromHeap(bias);
      for (let i = 0, o = 0; i < m; i++, o += n) for (let j = 0; j < n; j++) y[o + j] += bv[j];
    }
    const out = be.makeOutput([...a.shape.slice(0, -2), m, n], 'float32');
    // Read the view after the allocation: it may grow (and so replace) the wasm heap.
    be.typedArrayFromHeap(out).set(y);
    return out;
  }) as unknown as tf.KernelFunc;
}

/** One product of matMulViews with a batch of one, natively, into `out` at `outOffset` (bytes); false: not done. */
export function nativeView(be: Internals, aOffset: number, bOffset: number, outOffset: number, m: number, k: number, n: number): boolean {
  const gemm = nativeGemm().gemm;
  if (!gemm || m * k * n < NATIVE_MIN_MACS) return false;
  const heap = () => be.wasm.HEAP32.buffer;
  const y = gemm(new Float32Array(heap(), aOffset, m * k), new Float32Array(heap(), bOffset, k * n), m, k, n);
  new Float32Array(heap(), outOffset, m * n).set(y);
  return true;
}
