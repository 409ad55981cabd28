// The hand-written SIMD kernels of kernels.wat, instantiated on the wasm
// backend's own memory: they read and write tensors where the backend keeps
// them. Why hand-written: tfjs-backend-wasm has no kernel for these shapes
// that does not copy, transpose or create an XNNPACK operator per call, and
// V8 does not vectorise the equivalent JavaScript loops (10x slower).

import { KERNELS_WASM_BASE64 } from './kernelsBinary';

/** The exports of kernels.wat (pointers are byte offsets; sizes and strides count float32 elements). */
export interface SimdKernels {
  gemm_nn(batch: number, m: number, k: number, n: number, a: number, aBs: number, aRs: number, aCs: number, b: number, bBs: number, bRs: number, c: number, cBs: number, cRs: number, bias: number, acc: number): void;
  gemm_nt(batch: number, m: number, k: number, n: number, a: number, aBs: number, aRs: number, b: number, bBs: number, bRs: number, c: number, cBs: number, cRs: number): void;
  col_sums(x: number, y: number, m: number, n: number, sums: number, prods: number): void;
  gelu_grad(dy: number, x: number, s: number, len: number, c1: number, c3: number, out: number): void;
  sum_squares(x: number, len4: number): number;
  adam_step(g: number, p: number, mu: number, nu: number, len4: number, f: number, b1: number, b2: number, mc: number, gc: number, vc: number, eps: number, epsRoot: number, lr: number, wd: number, op: number, omu: number, onu: number, sums: number): void;
  layer_norm(x: number, scale: number, bias: number, rows: number, n: number, eps: number, out: number, xhat: number, rstd: number): void;
  layer_norm_grad(g: number, xhat: number, rstd: number, scale: number, rows: number, n: number, dx: number): void;
  transpose(src: number, batch: number, rows: number, cols: number, dst: number): void;
  transpose_blocks(src: number, batch: number, rows: number, cols: number, inner: number, dst: number): void;
  trace_step(g: number, p: number, tr: number, len4: number, f: number, decay: number, ga: number, ta: number, lr: number, wd: number, op: number, otr: number, sums: number): void;
}

/** A WebAssembly.Memory (the project's TypeScript libs, without DOM, do not declare the WebAssembly API). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

/** The parts of the WebAssembly API used here. */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: abstract new (...args: never[]) => WasmMemory;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Whether `x` is a WebAssembly.Memory. */
export function isWasmMemory(x: unknown): x is WasmMemory {
  return x instanceof wasmApi.Memory;
}

let compiled: object | undefined;
const instances = new WeakMap<WasmMemory, SimdKernels | null>();

/** The kernels on `memory`, or undefined where this engine cannot compile them (no wasm SIMD). */
export function simdKernels(memory: WasmMemory): SimdKernels | undefined {
  let k = instances.get(memory);
  if (k === undefined) {
    try {
      compiled ??= new wasmApi.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
      k = new wasmApi.Instance(compiled, { env: { memory } }).exports as SimdKernels;
    } catch {
      k = null;
    }
    instances.set(memory, k);
  }
  return k ?? undefined;
}
