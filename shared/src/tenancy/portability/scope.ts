import { type Db } from 'mongodb';
import { type Connection } from 'mongoose';
import { type DocumentStorage } from '../../documents/storage';
import { tenantDatabases, type TenantDatabaseName } from './databases';
import { isSystemCollection } from './rules';

/** What export, import, erasure and the sweep work with. */
export interface PortabilityOptions {
  /** A connection to core's database (`<prefix>-core`): the tenant records, and the way to the others. */
  readonly core: Connection;
  /** Where the documents' files are; null when the deployment keeps none. */
  readonly storage: DocumentStorage | null;
  /** One line per step (the CLI prints them on stderr). */
  readonly progress?: (message: string) => void;
  /** Documents per archive chunk, insert and delete (1 000 by default). */
  readonly batchSize?: number;
}

export interface TenantCollection {
  readonly database: TenantDatabaseName;
  readonly db: Db;
  readonly collection: string;
}

/** Every collection of every database of the tenant, discovered (listCollections), system ones aside, in a stable order. */
export async function tenantCollections(options: PortabilityOptions, tenantId: string): Promise<TenantCollection[]> {
  const databases = await tenantDatabases(options.core, { id: tenantId });
  const found: TenantCollection[] = [];
  for (const { subgraph: database, db } of databases) {
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((info) => info.name).sort();
    for (const collection of names) if (!isSystemCollection(database, collection)) found.push({ database, db, collection });
  }
  return found;
}

export const batchSizeOf = (options: PortabilityOptions): number => options.batchSize ?? 1_000;
export const say = (options: PortabilityOptions, message: string): void => options.progress?.(message);
