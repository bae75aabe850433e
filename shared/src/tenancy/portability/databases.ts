import { type Db } from 'mongodb';
import { type Connection } from 'mongoose';

/** Every database that may hold something of a tenant: the subgraphs', the audit log's, the event log's and the authorization server's. */
export const TENANT_DATABASE_NAMES = ['core', 'trucking', 'service', 'audit', 'events', 'auth'] as const;
export type TenantDatabaseName = (typeof TENANT_DATABASE_NAMES)[number];

export interface TenantDatabase {
  readonly subgraph: TenantDatabaseName;
  readonly db: Db;
}

/**
 * The databases that hold `tenant`'s data, reached from a connection to core's database
 * (`<prefix>-core`): today every tenant is pooled, so they are `<prefix>-<name>` on the same server.
 * The one place export, import, erasure and the sweep learn where a tenant lives; per-tenant
 * placement answers here.
 */
export async function tenantDatabases(connection: Connection, tenant: { id: string }): Promise<TenantDatabase[]> {
  void tenant;
  const core = connection.db;
  if (!core) throw new Error('the connection to core is not open');
  const prefix = core.databaseName.replace(/-core$/, '');
  if (prefix === core.databaseName) throw new Error(`${core.databaseName} is not a core database (<prefix>-core)`);
  const client = connection.getClient();
  return TENANT_DATABASE_NAMES.map((subgraph) => ({ subgraph, db: subgraph === 'core' ? core : client.db(`${prefix}-${subgraph}`) }));
}
