import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/domain-error';
import { makeTenantContext } from '../testing/tenants';
import { sniffContentType } from './content';
import { createDocuments, documentLink, findUpload, storeUpload, type Documents } from './documents';
import { HTML, JPEG, PDF, PNG, SVG, WEBP } from './fixtures';
import { signDocumentLink, verifyDocumentLink } from './links';
import { localStorage, storageKey } from './storage';
import { sweepUnattachedUploads, uploadedAt } from './sweep';

const SECRET = 'a-test-secret-of-at-least-thirty-two-chars';
const hex = () => new mongoose.Types.ObjectId().toHexString();

async function documentsIn(maxBytes = 1_000): Promise<Documents> {
  const dir = await mkdtemp(path.join(tmpdir(), 'documents-'));
  return createDocuments({
    DOCUMENT_STORAGE: 'local',
    DOCUMENT_STORAGE_DIR: dir,
    DOCUMENT_S3_REGION: 'us-east-1',
    DOCUMENT_S3_FORCE_PATH_STYLE: 'false',
    DOCUMENT_S3_PREFIX: '',
    DOCUMENT_MAX_BYTES: maxBytes,
    DOCUMENT_LINK_SECRET: SECRET,
    DOCUMENT_LINK_TTL_SECONDS: 300,
  })!;
}

describe('content types, read from the bytes', () => {
  it('accepts PDF, JPEG, PNG and WebP', async () => {
    expect(await sniffContentType(PDF)).toBe('application/pdf');
    expect(await sniffContentType(JPEG)).toBe('image/jpeg');
    expect(await sniffContentType(PNG)).toBe('image/png');
    expect(await sniffContentType(WEBP)).toBe('image/webp');
  });

  it('refuses SVG, HTML, text and anything unknown', async () => {
    for (const bytes of [SVG, HTML, Buffer.from('hello'), Buffer.alloc(100)]) expect(await sniffContentType(bytes)).toBeNull();
  });
});

describe('download links', () => {
  const claims = { tenantId: hex(), documentId: hex(), expires: 1_800_000_000 };
  const before = new Date((claims.expires - 1) * 1000);

  it('verifies its own signature until the expiry, and not at it', () => {
    const signature = signDocumentLink(SECRET, claims);
    expect(verifyDocumentLink(SECRET, claims, signature, before)).toBe('valid');
    expect(verifyDocumentLink(SECRET, claims, signature, new Date(claims.expires * 1000))).toBe('expired');
  });

  it('calls forged a link of another tenant, another document, a moved expiry or another key', () => {
    const signature = signDocumentLink(SECRET, claims);
    expect(verifyDocumentLink(SECRET, { ...claims, tenantId: hex() }, signature, before)).toBe('forged');
    expect(verifyDocumentLink(SECRET, { ...claims, documentId: hex() }, signature, before)).toBe('forged');
    // A later expiry written by hand is forged, never merely expired or valid.
    expect(verifyDocumentLink(SECRET, { ...claims, expires: claims.expires + 3600 }, signature, before)).toBe('forged');
    expect(verifyDocumentLink(`${SECRET}-other`, claims, signature, before)).toBe('forged');
    expect(verifyDocumentLink(SECRET, claims, 'not-a-signature', before)).toBe('forged');
  });

  it('is relative to the API, names the tenant by slug and expires after the configured time', async () => {
    const documents = await documentsIn();
    const tenant = makeTenantContext({ appType: 'trucking' });
    const id = hex();
    const now = new Date('2026-01-01T00:00:00Z');
    const link = documentLink(documents, tenant, id, now);
    expect(link.expiresAt.toISOString()).toBe('2026-01-01T00:05:00.000Z');
    const url = new URL(link.url, 'http://api');
    expect(url.pathname).toBe(`/api/v1/documents/${tenant.slug}/${id}`);
    const expires = Number(url.searchParams.get('expires'));
    expect(verifyDocumentLink(SECRET, { tenantId: tenant.tenantId, documentId: id, expires }, url.searchParams.get('signature')!, now)).toBe('valid');
  });
});

describe('local storage', () => {
  it('keeps an object under the tenant and its id, with its meta, and never overwrites', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'storage-'));
    const storage = localStorage(dir);
    const tenant = hex();
    const key = storageKey(tenant, hex());
    await storage.put(key, Buffer.from('one'), { contentType: 'application/pdf', size: 3, sha256: 'x' });
    expect(await storage.head(key)).toEqual({ contentType: 'application/pdf', size: 3, sha256: 'x' });
    expect(await text((await storage.read(key))!.body)).toBe('one');
    await expect(storage.put(key, Buffer.from('two'), { contentType: 'application/pdf', size: 3, sha256: 'y' })).rejects.toThrow();
    expect(await text((await storage.read(key))!.body)).toBe('one');
    expect(await readdir(path.join(dir, tenant))).toHaveLength(2);
    expect(await storage.head(storageKey(tenant, hex()))).toBeNull();
  });

  it('takes only keys made of ids: no path of a client reaches the disk', async () => {
    const storage = localStorage(await mkdtemp(path.join(tmpdir(), 'storage-')));
    for (const key of ['../../etc/passwd', `${hex()}/../${hex()}`, `${hex()}/name.pdf`, `${hex()}/${hex()}/x`, hex()]) {
      await expect(storage.head(key)).rejects.toThrow(/ObjectId/);
    }
    expect(() => storageKey('..', hex())).toThrow();
  });
});

describe('storeUpload', () => {
  it('stores an accepted file under a new id of the tenant, with its type, size and digest', async () => {
    const documents = await documentsIn();
    const tenant = makeTenantContext({ appType: 'trucking' });
    const upload = await storeUpload(documents, tenant, PNG);
    expect(upload).toMatchObject({ contentType: 'image/png', size: PNG.length });
    expect(upload.sha256).toMatch(/^[a-f0-9]{64}$/);
    expect(await findUpload(documents, tenant, upload.id)).toEqual(upload);
  });

  it("never finds another tenant's upload, nor a malformed id", async () => {
    const documents = await documentsIn();
    const tenant = makeTenantContext({ appType: 'trucking' });
    const upload = await storeUpload(documents, tenant, PDF);
    expect(await findUpload(documents, makeTenantContext({ appType: 'trucking' }), upload.id)).toBeNull();
    expect(await findUpload(documents, tenant, '../x')).toBeNull();
  });

  it('refuses an empty, an oversized or a disallowed file with BAD_USER_INPUT, storing nothing', async () => {
    const documents = await documentsIn(200);
    const tenant = makeTenantContext({ appType: 'trucking' });
    for (const bytes of [Buffer.alloc(0), Buffer.concat([PDF, Buffer.alloc(200)]), SVG, HTML]) {
      const error = await storeUpload(documents, tenant, bytes).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('BAD_USER_INPUT');
    }
  });

  it('is off without a link secret', () => {
    expect(
      createDocuments({
        DOCUMENT_STORAGE: 'local',
        DOCUMENT_STORAGE_DIR: '.data/documents',
        DOCUMENT_S3_REGION: 'us-east-1',
        DOCUMENT_S3_FORCE_PATH_STYLE: 'false',
        DOCUMENT_S3_PREFIX: '',
        DOCUMENT_MAX_BYTES: 1_000,
        DOCUMENT_LINK_TTL_SECONDS: 300,
      }),
    ).toBeNull();
  });
});

describe('the sweep of unattached uploads', () => {
  const NOW = new Date('2026-03-02T12:00:00Z');
  /** An upload of `owner`'s route (none: another kind of object) stored `hoursAgo` before NOW (its id carries the time). */
  async function storedAt(documents: Documents, tenantId: string, hoursAgo: number, owner: string | null = 'trucking'): Promise<string> {
    const id = mongoose.Types.ObjectId.createFromTime(Math.floor(NOW.getTime() / 1000) - hoursAgo * 3600).toHexString();
    await documents.storage.put(storageKey(tenantId, id), PNG, { contentType: 'image/png', size: PNG.length, sha256: 'x', ...(owner ? { owner } : {}) });
    return id;
  }

  it("removes its own uploads older than a day that no record names, of every tenant; keeps the rest and other subgraphs' files", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'documents-'));
    const documents = { ...(await documentsIn()), storage: localStorage(dir) };
    const [a, b] = [hex(), hex()];
    const oldAttached = await storedAt(documents, a, 30);
    const oldLoose = await storedAt(documents, a, 25);
    const fresh = await storedAt(documents, a, 23);
    const otherLoose = await storedAt(documents, b, 48);
    // The subgraphs share the storage: another one's upload and an archive (no owner) are not this sweep's.
    const serviceUpload = await storedAt(documents, a, 50, 'service');
    const archive = await storedAt(documents, b, 50, null);
    const asked: [string, string[]][] = [];
    const result = await sweepUnattachedUploads(documents, {
      now: NOW,
      owner: 'trucking',
      attached: async (tenantId, ids) => {
        asked.push([tenantId, [...ids].sort()]);
        return new Set(ids.filter((id) => id === oldAttached));
      },
    });

    expect(result).toEqual({ scanned: 6, removed: 2 });
    expect(asked.sort()).toEqual(
      [
        [a, [oldAttached, oldLoose].sort()],
        [b, [otherLoose]],
      ].sort(),
    );
    for (const [tenantId, id, kept] of [
      [a, oldAttached, true],
      [a, fresh, true],
      [a, oldLoose, false],
      [b, otherLoose, false],
      [a, serviceUpload, true],
      [b, archive, true],
    ] as const) {
      expect(await findUpload(documents, { tenantId }, id), id).toEqual(kept ? expect.objectContaining({ id }) : null);
    }
    // Nothing of a removed upload is left on disk; a second sweep finds nothing more to do.
    const files = (await readdir(dir, { recursive: true })).filter((f) => f.includes('/')).sort();
    const kept = [`${a}/${fresh}`, `${a}/${oldAttached}`, `${a}/${serviceUpload}`, `${b}/${archive}`];
    expect(files).toEqual(kept.flatMap((key) => [key, `${key}.json`]).sort());
    expect(await sweepUnattachedUploads(documents, { now: NOW, owner: 'trucking', attached: async (_t, ids) => new Set(ids) })).toEqual({ scanned: 4, removed: 0 });
  });

  it("reads an upload's time from its id", () => {
    const id = mongoose.Types.ObjectId.createFromTime(1_700_000_000).toHexString();
    expect(uploadedAt(id)).toEqual(new Date(1_700_000_000_000));
  });
});
