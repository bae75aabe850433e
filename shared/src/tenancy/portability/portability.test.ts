import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Double, Int32, ObjectId, type Db } from 'mongodb';
import { type Connection } from 'mongoose';
import { appendAuditEvent } from '../../audit/audit-chain';
import { createAuditModels, type AuditModels } from '../../audit/audit.model';
import { localStorage, storageKey, type DocumentStorage } from '../../documents/storage';
import { DomainError } from '../../errors/domain-error';
import { connectTestDatabase } from '../../testing/harness';
import { directoryModels, provisionTenant, type DirectoryModels } from '../provisioning';
import { ArchiveWriter, readArchive } from './archive';
import { eraseTenant, exportTenant, importTenant, sweepTenant, sweepTable, type PortabilityOptions } from './index';

// A whole pooled deployment of its own (`<prefix>-core`, -trucking, -service, -audit, -events, -auth)
// and a file storage in a temporary folder: the sweep counts every collection of every database.
const prefix = `test-portability-${randomBytes(3).toString('hex')}`;
let core: Connection;
let dbs: Record<'core' | 'trucking' | 'service' | 'audit' | 'events' | 'auth', Db>;
let directory: DirectoryModels;
let audit: AuditModels;
let storage: DocumentStorage;
let folder: string;
let options: PortabilityOptions;

beforeAll(async () => {
  core = await connectTestDatabase(`${prefix}-core`);
  const client = core.getClient();
  dbs = {
    core: core.db!,
    trucking: client.db(`${prefix}-trucking`),
    service: client.db(`${prefix}-service`),
    audit: client.db(`${prefix}-audit`),
    events: client.db(`${prefix}-events`),
    auth: client.db(`${prefix}-auth`),
  };
  directory = directoryModels(core);
  audit = createAuditModels(core.useDb(`${prefix}-audit`));
  folder = await mkdtemp(path.join(tmpdir(), 'portability-'));
  storage = localStorage(path.join(folder, 'documents'));
  options = { core, storage, batchSize: 2 };
});

afterAll(async () => {
  await core?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

const slug = (name: string) => `${name}-${randomBytes(4).toString('hex')}`;

/** A tenant with something in every kind of place: two subgraphs, the outbox, the log, webhooks, sign-in, the audit chain and a file. */
async function seedTenant(name: string): Promise<{ id: string; userIds: string[] }> {
  const tenant = await provisionTenant(directory, {
    slug: slug(name),
    name: `${name} Freight`,
    appType: 'trucking',
    users: [
      { email: `owner@${name}.test`, name: 'Owner', roles: ['owner'] },
      { email: `dispatch@${name}.test`, name: 'Dispatcher', roles: ['dispatcher'] },
    ],
  });
  const owner = new ObjectId(tenant.id);
  const userIds = tenant.users.map((user) => user.id);
  for (const operation of ['createTenant', 'addUser', 'createLoad']) {
    await appendAuditEvent(audit, tenant.id, {
      at: new Date(),
      actor: 'operator:test',
      subgraph: 'core',
      operation,
      targetType: 'Tenant',
      targetId: tenant.id,
      outcome: 'success',
      errorCode: null,
      diff: null,
      requestId: 'req-1',
    });
  }
  const upload = new ObjectId();
  await dbs.trucking.collection('loads').insertMany([
    {
      parentCompany: owner,
      number: 'L-1',
      weight: new Double(1200.5),
      pieces: new Int32(3),
      stops: [{ at: new Date('2026-01-02T10:00:00Z'), city: 'Chicago' }],
      createdAt: new Date(),
    },
    { parentCompany: owner, number: 'L-2', weight: new Double(800), pieces: new Int32(1), stops: [], createdAt: new Date() },
    { parentCompany: owner, number: 'L-3', weight: new Double(10), pieces: new Int32(9), stops: [], createdAt: new Date() },
  ]);
  await dbs.trucking.collection('documents').insertOne({ parentCompany: owner, name: 'bol.pdf', upload });
  await dbs.trucking
    .collection('events')
    .insertOne({ _id: `evt_${new ObjectId().toHexString()}` as never, parentCompany: owner, type: 'load.created', relayedAt: new Date() });
  await dbs.service.collection('customers').insertOne({ parentCompany: owner, name: 'Acme' });
  await dbs.core.collection('webhookendpoints').insertOne({ parentCompany: owner, url: 'https://hooks.example.com/x', secret: 'whsec_secret', active: true });
  await dbs.core.collection('apiClients').insertOne({ parentCompany: owner, name: 'tms', secretHash: 'hash', active: true });
  await dbs.events.collection('log').insertOne({ _id: `evt_${new ObjectId().toHexString()}` as never, tenant: tenant.id, seq: 1, type: 'load.created' });
  await dbs.auth.collection('credentials').insertOne({ _id: new ObjectId(userIds[0]), tenantId: owner, slug: tenant.slug, passwordHash: 'x' });
  await dbs.auth.collection('oidc').insertOne({ _id: `Session:${randomBytes(4).toString('hex')}` as never, model: 'Session', payload: { accountId: userIds[0] } });
  const bytes = Buffer.from('%PDF-1.4 a bill of lading');
  await storage.put(storageKey(tenant.id, upload.toHexString()), bytes, {
    contentType: 'application/pdf',
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  });
  return { id: tenant.id, userIds };
}

async function exportTo(tenantId: string, name: string) {
  const file = path.join(folder, `${name}.tar.gz`);
  const manifest = await exportTenant(options, tenantId, createWriteStream(file));
  return { file, manifest };
}

const deactivate = (tenantId: string) => dbs.core.collection('customers').updateOne({ _id: new ObjectId(tenantId) }, { $set: { active: false } });

/** A fresh tenant as provisioning makes it: a record, its owner, nothing else. */
async function emptyTenant(name: string): Promise<string> {
  const tenant = await provisionTenant(directory, {
    slug: slug(name),
    name,
    appType: 'trucking',
    users: [{ email: `owner@${name}-new.test`, name: 'New owner', roles: ['owner'] }],
  });
  await appendAuditEvent(audit, tenant.id, {
    at: new Date(),
    actor: 'operator:test',
    subgraph: 'core',
    operation: 'createTenant',
    targetType: 'Tenant',
    targetId: tenant.id,
    outcome: 'success',
    errorCode: null,
    diff: null,
    requestId: 'req-2',
  });
  return tenant.id;
}

const codeOf = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
    return 'none';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
};

/** A copy of an archive with one entry changed. */
async function rewriteArchive(from: string, to: string, change: (name: string, bytes: Buffer) => Buffer): Promise<void> {
  const writer = new ArchiveWriter(createWriteStream(to));
  for await (const entry of readArchive(from)) await writer.add(entry.name, change(entry.name, await entry.bytes()));
  await writer.close();
}

describe('tenant export, erasure, sweep and import', () => {
  it('exports everything, erases it (the sweep finds nothing), and re-imports into an empty tenant with identical counts and checksums', async () => {
    const source = await seedTenant('alpha');
    const bystander = await seedTenant('bystander');
    const { file, manifest } = await exportTo(source.id, 'alpha');

    const counts = Object.fromEntries(manifest.collections.map((c) => [`${c.database}/${c.collection}`, c.count]));
    expect(counts).toEqual({
      'audit/auditEvents': 3,
      'core/apiClients': 1,
      'core/users': 2,
      'core/webhookendpoints': 1,
      'events/log': 1,
      'service/customers': 1,
      'trucking/documents': 1,
      'trucking/events': 1,
      'trucking/loads': 3,
    });
    expect(manifest.files).toHaveLength(1);
    expect(manifest.audit).toMatchObject({ count: 3, verified: true, head: { seq: 3 } });

    // Erasure of an active tenant is refused; once deactivated it runs, and runs again harmlessly.
    expect(await codeOf(eraseTenant(options, source.id))).toBe('CONFLICT');
    await deactivate(source.id);
    const erased = await eraseTenant(options, source.id);
    expect(erased.tombstone.auditAnchor).toMatchObject({ count: 3, seq: 3, hash: manifest.audit.head!.hash });
    expect(erased.files).toBe(1);
    await eraseTenant(options, source.id);
    const sweep = await sweepTenant(options, source.id);
    expect(sweep.filter((row) => row.remaining > 0)).toEqual([]);
    expect(sweep.map((row) => `${row.database}/${row.collection}`)).toEqual(expect.arrayContaining(['trucking/loads', 'auth/oidc', 'auth/credentials', 'storage/files']));
    expect(sweepTable(sweep)).toContain('clean');
    const tombstone = await dbs.core.collection('customers').findOne({ _id: new ObjectId(source.id) });
    expect(tombstone).toMatchObject({ active: false, name: '(erased)', metadata: {}, auditAnchor: { hash: manifest.audit.head!.hash } });

    // The other tenant lost nothing.
    expect(await dbs.trucking.collection('loads').countDocuments({ parentCompany: new ObjectId(bystander.id) })).toBe(3);
    expect(await dbs.auth.collection('oidc').countDocuments({ 'payload.accountId': bystander.userIds[0] })).toBe(1);
    expect(await (await sweepTenant(options, bystander.id)).reduce((n, row) => n + row.remaining, 0)).toBeGreaterThan(0);

    const target = await emptyTenant('gamma');
    const report = await importTenant(options, target, file);
    for (const entry of manifest.collections) {
      const written = report.collections.find((c) => c.database === entry.database && c.collection === (entry.importAs ?? entry.collection));
      expect(written, `${entry.database}/${entry.collection}`).toEqual({
        database: entry.database,
        collection: entry.importAs ?? entry.collection,
        count: entry.count,
        sha256: entry.sha256,
      });
    }
    expect(report.auditHistory).toEqual({ count: 3, headMatches: true });
    const owner = new ObjectId(target);
    const load = await dbs.trucking.collection('loads').findOne({ parentCompany: owner, number: 'L-1' }, { promoteValues: false });
    expect(load?.['pieces']).toBeInstanceOf(Int32);
    expect(await dbs.core.collection('users').countDocuments({ parentCompany: owner })).toBe(3);
    expect(await dbs.core.collection('webhookendpoints').findOne({ parentCompany: owner })).toMatchObject({ secret: null, active: false });
    expect(await dbs.events.collection('importedLog').countDocuments({ tenant: target })).toBe(1);
    // The target's own chain goes on: its first event is still its head.
    expect(await dbs.audit.collection('auditEvents').countDocuments({ parentCompany: owner })).toBe(1);
    const documentId = manifest.files[0]!.id;
    expect(await storage.head(storageKey(target, documentId))).toMatchObject({ sha256: manifest.files[0]!.sha256 });

    // Exported again, the imported tenant has the same data (its own owner and chain aside).
    const again = await exportTo(target, 'gamma');
    const loads = (m: typeof manifest) => m.collections.find((c) => c.collection === 'loads');
    expect(loads(again.manifest)).toEqual(loads(manifest));

    // And the target is no longer empty.
    expect(await codeOf(importTenant(options, target, file))).toBe('TENANT_NOT_EMPTY');
  });

  it('refuses an archive whose records are still in the database (the source not erased), a changed archive and an unknown format version', async () => {
    const source = await seedTenant('delta');
    const { file } = await exportTo(source.id, 'delta');
    const target = await emptyTenant('epsilon');
    expect(await codeOf(importTenant(options, target, file))).toBe('ID_COLLISION');

    const tampered = path.join(folder, 'tampered.tar.gz');
    await rewriteArchive(file, tampered, (name, bytes) => (name.startsWith('data/trucking/loads/') ? Buffer.from(bytes.toString('utf8').replace('L-1', 'L-9')) : bytes));
    expect(await codeOf(importTenant(options, target, tampered))).toBe('ARCHIVE_INVALID');

    const future = path.join(folder, 'future.tar.gz');
    await rewriteArchive(file, future, (name, bytes) =>
      name === 'manifest.json' ? Buffer.from(JSON.stringify({ ...JSON.parse(bytes.toString('utf8')), version: 2 })) : bytes,
    );
    await expect(importTenant(options, target, future)).rejects.toThrow(/format version 2/);

    // An archive cannot choose where it is written: core's tenant records are no collection of a tenant.
    const misdirected = path.join(folder, 'misdirected.tar.gz');
    await rewriteArchive(file, misdirected, (name, bytes) => {
      if (name !== 'manifest.json') return bytes;
      const manifest = JSON.parse(bytes.toString('utf8')) as { collections: { collection: string; importAs?: string }[] };
      for (const entry of manifest.collections) if (entry.collection === 'loads') entry.importAs = 'vehicles';
      return Buffer.from(JSON.stringify(manifest));
    });
    await expect(importTenant(options, target, misdirected)).rejects.toThrow(/which no export writes/);

    // Nothing was written by any of the refusals.
    expect(await dbs.trucking.collection('loads').countDocuments({ parentCompany: new ObjectId(target) })).toBe(0);
  });

  it("follows a dedicated tenant's placement: its own databases are exported, erased and swept; a tenant being moved is refused", async () => {
    const tenant = await emptyTenant('dedicated');
    const owner = new ObjectId(tenant);
    const customers = dbs.core.collection('customers');
    await customers.updateOne({ _id: owner }, { $set: { placement: { mode: 'dedicated', version: 1, moving: null } } });
    const own = core.getClient().db(`${prefix}-trucking-t-${tenant}`);
    await own.collection('loads').insertMany([0, 1, 2, 3].map((n) => ({ parentCompany: owner, number: `D-${n}`, stops: [], createdAt: new Date() })));

    const { manifest } = await exportTo(tenant, 'dedicated');
    expect(manifest.collections.find((c) => c.database === 'trucking' && c.collection === 'loads')?.count).toBe(4);
    expect(await dbs.trucking.collection('loads').countDocuments({ parentCompany: owner })).toBe(0);

    await customers.updateOne({ _id: owner }, { $set: { 'placement.moving': { to: { mode: 'pooled' }, phase: 'copying' } } });
    expect(await codeOf(exportTo(tenant, 'moving'))).toBe('CONFLICT');
    await customers.updateOne({ _id: owner }, { $set: { 'placement.moving': null } });

    await deactivate(tenant);
    await eraseTenant(options, tenant);
    expect(await own.collection('loads').countDocuments({})).toBe(0);
    const sweep = await sweepTenant(options, tenant);
    expect(sweep.filter((row) => row.remaining > 0)).toEqual([]);
    expect(sweep.some((row) => row.database === 'trucking' && row.collection === 'loads')).toBe(true);
  });

  it('finishes an erasure cut short by running it again', async () => {
    const tenant = await seedTenant('zeta');
    await deactivate(tenant.id);
    // The process dies while removing the files: after the accounts and the anchor were recorded.
    const dying: DocumentStorage = {
      ...storage,
      list: (id) => storage.list(id),
      remove: () => Promise.reject(new Error('killed')),
    };
    await expect(eraseTenant({ ...options, storage: dying }, tenant.id)).rejects.toThrow('killed');
    const midway = await dbs.core.collection('customers').findOne({ _id: new ObjectId(tenant.id) });
    expect(midway?.['erasure']).toMatchObject({ accounts: expect.arrayContaining(tenant.userIds), auditAnchor: { count: 3 } });
    expect((await sweepTenant(options, tenant.id)).some((row) => row.remaining > 0)).toBe(true);

    const finished = await eraseTenant(options, tenant.id);
    expect(finished.tombstone.auditAnchor).toMatchObject({ count: 3, seq: 3 });
    expect((await sweepTenant(options, tenant.id)).filter((row) => row.remaining > 0)).toEqual([]);
  });
});
