import mongoose, { type Connection } from 'mongoose';
import { dedicatedTenants, isPlacedSubgraph, tenantDatabases } from '@attunelogic/shared/tenancy';
import { type RelaySource } from './relay';

/** How long the list of dedicated databases is trusted: a tenant moved in is relayed from within it. */
const REFRESH_MS = 5_000;

/**
 * The outboxes of the dedicated tenants' databases, for the relay's passes: read from the directory
 * (core's `customers`) at most every REFRESH_MS; a dedicated placement on another server gets a
 * client of its own, kept for the process's life.
 */
export function dedicatedSources(core: Connection, sources: readonly string[], deployment: { prefix: string; uri: string }): () => Promise<RelaySource[]> {
  const subgraphs = sources.filter(isPlacedSubgraph);
  const clients = new Map<string, Promise<mongoose.mongo.MongoClient>>();
  const clientFor = (uri: string) => {
    if (uri === deployment.uri) return Promise.resolve(core.getClient());
    let client = clients.get(uri);
    if (!client) clients.set(uri, (client = new mongoose.mongo.MongoClient(uri, { retryWrites: false }).connect()));
    return client;
  };
  let cached: { at: number; sources: Promise<RelaySource[]> } | undefined;
  return () => {
    if (subgraphs.length === 0) return Promise.resolve([]);
    if (cached && Date.now() - cached.at < REFRESH_MS) return cached.sources;
    const listed = (async () => {
      const found: RelaySource[] = [];
      for (const tenant of await dedicatedTenants(core)) {
        for (const database of tenantDatabases(tenant, { ...deployment, subgraphs })) {
          found.push({ name: database.subgraph, db: (await clientFor(database.uri)).db(database.name) });
        }
      }
      return found;
    })();
    cached = { at: Date.now(), sources: listed };
    listed.catch(() => (cached = undefined));
    return listed;
  };
}
