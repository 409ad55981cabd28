/**
 * Follows one object of a gs:// workdir into a local file by polling. GCS objects are not appended to but
 * replaced, each time with a new generation, so each poll asks for the generation and size; when the object
 * changed, only the bytes past what the copy holds are read (a ranged read of that generation), starting at the
 * last line read so the read shows the new object still holds it where it was. An object that shrank or
 * no longer holds it is read again whole. Only complete lines reach the copy: a torn last line waits for the
 * generation that completes it. A missing object is waited for.
 */
import type { ObjectStore, ObjectVersion } from './objectStore';

/** At most this many bytes (the last line read) are read again to check that the object extends what was read. */
const OVERLAP = 4096;

/** Where complete lines go: appended, or the whole copy replaced. */
export interface LineSink {
  append(text: string): void;
  replace(text: string): void;
}

export class ObjectTail {
  private version?: ObjectVersion;
  /** Bytes of the object (up to the last complete line) the copy holds. */
  private offset = 0;
  /** The last line of those, to check the next generation against. */
  private seen = Buffer.alloc(0);
  /** Whole re-reads so far (after the first read). */
  rereads = 0;

  constructor(private readonly store: ObjectStore, readonly bucket: string, readonly name: string, private readonly sink: LineSink) {}

  /** Bytes of the object the copy holds. */
  get bytes(): number {
    return this.offset;
  }

  /** One poll; resolves to whether the copy changed. */
  async poll(): Promise<boolean> {
    const v = await this.store.stat(this.bucket, this.name);
    if (!v || (this.version && v.generation === this.version.generation)) return false;
    if (!this.version || v.size < this.offset) return this.readWhole(v);
    const from = this.offset - this.seen.length;
    const data = await this.store.read(this.bucket, this.name, v, from, v.size);
    if (!data) return false; // replaced while we read: the next poll sees the newer one
    if (!data.subarray(0, this.seen.length).equals(this.seen)) return this.readWhole(v);
    const fresh = data.subarray(this.seen.length);
    const end = fresh.lastIndexOf(0x0a) + 1;
    this.version = v;
    if (!end) return false;
    this.take(fresh.subarray(0, end));
    this.sink.append(fresh.subarray(0, end).toString('utf8'));
    return true;
  }

  private async readWhole(v: ObjectVersion): Promise<boolean> {
    const data = await this.store.read(this.bucket, this.name, v, 0, v.size);
    if (!data) return false;
    if (this.version) this.rereads++;
    const end = data.lastIndexOf(0x0a) + 1;
    this.version = v;
    this.offset = 0;
    this.seen = Buffer.alloc(0);
    this.take(data.subarray(0, end));
    this.sink.replace(data.subarray(0, end).toString('utf8'));
    return true;
  }

  private take(bytes: Buffer): void {
    this.offset += bytes.length;
    const all = Buffer.concat([this.seen, bytes]);
    const lineStart = all.lastIndexOf(0x0a, all.length - 2) + 1;
    this.seen = Buffer.from(all.subarray(Math.max(lineStart, all.length - OVERLAP)));
  }
}
