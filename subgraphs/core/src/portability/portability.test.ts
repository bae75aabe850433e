import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { readArchive, type Manifest } from '@attunelogic/shared/portability';
import { localStorage } from '@attunelogic/shared/documents';
import { startSubgraphHarness } from '@attunelogic/shared/testing';
import { createCoreModels, type CoreModels } from '../models';
import { createCoreServer } from '../server';
import { contextFor, provisionTestTenant, TEST_CONFIG, userWith, type CoreHarness } from '../testing';
import { runTenantCommand } from '../tenant-cli-commands';

// Core's databases of their own (`<prefix>-core` and its siblings, the audit log apart as in
// production): the export reads every database of the deployment.
const prefix = `test-core-portability-${randomBytes(3).toString('hex')}`;
let h: CoreHarness;
let folder: string;
let base: string;
const io = () => ({ storage: localStorage(path.join(folder, 'documents')) });

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'core-portability-'));
  h = await startSubgraphHarness<CoreModels>({
    dbName: `${prefix}-core`,
    models: (connection) => createCoreModels(connection, { auditConnection: connection.useDb(`${prefix}-audit`) }),
    server: (deps) =>
      createCoreServer(
        { ...TEST_CONFIG, DOCUMENT_LINK_SECRET: 'a-test-secret-of-more-than-thirty-two-characters', DOCUMENT_STORAGE_DIR: path.join(folder, 'documents') },
        { ...deps, auditConnection: deps.connection.useDb(`${prefix}-audit`) },
      ),
  });
  await new Promise<void>((resolve) => h.server.http.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(h.server.http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await h?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

const EXPORT = 'mutation { exportTenantData { id url expiresAt size sha256 documents files auditHeadHash } }';
type ExportAnswer = { exportTenantData: { id: string; url: string; size: number; sha256: string; documents: number; files: number } };

async function manifestOf(file: string): Promise<Manifest> {
  for await (const entry of readArchive(file)) if (entry.name === 'manifest.json') return JSON.parse((await entry.bytes()).toString('utf8')) as Manifest;
  throw new Error('no manifest');
}

describe('exportTenantData', () => {
  it("gives an owner a short-lived link to an archive of the tenant's data only, which core serves; audited", async () => {
    const tenant = await provisionTestTenant(h.models);
    const other = await provisionTestTenant(h.models);
    const result = await h.run<ExportAnswer>(contextFor(tenant), EXPORT);
    expect(result.errors).toBeUndefined();
    const answer = result.data!.exportTenantData;
    expect(answer.url).toMatch(new RegExp(`^/api/v1/documents/${tenant.slug}/exports/${answer.id}\\?expires=\\d+&signature=`));
    expect(answer.files).toBe(0);

    // The gateway forwards /api/v1/documents/<slug>/exports/<id> to core's /documents/<tenantId>/<id>.
    const query = answer.url.split('?')[1]!;
    const response = await fetch(`${base}/documents/${tenant.id}/${answer.id}?${query}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/gzip');
    const file = path.join(folder, 'download.tar.gz');
    await pipeline(Readable.fromWeb(response.body as never), createWriteStream(file));
    const manifest = await manifestOf(file);
    expect(manifest.tenant).toMatchObject({ id: tenant.id, slug: tenant.slug });
    expect(manifest.collections.find((c) => c.collection === 'users')?.count).toBe(2);

    // The same link for another tenant's path is forged, and another tenant's id is never served.
    expect((await fetch(`${base}/documents/${other.id}/${answer.id}?${query}`)).status).toBe(403);

    const events = await h.models.audit.AuditEvent.find({ parentCompany: new mongoose.Types.ObjectId(tenant.id), operation: 'exportTenantData' }).lean();
    expect(events).toMatchObject([{ outcome: 'success', targetType: 'TenantExport', targetId: answer.id }]);

    // A second export does not carry the first archive as one of the tenant's files.
    const again = await h.run<ExportAnswer>(contextFor(tenant), EXPORT);
    expect(again.data!.exportTenantData.files).toBe(0);
  });

  it('is for owners only: an admin or a viewer is FORBIDDEN, and nothing is built', async () => {
    const tenant = await provisionTestTenant(h.models, {
      users: [
        { email: 'owner@x.test', name: 'Owner', roles: ['owner'] },
        { email: 'admin@x.test', name: 'Admin', roles: ['admin'] },
        { email: 'viewer@x.test', name: 'Viewer', roles: ['viewer'] },
      ],
    });
    for (const role of ['admin', 'viewer'] as const) {
      const result = await h.run(contextFor(tenant, userWith(tenant, role)), EXPORT);
      expect(result.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    }
    expect(await h.models.TenantExport.countDocuments({ parentCompany: new mongoose.Types.ObjectId(tenant.id) })).toBe(0);
  });
});

describe('pnpm tenant export | erase | sweep | import', () => {
  it('moves a tenant through an archive: export, erase (after deactivation, with confirmation), a clean sweep, import into a new tenant', async () => {
    const source = await provisionTestTenant(h.models);
    const target = await provisionTestTenant(h.models, { users: [{ email: 'someone-else@new.test', name: 'New owner', roles: ['owner'] }] });
    const out = path.join(folder, `${source.slug}.tar.gz`);
    expect(await runTenantCommand(h.models, 'export', { slug: source.slug, out }, 'operator:test', io())).toMatch(/^exported .*: \d+ documents/);

    await expect(runTenantCommand(h.models, 'erase', { slug: source.slug, confirm: source.slug }, 'operator:test', io())).rejects.toThrow(/deactivate it first/);
    await runTenantCommand(h.models, 'deactivate', { slug: source.slug }, 'operator:test', io());
    await expect(runTenantCommand(h.models, 'erase', { slug: source.slug, confirm: 'nope' }, 'operator:test', io())).rejects.toThrow(/--confirm/);
    const erased = await runTenantCommand(h.models, 'erase', { slug: source.slug, confirm: source.slug }, 'operator:test', io());
    expect(erased).toContain('clean: nothing of the tenant remains');
    expect(await runTenantCommand(h.models, 'sweep', { slug: source.slug }, 'operator:test', io())).toMatch(/total\s+0\nclean/);

    const imported = await runTenantCommand(h.models, 'import', { slug: target.slug, from: out }, 'operator:test', io());
    expect(imported).toContain('counts and checksums verified');
    expect(await h.models.User.countDocuments({ parentCompany: new mongoose.Types.ObjectId(target.id) })).toBe(3);
    // The import is in the target's own chain, which still verifies.
    expect(await h.models.audit.AuditEvent.countDocuments({ parentCompany: new mongoose.Types.ObjectId(target.id), operation: 'importTenantData' })).toBe(1);

    const garbage = path.join(folder, 'garbage.tar.gz');
    await writeFile(garbage, 'not an archive');
    const fresh = await provisionTestTenant(h.models, { users: [] });
    await expect(runTenantCommand(h.models, 'import', { slug: fresh.slug, from: garbage }, 'operator:test', io())).rejects.toThrow();
  });
});
