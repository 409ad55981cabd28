// CRC32C (Castagnoli), the checksum TFRecord framing uses, and TFRecord's
// "masked" form of it. Slicing-by-8 tables keep it fast enough to verify every
// record of a multi-GB dataset without being the bottleneck (no native
// package is installed for it).

const POLY = 0x82f63b78; // Castagnoli, reflected.

/** 8 tables of 256 entries: T[k][b] is the CRC of byte b followed by k zero bytes. */
const TABLES: Uint32Array[] = (() => {
  const t = Array.from({ length: 8 }, () => new Uint32Array(256));
  for (let b = 0; b < 256; b++) {
    let c = b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t[0][b] = c >>> 0;
  }
  for (let b = 0; b < 256; b++) {
    for (let k = 1; k < 8; k++) t[k][b] = (t[k - 1][b] >>> 8) ^ t[0][t[k - 1][b] & 0xff];
  }
  return t;
})();

/**
 * CRC32C of `data[start, end)`. Pass the previous result as `crc` to continue
 * a checksum over several chunks.
 */
export function crc32c(data: Uint8Array, crc = 0, start = 0, end = data.length): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = TABLES;
  let c = ~crc >>> 0;
  let i = start;
  // Eight bytes per step: two 32-bit words folded through the eight tables.
  for (; i + 8 <= end; i += 8) {
    const lo = (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24)) ^ c;
    c = t7[lo & 0xff] ^ t6[(lo >>> 8) & 0xff] ^ t5[(lo >>> 16) & 0xff] ^ t4[lo >>> 24] ^
      t3[data[i + 4]] ^ t2[data[i + 5]] ^ t1[data[i + 6]] ^ t0[data[i + 7]];
  }
  for (; i < end; i++) c = (c >>> 8) ^ t0[(c ^ data[i]) & 0xff];
  return ~c >>> 0;
}

const MASK_DELTA = 0xa282ead8;

/** TFRecord's masked CRC: rotate right by 15 bits and add a constant (so CRCs of CRCs stay useful). */
export function maskCrc(crc: number): number {
  return (((crc >>> 15) | (crc << 17)) + MASK_DELTA) >>> 0;
}

/** Masked CRC32C of `data[start, end)`, as stored in TFRecord files. */
export function maskedCrc32c(data: Uint8Array, start = 0, end = data.length): number {
  return maskCrc(crc32c(data, 0, start, end));
}
