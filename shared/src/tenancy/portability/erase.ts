import { ObjectId, type Collection, type Document } from 'mongodb';
import { DomainError } from '../../errors/domain-error';
import { summarizeChain } from './audit';
import { tenantDatabases } from './databases';
import { tenantRecord } from './export';
import { anyMentionFilter, ownerFilter } from './rules';
import { batchSizeOf, say, tenantCollections, type PortabilityOptions } from './scope';

/** What the tenant record keeps once the tenant is erased. */
export interface Tombstone {
  erasedAt: Date;
  /** The audit chain's anchor: how many events it had and the hash it ended with (the events are gone). */
  auditAnchor: { count: number; seq: number | null; hash: string | null; verified: boolean };
}

/** Written on the tenant record before anything is deleted, so an erasure cut short resumes with what it needs. */
interface ErasureState {
  startedAt: Date;
  /** The ids of the tenant's users and API clients: the authorization server's sessions and tokens name them, not the tenant. */
  accounts: string[];
  auditAnchor: Tombstone['auditAnchor'];
}

export interface ErasureReport {
  readonly deleted: readonly { database: string; collection: string; count: number }[];
  readonly files: number;
  readonly tombstone: Tombstone;
}

/**
 * Erases a deactivated tenant: every document of it from every collection of every database
 * (batched deletes by owner), its files, its sign-in data (credentials, sessions and tokens of its
 * users and API clients); keeps the tenant record as a tombstone (`erasedAt`, inactive, name and
 * configuration gone) with the audit chain's anchor. Every step is an idempotent delete, and the
 * accounts and anchor are recorded first: an erasure killed at any point is finished by running it again.
 */
export async function eraseTenant(options: PortabilityOptions, tenantId: string): Promise<ErasureReport> {
  const record = await tenantRecord(options, tenantId);
  if (record['active'] !== false) throw new DomainError('CONFLICT', 'The tenant is active: deactivate it first (pnpm tenant deactivate), then erase it.');
  const databases = new Map((await tenantDatabases(options.core, { id: tenantId })).map(({ subgraph, db }) => [subgraph, db]));
  const customers = options.core.collection('customers');
  const id = new ObjectId(tenantId);

  let state = record['erasure'] as ErasureState | undefined;
  if (!state) {
    const core = databases.get('core')!;
    const owner = { parentCompany: id };
    const accounts = [
      ...(await core
        .collection('users')
        .find(owner, { projection: { _id: 1 } })
        .toArray()),
      ...(await core
        .collection('apiClients')
        .find(owner, { projection: { _id: 1 } })
        .toArray()),
    ].map((doc) => String(doc._id));
    const chain = await summarizeChain(databases.get('audit')!, 'auditEvents', tenantId, tenantId);
    state = {
      startedAt: new Date(),
      accounts,
      auditAnchor: { count: chain.count, seq: chain.head?.seq ?? null, hash: chain.head?.hash ?? null, verified: chain.verified },
    };
    // Guarded: a second erasure running at once keeps the first one's record.
    await customers.updateOne({ _id: id, erasure: { $exists: false } }, { $set: { erasure: state } });
    state = ((await customers.findOne({ _id: id }))?.['erasure'] as ErasureState | undefined) ?? state;
  }

  // Sign-in first: the tenant's people and clients can no longer hold a session while their data goes.
  const auth = databases.get('auth')!;
  const oidc = await auth.collection('oidc').deleteMany({ $or: [{ 'payload.accountId': { $in: state.accounts } }, { 'payload.clientId': { $in: state.accounts } }] });
  say(options, `auth/oidc: ${oidc.deletedCount} deleted`);

  let files = 0;
  if (options.storage) {
    for await (const key of options.storage.list(tenantId)) {
      await options.storage.remove(key);
      files += 1;
    }
    say(options, `files: ${files} deleted`);
  }

  const deleted: ErasureReport['deleted'][number][] = [{ database: 'auth', collection: 'oidc', count: oidc.deletedCount }];
  for (const { database, db, collection } of await tenantCollections(options, tenantId)) {
    const count = await deleteInBatches(db.collection(collection), ownerFilter(database, tenantId), batchSizeOf(options));
    if (count) say(options, `${database}/${collection}: ${count} deleted`);
    deleted.push({ database, collection, count });
  }

  const tombstone: Tombstone = { erasedAt: new Date(), auditAnchor: state.auditAnchor };
  // The erasure's record stays (ids only): the sweep checks the authorization server against its accounts.
  await customers.updateOne({ _id: id }, { $set: { ...tombstone, active: false, name: '(erased)', metadata: {}, ownerLease: null } });
  return { deleted, files, tombstone };
}

async function deleteInBatches(collection: Collection, filter: Document, batch: number): Promise<number> {
  let total = 0;
  for (;;) {
    const ids = (
      await collection
        .find(filter, { projection: { _id: 1 } })
        .limit(batch)
        .toArray()
    ).map((doc) => doc._id);
    if (ids.length === 0) return total;
    const { deletedCount } = await collection.deleteMany({ ...filter, _id: { $in: ids } });
    total += deletedCount;
  }
}

export interface SweepRow {
  readonly database: string;
  readonly collection: string;
  readonly remaining: number;
}

/**
 * The proof of an erasure: every collection of every database counted for any mention of the tenant
 * (`parentCompany`, `tenant`, `tenantId`, `_id`, as ObjectId or string), the authorization server's
 * artefacts of its accounts, the file storage, and the tenant record itself (a tombstone, nothing
 * more). Every row 0 is a clean sweep.
 */
export async function sweepTenant(options: PortabilityOptions, tenantId: string): Promise<SweepRow[]> {
  const record = await tenantRecord(options, tenantId);
  const rows: SweepRow[] = [];
  for (const { database, db, collection } of await tenantCollections(options, tenantId)) {
    rows.push({ database, collection, remaining: await db.collection(collection).countDocuments(anyMentionFilter(tenantId)) });
  }
  const accounts = (record['erasure'] as ErasureState | undefined)?.accounts ?? [];
  const databases = await tenantDatabases(options.core, { id: tenantId });
  const auth = databases.find((database) => database.subgraph === 'auth')!.db;
  if (accounts.length) {
    rows.push({
      database: 'auth',
      collection: 'oidc (accounts)',
      remaining: await auth.collection('oidc').countDocuments({ $or: [{ 'payload.accountId': { $in: accounts } }, { 'payload.clientId': { $in: accounts } }] }),
    });
  }
  let files = 0;
  if (options.storage) for await (const _key of options.storage.list(tenantId)) files += 1;
  rows.push({ database: 'storage', collection: 'files', remaining: files });
  const metadata = record['metadata'] as Record<string, unknown> | undefined;
  const recordClean = record['erasedAt'] instanceof Date && record['active'] === false && (!metadata || Object.keys(metadata).length === 0);
  rows.push({ database: 'core', collection: 'customers (tombstone)', remaining: recordClean ? 0 : 1 });
  return rows;
}

/** The sweep as a table, for the CLI. */
export function sweepTable(rows: readonly SweepRow[]): string {
  const width = Math.max(...rows.map((row) => `${row.database}/${row.collection}`.length), 10);
  const lines = rows.map((row) => `${`${row.database}/${row.collection}`.padEnd(width)}  ${String(row.remaining).padStart(6)}`);
  const left = rows.reduce((sum, row) => sum + row.remaining, 0);
  return [
    `${'collection'.padEnd(width)}  remaining`,
    ...lines,
    `${'total'.padEnd(width)}  ${String(left).padStart(6)}`,
    left === 0 ? 'clean: nothing of the tenant remains' : 'NOT CLEAN',
  ].join('\n');
}
