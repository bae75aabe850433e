import { createHash } from 'node:crypto';
import mongoose from 'mongoose';
import { type AuditEventDocument, type AuditModels } from './audit.model';

/** The `prevHash` of a tenant's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so a hash does not depend on key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value instanceof mongoose.Types.ObjectId) return JSON.stringify(value.toHexString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export type AuditEventContent = Omit<AuditEventDocument, 'parentCompany' | 'seq' | 'prevHash' | 'hash'>;

/** The hash of an event: over its content, its tenant, its place in the chain and the previous hash. */
export function hashEvent(tenantId: string, seq: number, prevHash: string, content: AuditEventContent): string {
  return createHash('sha256')
    .update(canonicalJson({ ...content, tenant: tenantId, seq, prevHash }))
    .digest('hex');
}

export const contentOf = (doc: AuditEventDocument): AuditEventContent => ({
  at: doc.at,
  actor: doc.actor,
  subgraph: doc.subgraph,
  operation: doc.operation,
  targetType: doc.targetType ?? null,
  targetId: doc.targetId ?? null,
  outcome: doc.outcome,
  errorCode: doc.errorCode ?? null,
  diff: doc.diff ?? null,
  requestId: doc.requestId,
  // Hashed only where present, so events written before the field existed keep their hashes.
  ...(doc.clientRequestId ? { clientRequestId: doc.clientRequestId } : {}),
});

const DUPLICATE_KEY = 11000;
const MAX_ATTEMPTS = 200;

// Appends of one tenant are queued within the process, so they rarely race; across processes the
// unique {parentCompany, seq} index decides and the loser retries on the new head.
const queues = new Map<string, Promise<unknown>>();

/**
 * Appends one event to a tenant's chain: reads the head, hashes, and inserts at head + 1. No
 * transaction is needed: the unique index on `seq` makes the insert a compare-and-swap.
 */
export function appendAuditEvent(models: AuditModels, tenantId: string, content: AuditEventContent): Promise<AuditEventDocument> {
  const previous = queues.get(tenantId) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => appendNow(models, tenantId, content));
  queues.set(tenantId, next);
  void next
    .finally(() => {
      if (queues.get(tenantId) === next) queues.delete(tenantId);
    })
    .catch(() => undefined);
  return next;
}

async function appendNow(models: AuditModels, tenantId: string, content: AuditEventContent): Promise<AuditEventDocument> {
  const { AuditEvent: model, AuditHead } = models;
  const parentCompany = new mongoose.Types.ObjectId(tenantId);
  // The head document (one per tenant) says where the chain ends, without reading the events: on
  // a database that scans to sort, finding the newest event costs a read of every event. It is
  // only a hint — the unique {parentCompany, seq} index decides — so when it is behind (another
  // process appended, or a crash came between the insert and the head's update) the insert
  // collides and the next attempt reads the chain's real end.
  let head: { seq: number; hash: string } | null = await AuditHead.findOne({ _id: parentCompany, parentCompany }).select({ seq: 1, hash: 1 }).lean();
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const seq = (head?.seq ?? 0) + 1;
    const prevHash = head?.hash ?? GENESIS_HASH;
    const doc: AuditEventDocument = { ...content, parentCompany, seq, prevHash, hash: hashEvent(tenantId, seq, prevHash, content) };
    try {
      await model.create(doc);
      // Moves the head forward only (a slower writer never moves it back). A duplicate key here means
      // another process created the head first; the next append will move it.
      await AuditHead.updateOne({ _id: parentCompany, parentCompany, seq: mongoose.trusted({ $lt: seq }) }, { $set: { seq, hash: doc.hash } }, { upsert: true }).catch(
        (e: { code?: unknown }) => {
          if (e.code !== DUPLICATE_KEY) throw e;
        },
      );
      return doc;
    } catch (error) {
      if ((error as { code?: unknown }).code !== DUPLICATE_KEY) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
      head = await model.findOne({ parentCompany }).sort({ seq: -1 }).select({ seq: 1, hash: 1 }).lean();
    }
  }
  throw new Error(`audit chain of tenant ${tenantId}: no free place after ${MAX_ATTEMPTS} attempts`);
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  /** The first broken link, if any. */
  brokenAt: { seq: number; reason: 'hash_mismatch' | 'link_mismatch' | 'missing_event' | 'truncated' } | null;
}

/** Walks a tenant's chain in order and reports the first event whose hash or link does not hold. */
export async function verifyAuditChain(models: AuditModels, tenantId: string, pageSize = 500): Promise<ChainVerification> {
  const { AuditEvent: model, AuditHead } = models;
  const parentCompany = new mongoose.Types.ObjectId(tenantId);
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const page = await model
      .find({ parentCompany, seq: mongoose.trusted({ $gte: expectedSeq }) })
      .sort({ seq: 1 })
      .limit(pageSize)
      .lean<AuditEventDocument[]>();
    for (const doc of page) {
      if (doc.seq !== expectedSeq) return { ok: false, checked, brokenAt: { seq: expectedSeq, reason: 'missing_event' } };
      if (doc.prevHash !== prevHash) return { ok: false, checked, brokenAt: { seq: doc.seq, reason: 'link_mismatch' } };
      if (hashEvent(tenantId, doc.seq, doc.prevHash, contentOf(doc)) !== doc.hash) {
        return { ok: false, checked, brokenAt: { seq: doc.seq, reason: 'hash_mismatch' } };
      }
      prevHash = doc.hash;
      expectedSeq += 1;
      checked += 1;
    }
    if (page.length < pageSize) {
      const head = await AuditHead.findOne({ parentCompany }).lean();
      if (head && (head.seq !== expectedSeq - 1 || head.hash !== prevHash)) {
        return { ok: false, checked, brokenAt: { seq: expectedSeq, reason: 'truncated' } };
      }
      return { ok: true, checked, brokenAt: null };
    }
  }
}
