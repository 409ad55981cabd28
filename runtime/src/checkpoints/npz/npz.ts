/**
 * `.npz` archives (what `np.savez` / `np.savez_compressed` write and upstream's released checkpoints are): a zip of
 * one `.npy` per array, named by the array's key. Released checkpoints use flattened `/`-joined param names as keys
 * (`Transformer/encoderblock_0/MlpBlock_0/Dense_0/kernel`). Reading and writing go through fflate (stored and
 * deflated entries, zip64); every error names the file, and the key when one array is at fault.
 */
import * as fs from 'node:fs';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { encodeNpy, NpyFormatError, parseNpy, type NpyArray } from './npy';

/** An unreadable archive or array; the message names the file (and the key). */
export class NpzError extends Error {
  constructor(readonly file: string, readonly key: string | undefined, message: string, options?: { cause?: unknown }) {
    super(`${file}${key !== undefined ? `: array '${key}'` : ''}: ${message}`, options);
    this.name = 'NpzError';
  }
}

/** The arrays of an archive's bytes by key (`.npy` suffix dropped), in archive order. */
export function parseNpz(bytes: Uint8Array, file: string): Map<string, NpyArray> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (err) {
    const hint = bytes[0] === 0x93 ? ' (it is a single .npy array: save checkpoints with np.savez)' : '';
    throw new NpzError(file, undefined, `not a readable .npz (zip) archive: ${(err as Error).message}${hint}`, { cause: err });
  }
  const out = new Map<string, NpyArray>();
  for (const [name, data] of Object.entries(entries)) {
    if (name.endsWith('/')) continue; // a folder entry
    const key = name.endsWith('.npy') ? name.slice(0, -4) : name;
    try {
      out.set(key, parseNpy(data));
    } catch (err) {
      if (err instanceof NpyFormatError) throw new NpzError(file, key, err.message, { cause: err });
      throw err;
    }
  }
  if (!out.size) throw new NpzError(file, undefined, 'the archive holds no arrays');
  return out;
}

/** Reads an `.npz` file. */
export function readNpz(file: string): Map<string, NpyArray> {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new NpzError(file, undefined, `cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
  return parseNpz(bytes, file);
}

/** Writes `arrays` as an uncompressed `.npz` (as `np.savez` does), atomically (a temp file renamed over). */
export function writeNpz(file: string, arrays: ReadonlyMap<string, NpyArray>): void {
  const files: Zippable = {};
  for (const [key, array] of arrays) files[`${key}.npy`] = [encodeNpy(array), { level: 0 }];
  const tmp = `${file}.partial`;
  fs.writeFileSync(tmp, zipSync(files));
  fs.renameSync(tmp, file);
}
