// Retiring a vehicle, a trailer or a driver: the record stays (loads, maintenance records and
// positions keep pointing at it), leaves the pickers (lists hide it unless asked) and cannot be
// assigned (assignLoad takes only active ones). It is refused while the unit or driver is on an open
// load (assigned or in transit), with CONFLICT RETIRE_BLOCKED listing those loads: the dispatcher
// reassigns or finishes them first. Setting the status back to anything else reinstates it.
import mongoose, { type Model } from 'mongoose';
import { z } from 'zod';
import { conflict } from '@attunelogic/shared/errors';
import { parseId, tenantScope } from '@attunelogic/shared/mongo';
import { findOwned, setRetiredOwned, type SetRetiredOptions } from '@attunelogic/shared/subgraph';
import { type Lean } from '@attunelogic/shared';
import { ACTIVE_LOAD_STATUSES } from '../loads/loads.model';
import { type TruckingContext } from '../models';

export const RETIRED = 'retired';
/** At most this many blocking loads are named in a refusal. */
const MAX_LISTED = 10;
/** How long a fresh claim is presumed to be an assignment in flight (as in loads/assignment.ts). */
const CLAIM_IN_FLIGHT_MS = 60_000;

export type Retirable = 'driver' | 'vehicle' | 'trailer';

/** The fields every retirable record has. */
export interface RetirementFields {
  _id: mongoose.Types.ObjectId;
  status: string;
  activeLoad: mongoose.Types.ObjectId | null;
  activeLoadClaimedAt?: Date | null;
  retiredAt?: Date | null;
  retirementReason?: string | null;
}

/** Free text: why the record was retired (sold, totalled, left the company...). */
export const retirementReason = z.string().trim().min(1).max(500);

/** The list filter: of one status when asked, otherwise everything but the retired unless `includeRetired`. */
export function statusFilter(status: string | null | undefined, includeRetired: boolean | null | undefined): Record<string, unknown> {
  if (status) return { status };
  return includeRetired ? {} : { status: mongoose.trusted({ $ne: RETIRED }) };
}

/**
 * CONFLICT (RETIRE_BLOCKED) unless `doc` may retire now: it is on no open load, and no assignment
 * is claiming it at this moment.
 */
export async function requireRetirable(ctx: TruckingContext, kind: Retirable, doc: RetirementFields): Promise<void> {
  const open = await ctx.models.Load.find({ ...tenantScope(ctx.tenant), [kind]: doc._id, status: mongoose.trusted({ $in: [...ACTIVE_LOAD_STATUSES] }) })
    .select({ referenceNumber: 1, status: 1 })
    .sort({ _id: 1 })
    .limit(MAX_LISTED)
    .lean<{ _id: mongoose.Types.ObjectId; referenceNumber: string; status: string }[]>();
  if (open.length > 0) {
    throw conflict(`The ${kind} is on open loads (${open.map((load) => `${load.referenceNumber}, ${load.status}`).join('; ')}): reassign or finish them first.`, {
      reason: 'RETIRE_BLOCKED',
      loads: open.map((load) => ({ id: load._id.toHexString(), referenceNumber: load.referenceNumber, status: load.status })),
    });
  }
  const claimedAt = doc.activeLoadClaimedAt?.getTime() ?? 0;
  if (doc.activeLoad && claimedAt > Date.now() - CLAIM_IN_FLIGHT_MS) {
    throw conflict(`The ${kind} is being assigned to a load right now; try again in a minute.`, {
      reason: 'RETIRE_BLOCKED',
      loads: [{ id: doc.activeLoad.toHexString() }],
    });
  }
}

/**
 * What a status change writes besides the status: the date and reason on retiring, both cleared on
 * reinstating. Empty when the change neither retires nor reinstates.
 */
export function retirementChange(
  ctx: TruckingContext,
  before: Pick<RetirementFields, 'status'>,
  to: string | undefined,
  reason?: string | null,
): Record<string, unknown> {
  if (to === undefined || to === before.status) return {};
  if (to === RETIRED) return { retiredAt: ctx.clock.now(), retirementReason: reason ?? null };
  if (before.status === RETIRED) return { retiredAt: null, retirementReason: null };
  return {};
}

/**
 * The guard of a retiring write: the record is still as it was when checked (same status, same
 * claim), so an assignment claiming it meanwhile makes the retirement miss rather than pass.
 */
export const retirementGuard = (before: RetirementFields): Record<string, unknown> => ({ status: before.status, activeLoad: before.activeLoad ?? null });

/** The record's type as the API names it, for `NOT_FOUND` and the audit event. */
const TYPE_NAMES: Record<Retirable, string> = { vehicle: 'Vehicle', trailer: 'Trailer', driver: 'Driver' };

/**
 * Retires the tenant's vehicle, trailer or driver `id` (`setRetiredOwned` with the fleet's rules):
 * one already retired is answered as it is; CONFLICT RETIRE_BLOCKED while it is on an open load or
 * being assigned; the write is guarded by the state checked. `also` is written with it (e.g. a
 * driver's usual vehicle cleared).
 */
export async function retireRecord<T extends Omit<RetirementFields, '_id'>>(
  ctx: TruckingContext,
  kind: Retirable,
  model: Model<T>,
  id: unknown,
  rawReason: unknown,
  also: Record<string, unknown> = {},
  extra: Pick<SetRetiredOptions<T>, 'inc' | 'audit'> = {},
): Promise<Lean<T>> {
  const _id = parseId(id);
  const reason = retirementReason.nullish().parse(rawReason);
  const before = await findOwned(ctx, model, _id, TYPE_NAMES[kind]);
  return setRetiredOwned(ctx, model, before, true, {
    what: TYPE_NAMES[kind],
    isRetired: (doc) => doc.status === RETIRED,
    set: () => ({ status: RETIRED, ...also, ...retirementChange(ctx, before, RETIRED, reason) }),
    beforeRetiring: () => requireRetirable(ctx, kind, before),
    guard: retirementGuard(before),
    changed: `The ${kind} was changed (or assigned) by another request meanwhile; read it again.`,
    ...extra,
  });
}
