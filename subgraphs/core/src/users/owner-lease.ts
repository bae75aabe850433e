import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { conflict } from '@attunelogic/shared/errors';
import { type TenantModel } from '../tenants/tenants.model';

/** Long enough for a count and one write; a holder that dies frees the tenant after this. */
const LEASE_MS = 10_000;
/** How long a change waits for the lease before giving up with CONFLICT. */
const ACQUIRE_TIMEOUT_MS = 5_000;

/**
 * Runs `change` while holding the tenant's owner lease.
 *
 * Why a lease: "the last owner cannot be removed" is a rule over several documents (count the other
 * active owners, then demote or deactivate this one), and FerretDB has no transactions. Two
 * concurrent removals could each count the other as the remaining owner and both succeed. So every
 * change that can remove an active owner first takes a lease on the tenant document with one
 * guarded update (atomic: our launcher serialises writes per database, and MongoDB updates one
 * document atomically), counts and writes while holding it, then releases it. Changes that only
 * add owners need no lease: they can only raise the count. A counter of owners on the tenant would
 * avoid the count, but it could drift from the users after a crash between two writes; the lease
 * keeps no derived state, and a crashed holder's lease simply expires.
 */
export async function withOwnerLease<T>(tenants: TenantModel, tenantId: string, change: () => Promise<T>): Promise<T> {
  const _id = new mongoose.Types.ObjectId(tenantId);
  const holder = randomUUID();
  const deadline = Date.now() + ACQUIRE_TIMEOUT_MS;
  for (;;) {
    const now = new Date();
    const taken = await tenants.updateOne(
      { _id, $or: [{ ownerLease: null }, { 'ownerLease.until': mongoose.trusted({ $lt: now }) }] },
      { $set: { ownerLease: { holder, until: new Date(now.getTime() + LEASE_MS) } } },
    );
    if (taken.modifiedCount === 1) break;
    if (Date.now() > deadline) throw conflict('Another change to the owners of this tenant is in progress; try again.');
    await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
  }
  try {
    return await change();
  } finally {
    await tenants.updateOne({ _id, 'ownerLease.holder': holder }, { $set: { ownerLease: null } });
  }
}
