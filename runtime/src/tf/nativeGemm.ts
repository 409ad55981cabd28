/**
 * A native float32 matrix product for the wasm backend's large matMuls: onnxruntime-node's MLAS (an optional
 * package that ships its CPU binaries on the npm registry), run synchronously on one thread through its native
 * binding, since tfjs kernels are synchronous and onnxruntime-node's public `run` is a promise. The model is a
 * single MatMul with symbolic dimensions, written here as ONNX protobuf bytes. Absent package, a binding that does
 * not look as expected, or `BV_MATMUL=xnnpack`: undefined, and the wasm backend keeps XNNPACK.
 */
import { createRequire } from 'node:module';

/** `a` `[m, k]` times `b` `[k, n]`, row-major. */
export type Gemm = (a: Float32Array, b: Float32Array, m: number, k: number, n: number) => Float32Array;

interface OrtTensor {
  data: Float32Array;
}
interface OrtBinding {
  InferenceSession: new () => {
    loadModel(buffer: ArrayBufferLike, offset: number, length: number, options: object): void;
    run(feeds: Record<string, OrtTensor>, fetches: Record<string, null>, options: object): Record<string, OrtTensor>;
  };
}

const varint = (v: number): number[] => {
  const out: number[] = [];
  while (v > 127) {
    out.push((v & 127) | 128);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
};
const bytes = (no: number, payload: number[]): number[] => [...varint((no << 3) | 2), ...varint(payload.length), ...payload];
const text = (no: number, s: string): number[] => bytes(no, [...Buffer.from(s)]);
const int = (no: number, v: number): number[] => [...varint(no << 3), ...varint(v)];

/** ONNX: Y = MatMul(A [M, K], B [K, N]), float32, opset 17. */
function matMulModel(): Uint8Array {
  const tensor = (name: string, dims: string[]) => [...text(1, name), ...bytes(2, bytes(1, [...int(1, 1), ...bytes(2, dims.flatMap((d) => bytes(1, text(2, d))))]))];
  const node = [...text(1, 'A'), ...text(1, 'B'), ...text(2, 'Y'), ...text(4, 'MatMul')];
  const graph = [...bytes(1, node), ...text(2, 'matmul'), ...bytes(11, tensor('A', ['M', 'K'])), ...bytes(11, tensor('B', ['K', 'N'])), ...bytes(12, tensor('Y', ['M', 'N']))];
  return Uint8Array.from([...int(1, 8), ...bytes(8, int(2, 17)), ...bytes(7, graph)]);
}

let loaded: { gemm?: Gemm; why?: string } | undefined;

/** The native product, loaded once; `why` says why there is none. */
export function nativeGemm(): { gemm?: Gemm; why?: string } {
  if (loaded) return loaded;
  if (process.env.BV_MATMUL === 'xnnpack') return (loaded = { why: 'BV_MATMUL=xnnpack' });
  try {
    const req = createRequire(__filename);
    const { binding, initOrt } = req('onnxruntime-node/dist/binding') as { binding: OrtBinding; initOrt: () => void };
    const { Tensor } = req('onnxruntime-common') as { Tensor: new (type: string, data: Float32Array, dims: number[]) => OrtTensor };
    initOrt();
    const session = new binding.InferenceSession();
    const model = matMulModel();
    session.loadModel(model.buffer, model.byteOffset, model.byteLength, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' });
    const gemm: Gemm = (a, b, m, k, n) => session.run({ A: new Tensor('float32', a, [m, k]), B: new Tensor('float32', b, [k, n]) }, { Y: null }, {}).Y.data;
    const check = gemm(Float32Array.of(1, 2, 3, 4), Float32Array.of(5, 6, 7, 8), 2, 2, 2);
    if ([...check].join() !== '19,22,43,50') return (loaded = { why: `onnxruntime-node multiplied [[1,2],[3,4]]·[[5,6],[7,8]] as [${[...check].join(', ')}]` });
    return (loaded = { gemm });
  } catch (err) {
    return (loaded = { why: `onnxruntime-node is not available (${(err as Error).message.split('\n')[0]})` });
  }
}
