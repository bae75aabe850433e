// Test helpers of the core subgraph: never imported by production code.
import { type Connection } from 'mongoose';
import { createLogger, rolesOf, type AppType, type Role, type TenantContext, generateInternalContextKeys } from '@attunelogic/shared';
import { connectTestDatabase as connectSharedTestDatabase, makeTenantContext, startSubgraphHarness, uniqueSlug, type SubgraphHarness } from '@attunelogic/shared/testing';
import { createCoreModels, type CoreModels } from './models';
import { createCoreServer } from './server';
import { provisionTenant, type ProvisionedTenant, type ProvisionedUser, type ProvisionTenantInput } from '@attunelogic/shared/tenancy';

/** The internal-context key pair of this test process: the HTTP tests sign with its private half. */
export const TEST_KEYS = generateInternalContextKeys();
/** What the subgraph's server is configured with: the public key only. */
export const TEST_CONFIG = { INTERNAL_CONTEXT_PUBLIC_KEYS: TEST_KEYS.publicKey };
export const silentLogger = createLogger('core-test', 'silent');

/** A connection to this package's test database (or `name`) on the run's server, monitoring commands. */
export const connectTestDatabase = (name = 'test-core'): Promise<Connection> => connectSharedTestDatabase(name);

export { commandsOn } from '@attunelogic/shared/testing';

export type CoreHarness = SubgraphHarness<CoreModels>;

/** A started core server on this package's test database (or `dbName`), its indexes built. */
export const startHarness = (dbName = 'test-core'): Promise<CoreHarness> =>
  startSubgraphHarness({
    dbName,
    models: (connection) => createCoreModels(connection),
    server: (deps) => createCoreServer(TEST_CONFIG, deps),
  });

/** A fresh tenant with a unique slug (an owner and a viewer unless `users` says otherwise). */
export function provisionTestTenant(models: CoreModels, overrides: Partial<ProvisionTenantInput> = {}): Promise<ProvisionedTenant> {
  const slug = overrides.slug ?? uniqueSlug('core');
  return provisionTenant(models, {
    slug,
    name: `Test ${slug}`,
    appType: 'trucking',
    users: [
      { email: `owner@${slug}.test`, name: 'Test Owner', roles: ['owner'] },
      { email: `viewer@${slug}.test`, name: 'Test Viewer', roles: ['viewer'] },
    ],
    ...overrides,
  });
}

/** A fresh tenant with one user per role of its industry (`<role>@<slug>.test`), the owner first. */
export function provisionStaffedTenant(models: CoreModels, appType: AppType = 'trucking'): Promise<ProvisionedTenant> {
  const slug = uniqueSlug('staff');
  return provisionTenant(models, {
    slug,
    name: `Staffed ${slug}`,
    appType,
    users: rolesOf(appType).map((role) => ({ email: `${role}@${slug}.test`, name: `The ${role}`, roles: [role] })),
  });
}

/** The user of a tenant holding `role` (the first one). */
export function userWith(tenant: ProvisionedTenant, role: Role): ProvisionedUser {
  const user = tenant.users.find((u) => u.roles.includes(role));
  if (!user) throw new Error(`tenant ${tenant.slug} has no ${role}`);
  return user;
}

/** The context the gateway would sign for `user` (default: the first) of `tenant`, with the real ids. */
export function contextFor(tenant: ProvisionedTenant, user: ProvisionedUser | undefined = tenant.users[0]): TenantContext {
  if (!user) throw new Error(`tenant ${tenant.slug} has no user`);
  return makeTenantContext({ tenantId: tenant.id, slug: tenant.slug, appType: tenant.appType, userId: user.id, roles: user.roles });
}
