/**
 * One checkpoint leaf as a zarr v2 array: a folder with `.zarray` (JSON metadata) and a single uncompressed chunk
 * holding the whole array in C order, little-endian. Upstream writes leaves with tensorstore's `zarr` driver
 * (`jax.experimental.array_serialization`, zstd-compressed); tensorstore, zarr-python and upstream's `tsload`
 * read `"compressor": null` arrays too, so our checkpoints open with upstream tools. The chunk is named
 * `0.0...0` (one `0` per dimension, `0` for a scalar), as zarr's default `.` separator gives.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Host array kinds a leaf may hold. */
export type LeafData = Float32Array | Int32Array | Uint32Array | BigInt64Array | Float64Array | Uint8Array;

/** One array leaf: its data in C order and its shape (`[]` for a scalar). */
export interface Leaf {
  readonly shape: readonly number[];
  readonly data: LeafData;
}

const DTYPES: ReadonlyArray<[string, new (buf: ArrayBuffer) => LeafData, number]> = [
  ['<f4', Float32Array, 4],
  ['<i4', Int32Array, 4],
  ['<u4', Uint32Array, 4],
  ['<i8', BigInt64Array, 8],
  ['<f8', Float64Array, 8],
  ['|u1', Uint8Array, 1],
];

function dtypeOf(data: LeafData): string {
  const row = DTYPES.find(([, ctor]) => data instanceof ctor);
  if (!row) throw new Error(`unsupported leaf array type ${data.constructor.name}`);
  return row[0];
}

/** The chunk file name of a single-chunk array of this rank. */
export function chunkKey(rank: number): string {
  return rank === 0 ? '0' : Array(rank).fill('0').join('.');
}

/** Writes `leaf` as a zarr v2 array in folder `dir` (created). The host must be little-endian (x86, ARM). */
export function writeZarr(dir: string, leaf: Leaf): void {
  const count = leaf.shape.reduce((a, b) => a * b, 1);
  if (count !== leaf.data.length) throw new Error(`leaf ${dir}: shape [${leaf.shape.join(', ')}] holds ${count} values, data has ${leaf.data.length}`);
  const dtype = dtypeOf(leaf.data);
  const meta = {
    chunks: leaf.shape.map((d) => Math.max(1, d)),
    compressor: null,
    dtype,
    fill_value: dtype === '<f4' || dtype === '<f8' ? 0.0 : 0,
    filters: null,
    order: 'C',
    shape: leaf.shape,
    zarr_format: 2,
  };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, '.zarray'), JSON.stringify(meta));
  const bytes = Buffer.from(leaf.data.buffer, leaf.data.byteOffset, leaf.data.byteLength);
  fs.writeFileSync(path.join(dir, chunkKey(leaf.shape.length)), bytes);
}

interface ZarrMeta {
  shape: number[];
  chunks: number[];
  dtype: string;
  compressor: unknown;
  filters: unknown;
  order: string;
  fill_value: number | null;
}

/** Reads a single-chunk, uncompressed zarr v2 array (what `writeZarr` writes). */
export function readZarr(dir: string): Leaf {
  const metaFile = path.join(dir, '.zarray');
  let meta: ZarrMeta;
  try {
    meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as ZarrMeta;
  } catch (err) {
    throw new Error(`cannot read checkpoint array ${metaFile}: ${(err as Error).message}`, { cause: err });
  }
  const row = DTYPES.find(([name]) => name === meta.dtype);
  if (!row) throw new Error(`${metaFile}: dtype ${JSON.stringify(meta.dtype)} is not supported (valid: ${DTYPES.map((d) => d[0]).join(', ')})`);
  const single = meta.chunks.every((c, i) => c >= meta.shape[i]);
  if (meta.compressor !== null || meta.filters || meta.order !== 'C' || !single) {
    throw new Error(`${metaFile}: only single-chunk, uncompressed, C-order arrays are supported (as bv train writes them); this one has compressor ${JSON.stringify(meta.compressor)}, chunks [${meta.chunks.join(', ')}]`);
  }
  const [, ctor, size] = row;
  const count = meta.shape.reduce((a, b) => a * b, 1);
  const chunk = path.join(dir, chunkKey(meta.shape.length));
  const buf = fs.existsSync(chunk) ? fs.readFileSync(chunk) : null;
  const ab = new ArrayBuffer(count * size);
  if (buf) {
    if (buf.length !== count * size) throw new Error(`${chunk}: ${buf.length} bytes, expected ${count * size} for shape [${meta.shape.join(', ')}] ${meta.dtype}`);
    new Uint8Array(ab).set(buf);
  } else if (meta.fill_value) {
    // A missing chunk means "all fill_value" in zarr.
    const data = new ctor(ab);
    if (data instanceof BigInt64Array) data.fill(BigInt(meta.fill_value));
    else data.fill(meta.fill_value);
  }
  return { shape: meta.shape, data: new ctor(ab) };
}
