import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose, { type Connection } from 'mongoose';
import { connectTestDatabase } from '../testing/harness';
import { uniqueSlug } from '../testing';
import { createDirectory } from './directory';
import { directoryModels, provisionTenant, type DirectoryModels, type ProvisionedTenant } from './provisioning';

let connection: Connection;
let models: DirectoryModels;

beforeAll(async () => {
  connection = await connectTestDatabase('test-shared-directory');
  models = directoryModels(connection);
});

afterAll(async () => {
  await connection?.close();
});

function tenant(): Promise<ProvisionedTenant> {
  const slug = uniqueSlug('dir');
  return provisionTenant(models, { slug, name: `Tenant ${slug}`, appType: 'trucking', users: [{ email: `owner@${slug}.test`, name: 'Owner', roles: ['owner'] }] });
}

function counted() {
  const reads = { customers: 0, users: 0, apiClients: 0 };
  const directory = createDirectory(connection, { ttlMs: 60_000, onDatabaseRead: (collection) => (reads[collection] += 1) });
  return { directory, reads };
}

describe('directory', () => {
  it('answers concurrent lookups of one record with one read, and later ones from the cache', async () => {
    const t = await tenant();
    const { directory, reads } = counted();
    const [a, b] = await Promise.all([directory.tenantBySlug(t.slug), directory.tenantBySlug(t.slug)]);
    expect(a?.id).toBe(t.id);
    expect(b).toEqual(a);
    expect(await directory.tenantBySlug(t.slug)).toEqual(a);
    expect(reads.customers).toBe(1);
  });

  it("reads the tenant's placement (no URI) and whether a move holds its writes", async () => {
    const t = await tenant();
    expect(await counted().directory.tenantBySlug(t.slug)).toMatchObject({ placement: { mode: 'pooled', version: 0, external: false }, writesHeld: false });
    const moving = {
      from: { mode: 'pooled' },
      to: { mode: 'dedicated' },
      phase: 'copying',
      hold: true,
      collectionsDone: [],
      startedAt: new Date(),
      actor: 'operator:test',
    };
    await models.Tenant.updateOne({ slug: t.slug }, { $set: { placement: { mode: 'dedicated', uri: 'mongodb://elsewhere/', version: 2, moving } } });
    const record = await counted().directory.tenantBySlug(t.slug);
    expect(record).toMatchObject({ placement: { mode: 'dedicated', version: 2, external: true }, writesHeld: true });
    expect(JSON.stringify(record)).not.toContain('elsewhere');
  });

  // A createUser or deactivateUser of a tenant invalidates it while that tenant's other requests are
  // still reading it: those requests must get their answer, not fail (they once got a 500).
  it('a lookup in flight when its tenant is invalidated still answers', async () => {
    const t = await tenant();
    const owner = t.users[0]!;
    const { directory, reads } = counted();
    await directory.tenantBySlug(t.slug);
    const userLookup = directory.user(t.id, owner.id);
    directory.invalidateTenant(t.slug);
    const tenantLookup = directory.tenantBySlug(t.slug);
    directory.invalidateTenant(t.slug);
    await expect(tenantLookup).resolves.toMatchObject({ id: t.id, slug: t.slug });
    await expect(userLookup).resolves.toMatchObject({ id: owner.id, active: true });
    expect(reads).toEqual({ customers: 2, users: 1, apiClients: 0 });
  });

  it('what a lookup in flight during an invalidation read is not kept: the next lookup reads the change', async () => {
    // The tenant's record left the cache before the invalidation came: its users are forgotten still.
    const t = await tenant();
    const owner = t.users[0]!;
    const { directory, reads } = counted();
    await directory.tenantBySlug(t.slug);
    directory.invalidateTenant(t.slug);
    // Started before the change is written and the tenant invalidated, as a concurrent request's is.
    const before = directory.user(t.id, owner.id);
    await models.User.updateOne({ _id: new mongoose.Types.ObjectId(owner.id), parentCompany: new mongoose.Types.ObjectId(t.id) }, { $set: { active: false } });
    directory.invalidateTenant(t.slug);
    await before;
    expect(await directory.user(t.id, owner.id)).toMatchObject({ id: owner.id, active: false });
    expect(reads.users).toBe(2);
  });

  it('an invalidation forgets only its own tenant', async () => {
    const [t1, t2] = await Promise.all([tenant(), tenant()]);
    const { directory, reads } = counted();
    await Promise.all([directory.tenantBySlug(t1.slug), directory.tenantBySlug(t2.slug), directory.user(t1.id, t1.users[0]!.id), directory.user(t2.id, t2.users[0]!.id)]);
    directory.invalidateTenant(t1.slug);
    await Promise.all([directory.tenantBySlug(t1.slug), directory.tenantBySlug(t2.slug), directory.user(t1.id, t1.users[0]!.id), directory.user(t2.id, t2.users[0]!.id)]);
    expect(reads).toEqual({ customers: 3, users: 3, apiClients: 0 });
  });
});
