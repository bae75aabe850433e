// A tenant's stored data, exactly: every collection of every subgraph database the stack's models
// live on (so a collection added tomorrow is included), as canonical Extended JSON. Audit collections
// are left out: refusals are audited, by design.
import mongoose, { type Connection } from 'mongoose';
import { type Stack } from '@attunelogic/e2e-tests/stack';

const { EJSON } = mongoose.mongo.BSON;

/** The connections behind the stack's models, audit database excluded. */
function dataConnections(stack: Stack): Connection[] {
  const connections = new Map<string, Connection>();
  for (const models of Object.values(stack.models)) {
    for (const model of Object.values(models as unknown as Record<string, unknown>)) {
      if (typeof model !== 'function' || !('db' in model) || !('collection' in model)) continue;
      const db = (model as mongoose.Model<unknown>).db;
      if (!/audit/i.test(db.name)) connections.set(db.name, db);
    }
  }
  return [...connections.values()];
}

/** Every document of the tenant (and the tenant's own record), by `database.collection`. */
export async function snapshotTenant(stack: Stack, tenantId: string): Promise<Record<string, string>> {
  const id = new mongoose.Types.ObjectId(tenantId);
  const snapshot: Record<string, string> = {};
  for (const connection of dataConnections(stack)) {
    const db = connection.db;
    if (!db) throw new Error(`connection ${connection.name} is not open`);
    const collections = (await db.listCollections({}, { nameOnly: true }).toArray())
      .map((c) => c.name)
      .filter((name) => !/audit/i.test(name))
      .sort();
    for (const name of collections) {
      const docs = await db
        .collection(name)
        .find({ $or: [{ parentCompany: id }, { _id: id }] })
        .sort({ _id: 1 })
        .toArray();
      if (docs.length > 0) snapshot[`${connection.name}.${name}`] = EJSON.stringify(docs, { relaxed: false });
    }
  }
  return snapshot;
}

/** Every ObjectId (hex) in a snapshot: what would identify the tenant's data in an answer. */
export function idsIn(snapshot: Record<string, string>): Set<string> {
  const ids = new Set<string>();
  for (const text of Object.values(snapshot)) for (const match of text.matchAll(/"\$oid":"([0-9a-f]{24})"/g)) ids.add(match[1]!);
  return ids;
}
