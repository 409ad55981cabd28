/**
 * NumPy's `.npy` format (version 1.0-3.0) for the arrays of released checkpoints: a magic string, a header that is a
 * Python dict literal (`{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`), then the raw data. Reading
 * turns every numeric dtype into float32 or int32 (what tfjs holds; bfloat16 stored as raw 2-byte void, as upstream's
 * `recover_dtype` knows it, becomes float32), and Fortran-ordered arrays are reordered to C order. Writing emits
 * version 1.0 float32/int32, little-endian, C order, which `np.load` reads.
 */

/** One array: C-order values and shape. */
export interface NpyArray {
  readonly shape: readonly number[];
  readonly data: Float32Array | Int32Array;
}

const MAGIC = '\x93NUMPY';

/** A problem with one array, without the file name (the archive reader adds it). */
export class NpyFormatError extends Error {}

interface Header {
  descr: string;
  fortran: boolean;
  shape: number[];
}

function parseHeader(text: string): Header {
  const descr = /'descr':\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(text)?.[1];
  const shape = /'shape':\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shape === undefined) {
    throw new NpyFormatError(`unreadable .npy header ${JSON.stringify(text.trim().slice(0, 120))} (a structured or pickled array? save plain numeric arrays)`);
  }
  const dims = shape.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (dims.some((d) => !Number.isInteger(d) || d < 0)) throw new NpyFormatError(`bad shape (${shape}) in the .npy header`);
  return { descr, fortran: fortran === 'True', shape: dims };
}

/** bfloat16 bits → float32: the same bits in the upper half of a float32. */
function bf16ToF32(bytes: Uint8Array, n: number, little: boolean): Float32Array {
  const out = new Float32Array(n);
  const words = new Uint32Array(out.buffer);
  for (let i = 0; i < n; i++) {
    const hi = little ? bytes[2 * i + 1] : bytes[2 * i];
    const lo = little ? bytes[2 * i] : bytes[2 * i + 1];
    words[i] = ((hi << 8) | lo) << 16;
  }
  return out;
}

/** The values of `n` elements of dtype `descr` as float32 or int32. */
function decodeValues(descr: string, bytes: Uint8Array, n: number): Float32Array | Int32Array {
  const order = descr[0];
  const little = order !== '>';
  const kind = descr.slice(1);
  if (kind === 'V2') return bf16ToF32(bytes, n, little); // bfloat16 as numpy stores it without ml_dtypes
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read: Record<string, [number, (o: number) => number, 'float32' | 'int32']> = {
    f4: [4, (o) => view.getFloat32(o, little), 'float32'],
    f8: [8, (o) => view.getFloat64(o, little), 'float32'],
    f2: [2, (o) => halfToFloat(view.getUint16(o, little)), 'float32'],
    i1: [1, (o) => view.getInt8(o), 'int32'],
    u1: [1, (o) => view.getUint8(o), 'int32'],
    b1: [1, (o) => view.getUint8(o), 'int32'],
    i2: [2, (o) => view.getInt16(o, little), 'int32'],
    u2: [2, (o) => view.getUint16(o, little), 'int32'],
    i4: [4, (o) => view.getInt32(o, little), 'int32'],
    i8: [8, (o) => Number(view.getBigInt64(o, little)), 'int32'],
  };
  const entry = read[kind];
  if (!entry) throw new NpyFormatError(`dtype '${descr}' is not supported (numeric float16/32/64, bfloat16, int8-64 are)`);
  const [size, get, type] = entry;
  if (bytes.byteLength < n * size) throw new NpyFormatError(`truncated data: ${bytes.byteLength} bytes for ${n} values of '${descr}'`);
  if (kind === 'f4' && little && bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, n).slice();
  const out = type === 'float32' ? new Float32Array(n) : new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = get(i * size);
  return out;
}

/** IEEE half bits → number (Node 20 has no DataView.getFloat16). */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** Fortran (column-major) order → C order. */
function toCOrder<T extends Float32Array | Int32Array>(data: T, shape: readonly number[]): T {
  if (shape.length < 2) return data;
  const out = data.slice() as T;
  const rank = shape.length;
  const idx = new Array<number>(rank).fill(0);
  for (let f = 0; f < data.length; f++) {
    // idx holds the multi-index of Fortran position f (first axis fastest).
    let c = 0;
    for (let a = 0; a < rank; a++) c = c * shape[a] + idx[a];
    out[c] = data[f];
    for (let a = 0; a < rank && ++idx[a] === shape[a]; a++) idx[a] = 0;
  }
  return out;
}

/** Parses one `.npy` file. Throws NpyFormatError naming what is wrong. */
export function parseNpy(bytes: Uint8Array): NpyArray {
  const magic = String.fromCharCode(...bytes.subarray(0, 6));
  if (magic !== MAGIC) throw new NpyFormatError('not a .npy array (no \\x93NUMPY magic)');
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const wide = major >= 2;
  const headerLen = wide ? view.getUint32(8, true) : view.getUint16(8, true);
  const start = wide ? 12 : 10;
  const header = parseHeader(new TextDecoder(major >= 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLen)));
  const n = header.shape.reduce((a, b) => a * b, 1);
  const values = decodeValues(header.descr, bytes.subarray(start + headerLen), n);
  return { shape: header.shape, data: header.fortran ? toCOrder(values, header.shape) : values };
}

/** A version-1.0 `.npy` of a float32 or int32 array (C order, little-endian). */
export function encodeNpy(array: NpyArray): Uint8Array {
  const descr = array.data instanceof Float32Array ? '<f4' : '<i4';
  const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  // Data starts at a multiple of 64 bytes, the header ends with a newline (as numpy writes it).
  const pad = 64 - ((10 + dict.length + 1) % 64);
  dict += `${' '.repeat(pad % 64)}\n`;
  const out = new Uint8Array(10 + dict.length + array.data.byteLength);
  out.set([0x93, ...Array.from('NUMPY', (c) => c.charCodeAt(0)), 1, 0]);
  new DataView(out.buffer).setUint16(8, dict.length, true);
  out.set(Array.from(dict, (c) => c.charCodeAt(0)), 10);
  out.set(new Uint8Array(array.data.buffer, array.data.byteOffset, array.data.byteLength), 10 + dict.length);
  return out;
}
