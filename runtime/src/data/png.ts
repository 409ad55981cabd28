// A direct decoder for the common PNG case (8-bit grey / grey+alpha / RGB /
// RGBA, not interlaced): zlib inflate plus the five scanline filters. For the
// small images of MNIST-like datasets it is ~20x faster than a sharp round
// trip, which matters when decode runs on every example of every step. Other
// PNGs (palette, 16-bit, interlaced) return undefined and go through sharp.
// Chunk CRCs are not re-checked: the TFRecord CRC32C already covers the bytes.

import { inflateSync } from 'node:zlib';

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/** A decoded PNG: uint8 HWC pixels. */
export interface PngPixels {
  height: number;
  width: number;
  channels: number;
  data: Uint8Array;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Decodes `bytes` when it is a PNG this fast path handles; otherwise undefined. */
export function decodePngFast(bytes: Uint8Array): PngPixels | undefined {
  if (bytes.length < 33 || bytes[0] !== 0x89 || bytes[1] !== 0x50 || bytes[2] !== 0x4e || bytes[3] !== 0x47) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const depth = bytes[24];
  const channels = CHANNELS[bytes[25]];
  if (depth !== 8 || channels === undefined || bytes[28] !== 0 || width === 0 || height === 0) return undefined;
  const idat: Uint8Array[] = [];
  for (let at = 8; at + 8 <= bytes.length; ) {
    const len = view.getUint32(at);
    const type = String.fromCharCode(bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]);
    if (at + 12 + len > bytes.length) return undefined;
    if (type === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + len));
    if (type === 'IEND') break;
    at += 12 + len;
  }
  let raw: Uint8Array;
  try {
    raw = inflateSync(idat.length === 1 ? idat[0] : Buffer.concat(idat));
  } catch {
    return undefined; // Let sharp report the damage.
  }
  const stride = width * channels;
  if (raw.length < height * (stride + 1)) return undefined;
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const prev = row - stride;
    for (let i = 0; i < stride; i++) {
      const x = raw[src + i];
      const a = i >= channels ? out[row + i - channels] : 0;
      const b = y > 0 ? out[prev + i] : 0;
      const c = y > 0 && i >= channels ? out[prev + i - channels] : 0;
      switch (filter) {
        case 0: out[row + i] = x; break;
        case 1: out[row + i] = x + a; break;
        case 2: out[row + i] = x + b; break;
        case 3: out[row + i] = x + ((a + b) >> 1); break;
        case 4: out[row + i] = x + paeth(a, b, c); break;
        default: return undefined;
      }
    }
  }
  return { height, width, channels, data: out };
}
