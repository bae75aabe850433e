import { ObjectId, type Db } from 'mongodb';
import { type Connection } from 'mongoose';
import { conflict } from '../../errors/domain-error';
import { placementOf, tenantDatabases as placedDatabases } from '../placement';

/** Every database that may hold something of a tenant: the subgraphs', the audit log's, the event log's and the authorization server's. */
export const TENANT_DATABASE_NAMES = ['core', 'trucking', 'service', 'audit', 'events', 'auth'] as const;
export type TenantDatabaseName = (typeof TENANT_DATABASE_NAMES)[number];

export interface TenantDatabase {
  readonly subgraph: TenantDatabaseName;
  readonly db: Db;
}

/**
 * The databases that hold `tenant`'s data, reached from a connection to core's database
 * (`<prefix>-core`), as its placement says (placement.ts): a pooled tenant's are `<prefix>-<name>`,
 * a dedicated tenant's trucking and service data is in its own databases. The one place export,
 * import, erasure and the sweep learn where a tenant lives. A tenant being moved, or placed on a
 * server of its own, is refused with CONFLICT: move it first (`pnpm tenant move`).
 */
export async function tenantDatabases(connection: Connection, tenant: { id: string }): Promise<TenantDatabase[]> {
  const core = connection.db;
  if (!core) throw new Error('the connection to core is not open');
  const prefix = core.databaseName.replace(/-core$/, '');
  if (prefix === core.databaseName) throw new Error(`${core.databaseName} is not a core database (<prefix>-core)`);
  const record = ObjectId.isValid(tenant.id) ? await core.collection('customers').findOne({ _id: new ObjectId(tenant.id) }, { projection: { placement: 1 } }) : null;
  const placement = placementOf(record?.['placement']);
  if (placement.moving) throw conflict('The tenant is being moved between placements: finish or roll back the move first (pnpm tenant move --resume | --rollback).');
  if (placement.uri) throw conflict("The tenant's data is on a server of its own: move it into the deployment (pnpm tenant move <slug> --to dedicated) first.");
  const client = connection.getClient();
  // The deployment URI is not needed: every database is on core's server (checked above).
  const names = new Map(
    placedDatabases({ id: tenant.id, placement }, { prefix, uri: '', subgraphs: TENANT_DATABASE_NAMES }).map((database) => [database.subgraph, database.name]),
  );
  return TENANT_DATABASE_NAMES.map((subgraph) => ({ subgraph, db: subgraph === 'core' ? core : client.db(names.get(subgraph)!) }));
}
