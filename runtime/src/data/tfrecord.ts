// TFRecord files: each record is framed as
//   uint64 length (LE) | uint32 masked CRC32C(length) | data | uint32 masked CRC32C(data)
// Both checksums are verified; a bad record is reported with the shard file and
// the byte offset where its frame starts, so a damaged shard is easy to find.
// Reading is sequential through large buffered reads; skipped records are
// jumped over by their length (only the header is read and checked).

import { promises as fsp } from 'node:fs';
import { maskedCrc32c } from './crc32c';

/** A record and where its frame starts in its file. */
export interface TfRecord {
  /** The payload. A view that stays valid (buffers are never reused). */
  readonly data: Uint8Array;
  /** Byte offset of the record's frame (its length field) in the file. */
  readonly offset: number;
}

/** A record whose framing or checksum is wrong; names the file and byte offset. */
export class CorruptRecordError extends Error {
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`${file}: corrupt TFRecord at byte offset ${offset}: ${reason}. The shard is damaged or was not fully written; re-create the dataset (e.g. \`bv data prepare NAME\` or \`tfds build NAME\`).`);
    this.name = 'CorruptRecordError';
  }
}

/** Options of `readTfRecords`. */
export interface ReadTfRecordsOptions {
  /** Records to skip first (their data is not read). */
  skip?: number;
  /** Records to yield at most (default: all). */
  take?: number;
  /** Read-ahead size in bytes (default 1 MiB). */
  chunkSize?: number;
}

const HEADER = 12;
const FOOTER = 4;

/** Yields the records of one TFRecord file, verifying both checksums of each. */
export async function* readTfRecords(file: string, options: ReadTfRecordsOptions = {}): AsyncGenerator<TfRecord> {
  const chunkSize = options.chunkSize ?? 1 << 20;
  let skip = options.skip ?? 0;
  let take = options.take ?? Infinity;
  if (take <= 0) return;
  const fh = await fsp.open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    let buf = Buffer.alloc(0);
    let bufStart = 0; // file offset of buf[0]
    let pos = 0; // file offset of the next frame
    // Makes buf cover [pos, pos + n) (or up to the end of the file), reading at least `ahead` bytes.
    const ensure = async (n: number, ahead = chunkSize): Promise<void> => {
      if (pos >= bufStart && pos + n <= bufStart + buf.length) return;
      const want = Math.min(Math.max(n, ahead), size - pos);
      const next = Buffer.allocUnsafe(Math.max(want, 0));
      // Keep the overlap already read, then read the rest from the file.
      const keepFrom = pos - bufStart;
      let have = 0;
      if (keepFrom >= 0 && keepFrom < buf.length) have = buf.copy(next, 0, keepFrom, Math.min(buf.length, keepFrom + want));
      while (have < want) {
        const { bytesRead } = await fh.read(next, have, want - have, pos + have);
        if (bytesRead === 0) break;
        have += bytesRead;
      }
      buf = next.subarray(0, have);
      bufStart = pos;
    };
    while (pos < size && take > 0) {
      const offset = pos;
      if (size - pos < HEADER) throw new CorruptRecordError(file, offset, `truncated header: ${size - pos} bytes left, a frame needs ${HEADER}`);
      // While skipping, read just the header: the data is jumped over.
      await ensure(HEADER, skip > 0 ? HEADER : chunkSize);
      const h = pos - bufStart;
      const lo = buf.readUInt32LE(h);
      const hi = buf.readUInt32LE(h + 4);
      if (maskedCrc32c(buf, h, h + 8) !== buf.readUInt32LE(h + 8)) throw new CorruptRecordError(file, offset, 'length checksum mismatch');
      const length = hi * 2 ** 32 + lo;
      const end = offset + HEADER + length + FOOTER;
      if (end > size) throw new CorruptRecordError(file, offset, `record of ${length} bytes runs past the end of the file (${size} bytes)`);
      if (skip > 0) {
        skip--;
        pos = end;
        continue;
      }
      pos = offset + HEADER;
      await ensure(length + FOOTER);
      const d = pos - bufStart;
      if (maskedCrc32c(buf, d, d + length) !== buf.readUInt32LE(d + length)) throw new CorruptRecordError(file, offset, 'data checksum mismatch');
      yield { data: buf.subarray(d, d + length), offset };
      take--;
      pos = end;
    }
  } finally {
    await fh.close();
  }
}

/** The framed bytes of one record. */
export function frameTfRecord(data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(HEADER + data.length + FOOTER);
  out.writeUInt32LE(data.length >>> 0, 0);
  out.writeUInt32LE(Math.floor(data.length / 2 ** 32), 4);
  out.writeUInt32LE(maskedCrc32c(out, 0, 8), 8);
  out.set(data, HEADER);
  out.writeUInt32LE(maskedCrc32c(data), HEADER + data.length);
  return out;
}

/** Writes records to a TFRecord file in order; call `close()` to flush. */
export class TfRecordWriter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes written so far (frames included). */
  bytesWritten = 0;
  /** Payload bytes written so far (what TFDS records as a split's numBytes). */
  payloadBytes = 0;

  private constructor(private readonly fh: fsp.FileHandle) {}

  /** Creates (or truncates) `file`. */
  static async open(file: string): Promise<TfRecordWriter> {
    return new TfRecordWriter(await fsp.open(file, 'w'));
  }

  /** Appends one record. */
  async write(data: Uint8Array): Promise<void> {
    const frame = frameTfRecord(data);
    this.pending.push(frame);
    this.pendingBytes += frame.length;
    this.bytesWritten += frame.length;
    this.payloadBytes += data.length;
    if (this.pendingBytes >= 1 << 20) await this.flush();
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    await this.flush();
    await this.fh.close();
  }

  private async flush(): Promise<void> {
    if (!this.pending.length) return;
    const all = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    await this.fh.write(all, 0, all.length);
  }
}
