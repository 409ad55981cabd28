/**
 * A fake Cloud Storage JSON API for tests: an HTTP server over a local folder, `<root>/<bucket>/<object path>`,
 * answering what `@google-cloud/storage` asks when `bv tpu run` tails a gs:// workdir: an object's metadata
 * (`GET /storage/v1/b/B/o/O`) and its bytes (`?alt=media`, with `Range: bytes=a-b` and `generation=`). Like GCS, an
 * object has a generation that changes whenever it is replaced; the fake notices a replacement by the file's
 * inode, size and times, so writers should replace files (write, then rename), as GCS replaces objects. A read of a
 * generation that is no longer current gets 404, as it does from a bucket without versioning. Requests need the
 * static bearer token. Every request is kept in `requests` for tests to check what was read.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

export interface FakeGcsRequest {
  method: string;
  bucket: string;
  object: string;
  media: boolean;
  range?: string;
  generation?: string;
}

interface Known {
  signature: string;
  generation: bigint;
}

export class FakeGcs {
  readonly requests: FakeGcsRequest[] = [];
  private readonly known = new Map<string, Known>();
  private next = BigInt(Date.now()) * 1000n;

  private constructor(private readonly server: http.Server, readonly root: string, readonly token: string) {}

  static async start(root: string, token = `fake-gcs-token-${process.pid}`): Promise<FakeGcs> {
    const server = http.createServer();
    const fake = new FakeGcs(server, root, token);
    server.on('request', (req, res) => fake.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** What a client needs to reach this fake. */
  env(): Record<string, string> {
    return { BV_GCS_API_ENDPOINT: this.url, BV_TPU_ACCESS_TOKEN: this.token };
  }

  /** The local file behind `gs://bucket/object`. */
  file(bucket: string, object: string): string {
    return path.join(this.root, bucket, ...object.split('/'));
  }

  /** The object's generation as of `st` (a new one when the file was replaced since last seen). */
  private generationOf(key: string, st: fs.Stats): bigint {
    const signature = `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
    const k = this.known.get(key);
    if (k && k.signature === signature) return k.generation;
    const generation = (this.next += 1n);
    this.known.set(key, { signature, generation });
    return generation;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const m = /^\/storage\/v1\/b\/([^/]+)\/o\/(.+)$/.exec(url.pathname);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const error = (status: number, message: string) => send(status, { error: { code: status, message, errors: [{ message, reason: status === 404 ? 'notFound' : 'invalid' }] } });
    if (req.headers.authorization !== `Bearer ${this.token}`) return error(401, 'Anonymous caller does not have storage.objects.get access.');
    if (req.method !== 'GET' || !m) return error(400, `the fake GCS answers object reads only, not ${req.method} ${url.pathname}`);
    const bucket = decodeURIComponent(m[1]);
    const object = decodeURIComponent(m[2]);
    const media = url.searchParams.get('alt') === 'media';
    const wanted = url.searchParams.get('generation') ?? undefined;
    const range = req.headers.range;
    this.requests.push({ method: req.method, bucket, object, media, ...(range ? { range } : {}), ...(wanted ? { generation: wanted } : {}) });
    let fd: number;
    try {
      fd = fs.openSync(this.file(bucket, object), 'r');
    } catch {
      return error(404, `No such object: ${bucket}/${object}`);
    }
    try {
      // One open file: its stat and its bytes are of the same version, even if it is replaced meanwhile.
      const st = fs.fstatSync(fd);
      if (!st.isFile()) return error(404, `No such object: ${bucket}/${object}`);
      const generation = this.generationOf(`${bucket}/${object}`, st);
      if (wanted !== undefined && BigInt(wanted) !== generation) return error(404, `No such object: ${bucket}/${object}#${wanted}`);
      if (!media) {
        return send(200, {
          kind: 'storage#object', id: `${bucket}/${object}/${generation}`, name: object, bucket, generation: String(generation), metageneration: '1',
          size: String(st.size), contentType: 'application/octet-stream', updated: st.mtime.toISOString(), storageClass: 'STANDARD',
        });
      }
      let start = 0;
      let end = st.size - 1;
      const r = range ? /^bytes=(\d+)-(\d*)$/.exec(range) : null;
      if (range && !r) return error(400, `unsupported Range ${range}`);
      if (r) {
        start = Number(r[1]);
        if (r[2]) end = Math.min(end, Number(r[2]));
        if (start >= st.size) {
          res.writeHead(416, { 'content-range': `bytes */${st.size}` });
          res.end();
          return;
        }
      }
      const body = Buffer.alloc(Math.max(0, end - start + 1));
      if (body.length) fs.readSync(fd, body, 0, body.length, start);
      const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/octet-stream', 'content-length': body.length, 'x-goog-generation': String(generation), 'x-goog-stored-content-encoding': 'identity' };
      if (r) headers['content-range'] = `bytes ${start}-${end}/${st.size}`;
      res.writeHead(r ? 206 : 200, headers);
      res.end(body);
    } finally {
      fs.closeSync(fd);
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Replaces `file` with `text` as a GCS object is replaced: written beside it, then renamed over it. */
export function replaceObject(file: string, text: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}
