import { type Writable } from 'node:stream';
import { ObjectId, type Document } from 'mongodb';
import { DomainError } from '../../errors/domain-error';
import { summarizeChain } from './audit';
import { tenantDatabases } from './databases';
import { ArchiveWriter } from './archive';
import { archiveLine, CollectionChecksum } from './canonical';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, ENTRY, type Manifest } from './manifest';
import { exportRule, ownerFilter, TENANT_EXPORTS_COLLECTION } from './rules';
import { batchSizeOf, say, tenantCollections, type PortabilityOptions } from './scope';

const CHUNK_BYTES = 4 * 1024 * 1024;

export const REDACTED = [
  'webhook endpoints: signing secret removed, exported switched off (the owner sets a new secret)',
  'API clients: secret hash removed, exported revoked (the owner issues a new secret)',
  'sign-in data (password hashes, sessions, tokens) not exported: imported users set a password again',
  "the audit chain's head document not exported: its seq and hash are the manifest's audit.head",
];

/** The tenant record (core's `customers`) by id, or NOT_FOUND. */
export async function tenantRecord(options: PortabilityOptions, tenantId: string): Promise<Document> {
  const record = await options.core.collection('customers').findOne({ _id: new ObjectId(tenantId) });
  if (!record) throw new DomainError('NOT_FOUND', 'No such tenant.');
  return record;
}

/**
 * Streams every document of the tenant from every collection of every database, and its stored
 * files, into a tar.gz on `out` (archive.ts, manifest.ts); returns the manifest it ends with.
 * Memory stays at one chunk (a few MB) whatever the tenant's size.
 */
export async function exportTenant(options: PortabilityOptions, tenantId: string, out: Writable): Promise<Manifest> {
  const record = await tenantRecord(options, tenantId);
  const archive = new ArchiveWriter(out);
  try {
    const manifest = await writeArchive(options, tenantId, record, archive);
    await archive.close();
    return manifest;
  } catch (error) {
    archive.abort(error as Error);
    throw error;
  }
}

async function writeArchive(options: PortabilityOptions, tenantId: string, record: Document, archive: ArchiveWriter): Promise<Manifest> {
  const exportedAt = new Date().toISOString();
  await archive.add(ENTRY.tenant, archiveLine(record));
  const collections: Manifest['collections'] = [];
  for (const { database, db, collection } of await tenantCollections(options, tenantId)) {
    const rule = exportRule(database, collection);
    if (!rule.exported) continue;
    const checksum = new CollectionChecksum(tenantId, rule.sealed);
    let chunk: string[] = [];
    let chunkBytes = 0;
    let chunks = 0;
    const flush = async () => {
      if (chunk.length === 0) return;
      chunks += 1;
      await archive.add(ENTRY.chunk(database, collection, chunks), `${chunk.join('\n')}\n`);
      chunk = [];
      chunkBytes = 0;
    };
    const cursor = db.collection(collection).find(ownerFilter(database, tenantId)).sort({ _id: 1 }).batchSize(batchSizeOf(options));
    for await (const found of cursor) {
      const doc = rule.redact ? rule.redact(found) : found;
      checksum.add(doc);
      const line = archiveLine(doc);
      chunk.push(line);
      chunkBytes += line.length;
      if (chunkBytes >= CHUNK_BYTES || chunk.length >= batchSizeOf(options)) await flush();
    }
    await flush();
    const { count, sha256 } = checksum.digest();
    if (count === 0) continue;
    collections.push({ database, collection, count, sha256, ...(rule.importAs ? { importAs: rule.importAs } : {}) });
    say(options, `exported ${database}/${collection}: ${count}`);
  }

  const files: Manifest['files'] = [];
  if (options.storage) {
    // The tenant's earlier archives sit in its file storage too: not files of its own.
    const archives = new Set(
      (
        await options.core
          .collection(TENANT_EXPORTS_COLLECTION)
          .find({ parentCompany: new ObjectId(tenantId) }, { projection: { _id: 1 } })
          .toArray()
      ).map((doc) => String(doc._id)),
    );
    for await (const key of options.storage.list(tenantId)) {
      if (archives.has(key.split('/')[1]!)) continue;
      const object = await options.storage.read(key);
      if (!object) continue;
      const id = key.split('/')[1]!;
      await archive.addStream(ENTRY.file(id), object.meta.size, object.body);
      await archive.add(ENTRY.fileMeta(id), JSON.stringify(object.meta));
      files.push({ id, size: object.meta.size, sha256: object.meta.sha256 });
    }
    if (files.length) say(options, `exported files: ${files.length}`);
  }

  const auditDb = (await tenantDatabases(options.core, { id: tenantId })).find((database) => database.subgraph === 'audit')!.db;
  const chain = await summarizeChain(auditDb, 'auditEvents', tenantId, tenantId);
  // The head document is where the chain ends (a deleted newest event shows against it).
  const head = await auditDb.collection('auditHeads').findOne({ _id: new ObjectId(tenantId) as never });
  const verified = chain.verified && (!head || (head['seq'] === chain.head?.seq && head['hash'] === chain.head?.hash));
  const manifest: Manifest = {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    tenant: { id: tenantId, slug: String(record['slug']), name: String(record['name']), appType: String(record['appType']) },
    exportedAt,
    collections,
    files,
    audit: { count: chain.count, head: chain.head, verified },
    redacted: REDACTED,
  };
  await archive.add(ENTRY.manifest, JSON.stringify(manifest, null, 2));
  return manifest;
}
