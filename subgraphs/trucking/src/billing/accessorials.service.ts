import mongoose from 'mongoose';
import { z } from 'zod';
import { MAX_AMOUNT_CENTS, optionalLine } from '@attunelogic/shared';
import { conflict, notFound } from '@attunelogic/shared/errors';
import { parseId } from '@attunelogic/shared/mongo';
import { findOwned, updateOwned } from '@attunelogic/shared/subgraph';
import { requireAccess } from '../common/access';
import { ACCESSORIAL_KINDS, type LoadDocument } from '../loads/loads.model';
import { LOADS_FEATURE, type Load } from '../loads/loads.service';
import { type TruckingContext } from '../models';

/** A load carries at most this many accessorial charges. */
export const MAX_ACCESSORIALS = 20;

const accessorialInput = z
  .object({
    kind: z.enum(ACCESSORIAL_KINDS),
    description: optionalLine(200).nullish(),
    amountCents: z.number().int().min(1).max(MAX_AMOUNT_CENTS),
  })
  .refine((input) => input.kind !== 'other' || Boolean(input.description), { message: 'Say what an other charge is for.', path: ['description'] });

/** The rate plus every accessorial: what invoicing the load bills, in minor units. */
export const loadTotalCents = (load: Pick<LoadDocument, 'rateCents' | 'accessorials'>): number =>
  load.rateCents + (load.accessorials ?? []).reduce((sum, a) => sum + a.amountCents, 0);

/**
 * CONFLICT unless the load's charges may still change: not cancelled, and not on a live invoice
 * (an invoice voided lets go of its loads, which may then be corrected and invoiced again).
 */
function requireUninvoiced(load: Load): void {
  if (load.invoiceId) throw conflict(`Load ${load.referenceNumber} is invoiced; void its invoice to change its charges.`, { reason: 'LOAD_INVOICED' });
  if (load.status === 'cancelled') throw conflict(`Load ${load.referenceNumber} is cancelled; it bills nothing.`, { reason: 'LOAD_CANCELLED' });
}

const guardOf = (load: Load) => ({
  guard: { status: load.status, invoiceId: null, updatedAt: load.updatedAt },
  changed: `Load ${load.referenceNumber} changed meanwhile (invoiced?); reload it and try again.`,
});

/** Adds a detention, lumper, fuel surcharge or other charge to a load without an invoice. */
export async function addAccessorial(ctx: TruckingContext, loadId: unknown, raw: unknown): Promise<Load> {
  requireAccess(ctx.tenant, LOADS_FEATURE, 'loads:write');
  const _id = parseId(loadId, 'loadId');
  const input = accessorialInput.parse(raw);
  const before = await findOwned(ctx, ctx.models.Load, _id, 'Load', { field: 'loadId' });
  requireUninvoiced(before);
  if ((before.accessorials ?? []).length >= MAX_ACCESSORIALS) throw conflict(`A load carries at most ${MAX_ACCESSORIALS} accessorial charges.`);
  if (loadTotalCents(before) + input.amountCents > MAX_AMOUNT_CENTS) throw conflict(`Load ${before.referenceNumber} would exceed the largest amount of an invoice.`);
  const accessorial = {
    _id: new mongoose.Types.ObjectId(),
    kind: input.kind,
    description: input.description || null,
    amountCents: input.amountCents,
    addedAt: ctx.clock.now(),
    addedBy: new mongoose.Types.ObjectId(ctx.tenant.userId),
  };
  return updateOwned(ctx, ctx.models.Load, before, { $push: { accessorials: accessorial } }, { what: 'Load', ...guardOf(before) });
}

/** Removes an accessorial charge from a load without an invoice. */
export async function removeAccessorial(ctx: TruckingContext, loadId: unknown, accessorialId: unknown): Promise<Load> {
  requireAccess(ctx.tenant, LOADS_FEATURE, 'loads:write');
  const _id = parseId(loadId, 'loadId');
  const chargeId = parseId(accessorialId, 'accessorialId');
  const before = await findOwned(ctx, ctx.models.Load, _id, 'Load', { field: 'loadId' });
  if (!(before.accessorials ?? []).some((a) => a._id.equals(chargeId))) throw notFound('Accessorial', chargeId.toHexString());
  requireUninvoiced(before);
  // The whole list rewritten, guarded by the load as read: no other change slips in between.
  const kept = (before.accessorials ?? []).filter((a) => !a._id.equals(chargeId));
  return updateOwned(ctx, ctx.models.Load, before, { $set: { accessorials: kept } }, { what: 'Load', ...guardOf(before) });
}
