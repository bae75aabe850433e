import { createHash } from 'node:crypto';
import { ObjectId, type Db, type Document } from 'mongodb';
import { DomainError } from '../../errors/domain-error';
import { storageKey, type StoredMeta } from '../../documents/storage';
import { readArchive } from './archive';
import { summarizeChain } from './audit';
import { CollectionChecksum, moveToTenant, parseArchiveLine } from './canonical';
import { TENANT_DATABASE_NAMES, tenantDatabases, type TenantDatabaseName } from './databases';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, CHUNK_PATTERN, ENTRY, FILE_PATTERN, manifestSchema, type CollectionEntry, type Manifest } from './manifest';
import { exportRule, isSealed, isSystemCollection, ownerFilter, PROVISIONED } from './rules';
import { say, tenantCollections, type PortabilityOptions } from './scope';
import { tenantRecord } from './export';

export interface ImportReport {
  readonly manifest: Manifest;
  /** Per collection written: where, how many, and the checksum read back (equal to the manifest's). */
  readonly collections: readonly { database: string; collection: string; count: number; sha256: string }[];
  readonly files: number;
  /** The source's audit chain, now the target's archived history: verified against the manifest's head. */
  readonly auditHistory: { count: number; headMatches: boolean };
}

const invalid = (message: string): DomainError => new DomainError('ARCHIVE_INVALID', message);
const keyOf = (database: string, collection: string) => `${database}/${collection}`;

/** What pass 1 learns from the archive: its manifest, its source tenant, and the checksums of what it holds. */
interface ArchiveSummary {
  manifest: Manifest;
  source: Document;
  files: Map<string, { size: number; sha256: string }>;
  /** Each file's stored meta (its content type), as archived. */
  metaById: Map<string, string>;
}

/**
 * Imports the archive at `path` into tenant `targetId`, which must be empty (what provisioning made
 * aside: its owner, its own audit chain and their events). Three passes: the archive is read and
 * checked against its manifest (format, counts, checksums, files) and against the databases
 * (an `_id` already taken, a user's address already taken) before anything is written; then
 * written, `parentCompany` and every mention of the source's id rewritten to the target's; then
 * every collection is read back and its count and checksum compared with the manifest's.
 */
export async function importTenant(options: PortabilityOptions, targetId: string, path: string): Promise<ImportReport> {
  await tenantRecord(options, targetId);
  const databases = new Map((await tenantDatabases(options.core, { id: targetId })).map(({ subgraph, db }) => [subgraph, db]));
  await refuseUnlessEmpty(options, targetId);
  const summary = await checkArchive(options, path, databases, targetId);
  const { manifest } = summary;
  const sourceId = manifest.tenant.id;
  if (sourceId === targetId) throw new DomainError('ID_COLLISION', 'The archive is of this very tenant: import it into another tenant, or erase this one first.');

  // What the target had before (its owner): left out of the read-back.
  const before = new Map<string, Set<string>>();
  for (const entry of manifest.collections) {
    const db = databases.get(entry.database as TenantDatabaseName)!;
    const ids = await db
      .collection(entry.importAs ?? entry.collection)
      .find(ownerFilter(entry.database as TenantDatabaseName, targetId), { projection: { _id: 1 } })
      .toArray();
    before.set(keyOf(entry.database, entry.importAs ?? entry.collection), new Set(ids.map((doc) => String(doc._id))));
  }

  let files = 0;
  for await (const entry of readArchive(path)) {
    const chunk = CHUNK_PATTERN.exec(entry.name);
    if (chunk) {
      const [, database = '', collection = ''] = chunk;
      const target = manifest.collections.find((c) => c.database === database && c.collection === collection);
      if (!target) continue;
      const sealed = isSealed(database as TenantDatabaseName, collection);
      const docs = linesOf(await entry.bytes()).map((line) => moveToTenant(parseArchiveLine(line), sourceId, targetId, sealed));
      await databases
        .get(database as TenantDatabaseName)!
        .collection(target.importAs ?? collection)
        .insertMany(docs, { ordered: true });
      continue;
    }
    const file = FILE_PATTERN.exec(entry.name);
    if (file && !file[2] && options.storage) {
      const id = file[1]!;
      const meta = summary.files.get(id)!;
      const stored = await options.storage.head(storageKey(targetId, id));
      if (!stored) {
        const bytes = await entry.bytes();
        const contentType = (JSON.parse(summary.metaById.get(id) ?? '{}') as Partial<StoredMeta>).contentType;
        await options.storage.put(storageKey(targetId, id), bytes, { contentType: contentType!, size: meta.size, sha256: meta.sha256 });
      }
      files += 1;
    }
  }
  say(options, `written: ${manifest.collections.reduce((n, c) => n + c.count, 0)} documents, ${files} files`);

  const collections: ImportReport['collections'][number][] = [];
  for (const entry of manifest.collections) {
    const written = await readBack(
      databases.get(entry.database as TenantDatabaseName)!,
      entry,
      targetId,
      before.get(keyOf(entry.database, entry.importAs ?? entry.collection))!,
    );
    if (written.count !== entry.count || written.sha256 !== entry.sha256) {
      throw invalid(
        `${entry.database}/${entry.collection}: read back ${written.count} documents (checksum ${written.sha256.slice(0, 12)}), the manifest says ${entry.count} (${entry.sha256.slice(0, 12)}).`,
      );
    }
    collections.push({ database: entry.database, collection: entry.importAs ?? entry.collection, ...written });
    say(options, `verified ${entry.database}/${entry.importAs ?? entry.collection}: ${written.count}`);
  }
  for (const { id, sha256 } of manifest.files) {
    const stored = await options.storage?.head(storageKey(targetId, id));
    if (!stored || stored.sha256 !== sha256) throw invalid(`file ${id}: not stored as the manifest says after the import.`);
  }

  // The configuration the tenant had (its overrides), so the imported data behaves as it did.
  const config = (summary.source['metadata'] as Record<string, unknown> | undefined)?.['config'];
  if (config) await options.core.collection('customers').updateOne({ _id: new ObjectId(targetId) }, { $set: { 'metadata.config': config } });

  const history = await summarizeChain(databases.get('audit')!, 'importedAuditEvents', targetId, sourceId);
  const headMatches = history.count === manifest.audit.count && history.head?.hash === manifest.audit.head?.hash && history.verified === manifest.audit.verified;
  if (!headMatches) throw invalid("the imported audit history does not end at the manifest's head hash.");
  return { manifest, collections, files, auditHistory: { count: history.count, headMatches } };
}

const linesOf = (bytes: Buffer): string[] =>
  bytes
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '');

/** Refuses a target that holds anything beyond what provisioning gave it. */
async function refuseUnlessEmpty(options: PortabilityOptions, targetId: string): Promise<void> {
  const found: string[] = [];
  for (const { database, db, collection } of await tenantCollections(options, targetId)) {
    if (PROVISIONED.has(keyOf(database, collection))) continue;
    if (await db.collection(collection).countDocuments(ownerFilter(database, targetId), { limit: 1 })) found.push(keyOf(database, collection));
  }
  if (options.storage)
    for await (const _key of options.storage.list(targetId)) {
      found.push('files');
      break;
    }
  if (found.length)
    throw new DomainError('TENANT_NOT_EMPTY', `The target tenant already has data (${found.join(', ')}): an archive is imported into an empty tenant only.`);
}

/** Pass 1: reads the whole archive, nothing written; refuses what does not match its manifest or would collide. */
async function checkArchive(options: PortabilityOptions, path: string, databases: Map<TenantDatabaseName, Db>, targetId: string): Promise<ArchiveSummary> {
  let source: Document | null = null;
  let manifest: Manifest | null = null;
  const checksums = new Map<string, CollectionChecksum>();
  const files = new Map<string, { size: number; sha256: string }>();
  const metaById = new Map<string, string>();
  const collisions: string[] = [];
  for await (const entry of readArchive(path)) {
    if (entry.name === ENTRY.tenant) {
      source = parseArchiveLine((await entry.bytes()).toString('utf8'));
      continue;
    }
    if (entry.name === ENTRY.manifest) {
      const parsed = manifestSchema.safeParse(JSON.parse((await entry.bytes()).toString('utf8')));
      if (!parsed.success || parsed.data.format !== ARCHIVE_FORMAT) throw invalid('The archive has no manifest this server can read.');
      manifest = parsed.data;
      continue;
    }
    const chunk = CHUNK_PATTERN.exec(entry.name);
    if (chunk) {
      const [, database = '', collection = ''] = chunk;
      if (!source) throw invalid('The archive does not begin with its tenant.');
      if (!(TENANT_DATABASE_NAMES as readonly string[]).includes(database)) throw invalid(`The archive names an unknown database (${database}).`);
      const sourceId = String(source._id);
      const checksum = checksums.get(keyOf(database, collection)) ?? new CollectionChecksum(sourceId, isSealed(database as TenantDatabaseName, collection));
      checksums.set(keyOf(database, collection), checksum);
      const docs = linesOf(await entry.bytes()).map(parseArchiveLine);
      for (const doc of docs) checksum.add(doc);
      collisions.push(...(await collidingIds(databases.get(database as TenantDatabaseName)!, database, collection, docs, targetId)));
      continue;
    }
    const file = FILE_PATTERN.exec(entry.name);
    if (file) {
      const bytes = await entry.bytes();
      if (file[2]) metaById.set(file[1]!, bytes.toString('utf8'));
      else files.set(file[1]!, { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
      continue;
    }
    throw invalid(`The archive holds an entry this format does not have (${entry.name}).`);
  }
  if (!manifest || !source) throw invalid('The archive is incomplete: no manifest.');
  if (manifest.version !== ARCHIVE_VERSION) throw invalid(`The archive is of format version ${manifest.version}; this server reads version ${ARCHIVE_VERSION}.`);
  // Only what an export writes, where an import of this server puts it: an archive never chooses the collections it is written to.
  for (const entry of manifest.collections) {
    const database = entry.database as TenantDatabaseName;
    const rule = exportRule(database, entry.collection);
    if (!TENANT_DATABASE_NAMES.includes(database) || isSystemCollection(database, entry.collection) || !rule.exported || rule.importAs !== entry.importAs) {
      throw invalid(`The archive lists ${entry.database}/${entry.collection}${entry.importAs ? ` → ${entry.importAs}` : ''}, which no export writes.`);
    }
  }
  const digests = new Map([...checksums].map(([key, checksum]) => [key, checksum.digest()]));
  for (const entry of manifest.collections) {
    const found = digests.get(keyOf(entry.database, entry.collection)) ?? { count: 0, sha256: '' };
    if (found.count !== entry.count || found.sha256 !== entry.sha256) {
      throw invalid(
        `${entry.database}/${entry.collection}: the archive holds ${found.count} documents whose checksum is not the manifest's (${entry.count}): the archive was changed or damaged.`,
      );
    }
    digests.delete(keyOf(entry.database, entry.collection));
  }
  if (digests.size) throw invalid(`The archive holds collections its manifest does not list (${[...digests.keys()].join(', ')}).`);
  for (const { id, size, sha256 } of manifest.files) {
    const found = files.get(id);
    if (!found || found.size !== size || found.sha256 !== sha256 || !metaById.has(id)) throw invalid(`file ${id}: not in the archive as its manifest says.`);
  }
  if (files.size !== manifest.files.length) throw invalid('The archive holds files its manifest does not list.');
  if (manifest.files.length && !options.storage) throw invalid('The archive holds files and this server has no document storage configured.');
  if (collisions.length) {
    throw new DomainError(
      'ID_COLLISION',
      `${collisions.length} record(s) of the archive have ids already present in the target databases (${[...new Set(collisions)].slice(0, 5).join(', ')}): the source tenant still exists in this database. Erase the source first, or import into another database.`,
    );
  }
  return { manifest, source, files, metaById };
}

/** The archive documents whose `_id` is already taken where the import would write them, and user addresses already the target's. */
async function collidingIds(db: Db, database: string, collection: string, docs: Document[], targetId: string): Promise<string[]> {
  if (docs.length === 0) return [];
  const key = keyOf(database, collection);
  const written = exportRuleTarget(database, collection);
  const taken = await db
    .collection(written)
    .find({ _id: { $in: docs.map((doc) => doc._id) } }, { projection: { _id: 1 } })
    .limit(5)
    .toArray();
  const found = taken.map(() => key);
  if (key === 'core/users') {
    const emails = docs.map((doc) => doc['email']).filter((email): email is string => typeof email === 'string');
    const same = await db
      .collection('users')
      .find({ parentCompany: new ObjectId(targetId), email: { $in: emails } }, { projection: { email: 1 } })
      .toArray();
    if (same.length)
      throw new DomainError('CONFLICT', `The target tenant already has users with the archive's addresses (${same.map((u) => String(u['email'])).join(', ')}).`);
  }
  return found;
}

const exportRuleTarget = (database: string, collection: string): string => exportRule(database as TenantDatabaseName, collection).importAs ?? collection;

/** Count and checksum of what the target now has in the collection, the documents it had before aside. */
async function readBack(db: Db, entry: CollectionEntry, targetId: string, before: Set<string>): Promise<{ count: number; sha256: string }> {
  const checksum = new CollectionChecksum(targetId, isSealed(entry.database as TenantDatabaseName, entry.collection));
  for await (const doc of db
    .collection(entry.importAs ?? entry.collection)
    .find(ownerFilter(entry.database as TenantDatabaseName, targetId))
    .sort({ _id: 1 })) {
    if (!before.has(String(doc._id))) checksum.add(doc);
  }
  return checksum.digest();
}
