import { ObjectId, type Db } from 'mongodb';
import { contentOf, GENESIS_HASH, hashEvent } from '../../audit/audit-chain';
import { type AuditEventDocument } from '../../audit/audit.model';

export interface ChainSummary {
  count: number;
  head: { seq: number; hash: string } | null;
  /** Every event's hash and link hold, from the genesis on. */
  verified: boolean;
}

/**
 * Walks an audit chain stored in `collection` of `db` under owner `ownerId`, whose hashes were made
 * for tenant `chainTenantId`: the tenant's own chain (`auditEvents`, both ids the same), or a chain
 * imported as history (`importedAuditEvents`: owned by the target, hashed for the source).
 */
export async function summarizeChain(db: Db, collection: string, ownerId: string, chainTenantId: string): Promise<ChainSummary> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let verified = true;
  let count = 0;
  let head: ChainSummary['head'] = null;
  const cursor = db
    .collection<AuditEventDocument>(collection)
    .find({ parentCompany: new ObjectId(ownerId) })
    .sort({ seq: 1 });
  for await (const doc of cursor) {
    count += 1;
    if (doc.seq !== expectedSeq || doc.prevHash !== prevHash || hashEvent(chainTenantId, doc.seq, doc.prevHash, contentOf(doc)) !== doc.hash) verified = false;
    head = { seq: doc.seq, hash: doc.hash };
    prevHash = doc.hash;
    expectedSeq = doc.seq + 1;
  }
  return { count, head, verified };
}
