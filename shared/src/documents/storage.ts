import { createReadStream } from 'node:fs';
import { link, mkdir, readdir, readFile, rm, rmdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Readable } from 'node:stream';
import { type DocumentContentType } from './content';

/** What is stored beside a document's bytes: the type read from its content, its size and digest. */
export interface StoredMeta {
  readonly contentType: DocumentContentType;
  readonly size: number;
  /** Hex SHA-256 of the bytes. */
  readonly sha256: string;
  /**
   * The subgraph whose upload route stored it (trucking, service): the subgraphs share one storage,
   * and each one's sweep of unattached uploads removes only its own. Absent on other objects (archives).
   */
  readonly owner?: string;
}

/**
 * Where documents' bytes live. Keys are always `storageKey(tenantId, objectId)`: ids the server
 * made, never a client's file name, so a tenant cannot reach outside its own prefix.
 */
export interface DocumentStorage {
  readonly kind: 'local' | 's3';
  /** Stores `bytes` under a new key; never overwrites. */
  put(key: string, bytes: Uint8Array, meta: StoredMeta): Promise<void>;
  /** What is stored under `key`, or null. */
  head(key: string): Promise<StoredMeta | null>;
  /** The bytes under `key` as a stream, with their meta, or null. */
  read(key: string): Promise<{ meta: StoredMeta; body: Readable } | null>;
  /**
   * The keys of every whole object (its meta written), of one tenant (its export, its erasure and the
   * sweep that proves it) or, without a tenant, of all (the sweep of unattached uploads).
   */
  list(tenantId?: string): AsyncIterable<string>;
  /** Removes the object under `key` (and its meta); nothing to remove is not an error. */
  remove(key: string): Promise<void>;
}

const SEGMENT = /^[a-f0-9]{24}$/;

/** The key of an object of a tenant: `<tenantId>/<objectId>`, both ObjectId hex (anything else throws). */
export function storageKey(tenantId: string, objectId: string): string {
  if (!SEGMENT.test(tenantId) || !SEGMENT.test(objectId)) throw new Error('storage keys are made of ObjectId hex strings');
  return `${tenantId}/${objectId}`;
}

const checkKey = (key: string): string => {
  const parts = key.split('/');
  return storageKey(parts.length === 2 ? (parts[0] ?? '') : '', parts[1] ?? '');
};

const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * The embedded default: files under `root` (`.data/documents`), `<tenantId>/<objectId>` with its
 * meta beside it in `<objectId>.json`. Written to a temporary name and linked into place, so a reader
 * never sees half a file and nothing is overwritten.
 */
export function localStorage(root: string): DocumentStorage {
  const file = (key: string) => path.join(root, ...checkKey(key).split('/'));
  return {
    kind: 'local',
    async put(key, bytes, meta) {
      const target = file(key);
      await mkdir(path.dirname(target), { recursive: true });
      // A key is written once: `link` fails on an existing target where `rename` would replace it.
      // The meta last, so an object is readable (head, read) only when whole.
      await writeFile(`${target}.part`, bytes, { flag: 'wx' });
      try {
        await link(`${target}.part`, target);
      } finally {
        await unlink(`${target}.part`);
      }
      await writeFile(`${target}.json`, JSON.stringify(meta), { flag: 'wx' });
    },
    async head(key) {
      try {
        return JSON.parse(await readFile(`${file(key)}.json`, 'utf8')) as StoredMeta;
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    async read(key) {
      const meta = await this.head(key);
      if (!meta) return null;
      return { meta, body: createReadStream(file(key)) };
    },
    async *list(tenantId) {
      const entries = async (dir: string) => {
        try {
          return await readdir(dir, { withFileTypes: true });
        } catch (error) {
          if (isMissing(error)) return [];
          throw error;
        }
      };
      const tenants = tenantId
        ? [storageKey(tenantId, '0'.repeat(24)).split('/')[0]!]
        : (await entries(root)).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
      for (const tenant of tenants.filter((name) => SEGMENT.test(name)).sort()) {
        const names = (await entries(path.join(root, tenant))).filter((entry) => entry.isFile()).map((entry) => entry.name);
        // An object is whole once its meta is written (put); a `.part` left by a crash is no object.
        for (const name of names.sort()) if (name.endsWith('.json') && SEGMENT.test(name.slice(0, -5))) yield storageKey(tenant, name.slice(0, -5));
      }
    },
    async remove(key) {
      const target = file(key);
      // The meta first: an object without it is no longer listed, so a removal cut short is finished by the next one.
      await rm(`${target}.json`, { force: true });
      await rm(target, { force: true });
      await rmdir(path.dirname(target)).catch(() => undefined);
    },
  };
}

/** The options of S3-compatible storage (AWS S3, MinIO, R2...). Credentials come from the SDK's usual chain (AWS_ACCESS_KEY_ID, ...). */
export interface S3StorageOptions {
  bucket: string;
  region: string;
  /** A non-AWS endpoint (MinIO: http://127.0.0.1:9000). */
  endpoint?: string;
  forcePathStyle?: boolean;
  /** Prepended to every key (e.g. `documents/`). */
  prefix?: string;
}

/**
 * S3-compatible storage behind the same interface: one object per document, its meta in the
 * object's content type and user metadata. Loaded on first use, so the embedded default never
 * imports the SDK.
 */
export function s3Storage(options: S3StorageOptions): DocumentStorage {
  const prefix = options.prefix ?? '';
  const sdk = import('@aws-sdk/client-s3').then((s3) => ({
    s3,
    client: new s3.S3Client({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.forcePathStyle ? { forcePathStyle: true } : {}),
    }),
  }));
  const metaOf = (head: { ContentType?: string | undefined; ContentLength?: number | undefined; Metadata?: Record<string, string> | undefined }): StoredMeta => ({
    contentType: head.ContentType as DocumentContentType,
    size: head.ContentLength ?? 0,
    sha256: head.Metadata?.['sha256'] ?? '',
    ...(head.Metadata?.['owner'] ? { owner: head.Metadata['owner'] } : {}),
  });
  const notFound = (error: unknown): boolean => {
    const name = (error as { name?: string }).name;
    return name === 'NotFound' || name === 'NoSuchKey';
  };
  return {
    kind: 's3',
    async put(key, bytes, meta) {
      const { s3, client } = await sdk;
      await client.send(
        new s3.PutObjectCommand({
          Bucket: options.bucket,
          Key: prefix + checkKey(key),
          Body: bytes,
          ContentType: meta.contentType,
          ContentLength: meta.size,
          Metadata: { sha256: meta.sha256, ...(meta.owner ? { owner: meta.owner } : {}) },
          // Never overwrite: the key is new, a second write of it is a bug.
          IfNoneMatch: '*',
        }),
      );
    },
    async head(key) {
      const { s3, client } = await sdk;
      try {
        return metaOf(await client.send(new s3.HeadObjectCommand({ Bucket: options.bucket, Key: prefix + checkKey(key) })));
      } catch (error) {
        if (notFound(error)) return null;
        throw error;
      }
    },
    async read(key) {
      const { s3, client } = await sdk;
      try {
        const object = await client.send(new s3.GetObjectCommand({ Bucket: options.bucket, Key: prefix + checkKey(key) }));
        return { meta: metaOf(object), body: object.Body as Readable };
      } catch (error) {
        if (notFound(error)) return null;
        throw error;
      }
    },
    async *list(tenantId) {
      const { s3, client } = await sdk;
      const folder = tenantId ? `${prefix}${storageKey(tenantId, '0'.repeat(24)).split('/')[0]!}/` : prefix;
      let token: string | undefined;
      do {
        const page = await client.send(new s3.ListObjectsV2Command({ Bucket: options.bucket, Prefix: folder, ...(token ? { ContinuationToken: token } : {}) }));
        for (const object of page.Contents ?? []) {
          const [tenant, id, ...rest] = (object.Key ?? '').slice(prefix.length).split('/');
          if (rest.length === 0 && SEGMENT.test(tenant ?? '') && SEGMENT.test(id ?? '')) yield storageKey(tenant!, id!);
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
    async remove(key) {
      const { s3, client } = await sdk;
      // S3 answers a delete of a missing key with success.
      await client.send(new s3.DeleteObjectCommand({ Bucket: options.bucket, Key: prefix + checkKey(key) }));
    },
  };
}
