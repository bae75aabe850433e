// Test helpers of the core subgraph: never imported by production code.
import { inject } from 'vitest';
import { type Connection } from 'mongoose';
import { connectDatabase, createLogger, rolesOf, type AppType, type Role, type TenantContext } from '@attunelogic/shared';
import { makeTenantContext, uniqueSlug } from '@attunelogic/shared/testing';
import { type CoreModels } from './models';
import { provisionTenant, type ProvisionedTenant, type ProvisionedUser, type ProvisionTenantInput } from './seed';

// The globalSetup (shared/src/testing/global-setup.ts) provides this; its declaration there is not
// part of this package's program, so it is repeated here for `inject`.
declare module 'vitest' {
  export interface ProvidedContext {
    mongodbUri: string;
  }
}

export const TEST_SECRET = 'core-test-internal-context-secret-0123456789';
export const silentLogger = createLogger('core-test', 'silent');

/**
 * A connection to this package's test database on the server the globalSetup started, with command
 * monitoring on so tests can see the queries that reach the server.
 */
export const connectTestDatabase = (name = 'test-core'): Promise<Connection> =>
  connectDatabase(inject('mongodbUri'), name, { monitorCommands: true });

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

/** Records the commands sent to one collection while `run` runs (the connection must monitor commands). */
export async function commandsOn(
  connection: Connection,
  collection: string,
  run: () => Promise<void>,
): Promise<{ name: string; command: Record<string, unknown> }[]> {
  const seen: { name: string; command: Record<string, unknown> }[] = [];
  const listener = (event: { commandName: string; command: Record<string, unknown> }) => {
    if (event.command[event.commandName] === collection) seen.push({ name: event.commandName, command: event.command });
  };
  const client = connection.getClient();
  client.on('commandStarted', listener);
  try {
    await run();
  } finally {
    client.off('commandStarted', listener);
  }
  return seen;
}
