// A tenant's portability through the real gateway and the operators' commands: a trucking and a
// service tenant with their industries' demo data (their seeds) and a record made through the API;
// the owner exports through `exportTenantData` and downloads the archive by its signed link (no
// token); the operator deactivates and erases the source, whose sweep then finds nothing, and imports
// the archive into a fresh tenant, whose own export has the same counts and checksums.
import { createWriteStream, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readArchive, type Manifest } from '@attunelogic/shared/portability';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { runSubgraphCommand, seedTenants } from './subgraph-commands';
import { codes, freshTenant, oid, post, startStack, tokenFor, type Stack } from './stack';

let stack: Stack;
let folder: string;

beforeAll(async () => {
  stack = await startStack();
  folder = await mkdtemp(path.join(tmpdir(), 'e2e-portability-'));
});

afterAll(async () => {
  await stack?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

const EXPORT = 'mutation { exportTenantData { id url size sha256 documents files auditHeadHash } }';
type Exported = { exportTenantData: { id: string; url: string; size: number; sha256: string; documents: number } };

/** `pnpm tenant <args>` as an operator, with the documents the subgraphs keep. */
const tenantCommand = (args: string[]) =>
  runSubgraphCommand('core', 'src/tenant-cli.ts', {
    uri: stack.mongodbUri,
    args: [...args, '--actor', 'operator:e2e'],
    env: { DOCUMENT_STORAGE_DIR: inject('documentsDir') },
  });

/** The owner's export through the gateway, downloaded by its link; the archive's manifest. */
async function exportThroughApi(tenant: ProvisionedTenant, name: string): Promise<{ file: string; manifest: Manifest }> {
  const response = await post<Exported>(stack, { query: EXPORT, token: await tokenFor(tenant) });
  expect(response.body.errors).toBeUndefined();
  const { url, size } = response.body.data!.exportTenantData;
  const download = await fetch(`${stack.url}${url}`);
  expect(download.status).toBe(200);
  const file = path.join(folder, `${name}.tar.gz`);
  await pipeline(Readable.fromWeb(download.body as never), createWriteStream(file));
  expect(statSync(file).size).toBe(size);
  let manifest: Manifest | undefined;
  for await (const entry of readArchive(file)) if (entry.name === 'manifest.json') manifest = JSON.parse((await entry.bytes()).toString('utf8')) as Manifest;
  return { file, manifest: manifest! };
}

const PROVISIONED = ['core/users', 'core/events', 'audit/auditEvents', 'events/log'];

describe('export, erase, sweep and re-import of a tenant', () => {
  for (const appType of ['trucking', 'serviceRepair'] as const) {
    it(`moves a ${appType} tenant through its archive with identical counts and checksums; the erased source leaves nothing`, async () => {
      const source = await freshTenant(stack, appType);
      await seedTenants(stack.mongodbUri, appType === 'trucking' ? 'trucking' : 'service', [source.slug]);
      const made =
        appType === 'trucking'
          ? await post(stack, {
              query: 'mutation($input: CreateVehicleInput!) { createVehicle(input: $input) { id } }',
              variables: { input: { unitNumber: 'PORT-1', vin: '1M8GDM9AXKP042788', make: 'Freightliner', model: 'Cascadia', year: 2022 } },
              token: await tokenFor(source, 'admin'),
            })
          : await post(stack, {
              query: 'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }',
              variables: { input: { name: 'Ported Customer', locations: [{ address: { line1: '2001 N Clark St', city: 'Chicago', postalCode: '60614' } }] } },
              token: await tokenFor(source, 'admin'),
            });
      expect(made.body.errors).toBeUndefined();

      // Owners only, and each for its own tenant.
      expect(codes(await post(stack, { query: EXPORT, token: await tokenFor(source, 'admin') }))).toEqual(['FORBIDDEN']);
      const exported = await exportThroughApi(source, `${source.slug}-source`);
      expect(exported.manifest.tenant.id).toBe(source.id);
      const industry = appType === 'trucking' ? 'trucking' : 'service';
      expect(exported.manifest.collections.filter((c) => c.database === industry).length).toBeGreaterThan(2);

      await tenantCommand(['deactivate', '--slug', source.slug]);
      const erased = await tenantCommand(['erase', source.slug, '--confirm', source.slug]);
      expect(erased).toContain('clean: nothing of the tenant remains');
      expect(await stack.collection(industry as 'trucking', appType === 'trucking' ? 'vehicles' : 'customers').countDocuments({ parentCompany: oid(source.id) })).toBe(0);

      const target = await freshTenant(stack, appType);
      expect(await tenantCommand(['import', target.slug, '--from', exported.file])).toContain('counts and checksums verified');

      const again = await exportThroughApi(target, `${target.slug}-target`);
      for (const entry of exported.manifest.collections) {
        if (PROVISIONED.includes(`${entry.database}/${entry.collection}`)) continue;
        const name = entry.importAs ?? entry.collection;
        expect(
          again.manifest.collections.find((c) => c.database === entry.database && c.collection === name),
          `${entry.database}/${name}`,
        ).toMatchObject({ count: entry.count, sha256: entry.sha256 });
      }
      const users = (m: Manifest) => m.collections.find((c) => c.collection === 'users' && c.database === 'core')!.count;
      expect(users(again.manifest)).toBe(users(exported.manifest) + target.users.length);

      // The imported data answers through the API as the target's.
      const listed =
        appType === 'trucking'
          ? await post<{ vehicles: { totalCount: number } }>(stack, { query: '{ vehicles { totalCount } }', token: await tokenFor(target, 'viewer') })
          : await post<{ customers: { totalCount: number } }>(stack, { query: '{ customers { totalCount } }', token: await tokenFor(target, 'viewer') });
      expect(listed.body.errors).toBeUndefined();
      expect(Object.values(listed.body.data!)[0]!.totalCount).toBeGreaterThan(0);
    });
  }
});
