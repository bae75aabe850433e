// A tenant's stored data, exactly: every collection of every subgraph database of the stack (so a
// collection added tomorrow is included), as canonical Extended JSON. The audit database and audit
// collections are left out: refusals are audited, by design.
import mongoose from 'mongoose';
import { type Stack } from '@attunelogic/e2e-tests/stack';

const { EJSON } = mongoose.mongo.BSON;

/** Every document of the tenant (and the tenant's own record), by `database.collection`. */
export async function snapshotTenant(stack: Stack, tenantId: string): Promise<Record<string, string>> {
  const id = new mongoose.Types.ObjectId(tenantId);
  const snapshot: Record<string, string> = {};
  for (const connection of [stack.connections.core, stack.connections.trucking, stack.connections.service]) {
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
