/**
 * The few Cloud Storage calls the launcher makes, on `@google-cloud/storage` (the only file that imports it): an
 * object's generation and size, and a byte range of one generation. Credentials are the TPU provider's:
 * application-default credentials, or the static `BV_TPU_ACCESS_TOKEN`; `BV_GCS_API_ENDPOINT=http://HOST:PORT` points
 * it at another JSON API endpoint (tests, private endpoints), as `BV_TPU_API_ENDPOINT` does for the TPU API.
 */
import { Storage } from '@google-cloud/storage';
import { authClient } from '../providers/googleAuth';

export const GCS_ENDPOINT_ENV = 'BV_GCS_API_ENDPOINT';

/** One generation of an object: GCS objects are replaced whole, each time with a new generation. */
export interface ObjectVersion {
  generation: string;
  size: number;
}

export interface ObjectStore {
  /** The object's current generation and size; undefined when there is no such object. */
  stat(bucket: string, name: string): Promise<ObjectVersion | undefined>;
  /** Bytes [start, end) of one generation; undefined when that generation is gone (replaced meanwhile). */
  read(bucket: string, name: string, version: ObjectVersion, start: number, end: number): Promise<Buffer | undefined>;
}

function notFound(err: unknown): boolean {
  return (err as { code?: unknown }).code === 404;
}

export class GcsObjectStore implements ObjectStore {
  constructor(private readonly storage: Storage) {}

  async stat(bucket: string, name: string): Promise<ObjectVersion | undefined> {
    try {
      const [meta] = await this.storage.bucket(bucket).file(name).getMetadata();
      return { generation: String(meta.generation), size: Number(meta.size ?? 0) };
    } catch (err) {
      if (notFound(err)) return undefined;
      throw err;
    }
  }

  async read(bucket: string, name: string, version: ObjectVersion, start: number, end: number): Promise<Buffer | undefined> {
    if (end <= start) return Buffer.alloc(0);
    try {
      // Pinned to the generation whose size we know: a replacement in between cannot tear the read.
      const file = this.storage.bucket(bucket).file(name, { generation: Number(version.generation) });
      const [data] = await file.download({ start, end: end - 1, validation: false, decompress: false });
      return data;
    } catch (err) {
      if (notFound(err)) return undefined;
      throw err;
    }
  }
}

/** The store `bv tpu run` reads gs:// workdirs with. */
export async function gcsObjectStore(env: NodeJS.ProcessEnv = process.env): Promise<ObjectStore> {
  const endpoint = env[GCS_ENDPOINT_ENV]?.trim();
  const storage = new Storage({
    authClient: await authClient(env),
    // Another endpoint gets the same credentials (the client leaves them out there unless told).
    ...(endpoint ? { apiEndpoint: endpoint, useAuthWithCustomEndpoint: true } : {}),
    // A tail polls again soon: a failed poll is reported and retried then, not held up for minutes here.
    retryOptions: { maxRetries: 2, maxRetryDelay: 4, totalTimeout: 30 },
  });
  return new GcsObjectStore(storage);
}
