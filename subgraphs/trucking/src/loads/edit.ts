// Correcting and cancelling a load, with the rules a dispatcher expects of each status: what may
// still change once the truck is rolling, once the freight is delivered, once it is invoiced. The
// rules are one table (LOAD_EDIT_RULES), served to clients as `Load.editableFields` and written out
// in docs/CONTRACT.md. A refusal is CONFLICT with `extensions.reason` naming the rule.
import mongoose from 'mongoose';
import { z } from 'zod';
import { conflict, notFound } from '@attunelogic/shared/errors';
import { findOwned, updateOwned } from '@attunelogic/shared/subgraph';
import { parseId } from '@attunelogic/shared/mongo';
import { singleLine } from '@attunelogic/shared';
import { requireAccess } from '../common/access';
import { address, coordinates, timeWindow } from '../common/inputs';
import { referenced } from '../common/references';
import { licenseExpired } from '../drivers/drivers.service';
import { type TruckingContext } from '../models';
import { loadAssignees } from './assignees';
import { releaseClaims } from './assignment';
import { CANCELLATION_REASONS, STOP_TYPES, type LoadDocument, type LoadStatus, type LoadStop } from './loads.model';
import { LOAD_TRANSITIONS, LOADS_FEATURE, MAX_STOPS_PER_LOAD, type Load } from './loads.service';

export const EDITABLE_LOAD_FIELDS = ['referenceNumber', 'customerReference', 'commodity', 'weightLbs', 'rateCents', 'notes', 'stops'] as const;
export type EditableLoadField = (typeof EDITABLE_LOAD_FIELDS)[number];

const BEFORE_DELIVERY: readonly LoadStatus[] = ['draft', 'tendered', 'assigned', 'in_transit'];

/**
 * In which statuses each field of a load may change:
 * - the load number, until delivery (it is on the bill of lading and the rate confirmation);
 * - bill-to (customerReference) and rate, until the load is invoiced;
 * - commodity, until the load is in transit (the freight is on the truck); weight, until delivery (a
 *   scale ticket may correct it on the road);
 * - stops, until delivery, and each stop only until the driver has arrived at it;
 * - notes, always (a cancelled or invoiced load still takes a dispatcher's note).
 */
export const LOAD_EDIT_RULES: Readonly<Record<EditableLoadField, readonly LoadStatus[]>> = {
  referenceNumber: BEFORE_DELIVERY,
  customerReference: [...BEFORE_DELIVERY, 'delivered'],
  rateCents: [...BEFORE_DELIVERY, 'delivered'],
  commodity: ['draft', 'tendered', 'assigned'],
  weightLbs: BEFORE_DELIVERY,
  stops: BEFORE_DELIVERY,
  notes: ['draft', 'tendered', 'assigned', 'in_transit', 'delivered', 'invoiced', 'cancelled'],
};

/** The fields of a load that may still change in its status (a stop arrived at stays as it is). */
export const editableFields = (load: Pick<LoadDocument, 'status'>): EditableLoadField[] =>
  EDITABLE_LOAD_FIELDS.filter((field) => LOAD_EDIT_RULES[field].includes(load.status));

const stopEdit = z.object({
  id: z
    .string()
    .regex(/^[0-9a-f]{24}$/i, 'Not a valid id.')
    .nullish(),
  type: z.enum(STOP_TYPES),
  name: singleLine(120).nullish(),
  address,
  location: coordinates,
  window: timeWindow,
  pickupIndex: z.number().int().min(0).nullish(),
  notes: z.string().trim().max(1_000).nullish(),
});

const updateLoadInput = z
  .object({
    referenceNumber: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .regex(/^[A-Za-z0-9][A-Za-z0-9 ._/#-]*$/, 'Letters, digits, space and . _ / # - only.')
      .optional(),
    customerReference: z.string().trim().min(1).max(120).optional(),
    commodity: z.string().trim().min(1).max(120).nullable().optional(),
    weightLbs: z.number().int().min(1).max(200_000).optional(),
    rateCents: z.number().int().min(0).max(100_000_000).optional(),
    notes: z.string().trim().max(2_000).nullable().optional(),
    stops: z.array(stopEdit).min(2).max(MAX_STOPS_PER_LOAD).optional(),
  })
  .refine((input) => Object.values(input).some((value) => value !== undefined), 'Give at least one field to change.')
  .superRefine((input, issues) => {
    if (!input.stops) return;
    const types = input.stops.map((s) => s.type);
    if (!types.includes('pickup')) issues.addIssue({ code: 'custom', path: ['stops'], message: 'A load needs at least one pickup.' });
    if (!types.includes('delivery')) issues.addIssue({ code: 'custom', path: ['stops'], message: 'A load needs at least one delivery.' });
    const ids = input.stops.map((s) => s.id?.toLowerCase()).filter(Boolean);
    if (new Set(ids).size !== ids.length) issues.addIssue({ code: 'custom', path: ['stops'], message: 'A stop is listed twice.' });
    const lastPickup = types.lastIndexOf('pickup');
    input.stops.forEach((stop, i) => {
      const path = ['stops', i, 'pickupIndex'];
      if (stop.pickupIndex === undefined || stop.pickupIndex === null) {
        if (stop.type === 'delivery' && i < lastPickup)
          issues.addIssue({ code: 'custom', path, message: 'A delivery comes after the pickups it delivers from; name its pickup with pickupIndex.' });
        return;
      }
      if (stop.type === 'pickup') issues.addIssue({ code: 'custom', path, message: 'Only a delivery names a pickup.' });
      else if (stop.pickupIndex >= i || types[stop.pickupIndex] !== 'pickup')
        issues.addIssue({ code: 'custom', path, message: 'pickupIndex names a pickup listed before this delivery.' });
    });
  });

type StopEdit = z.output<typeof stopEdit>;
type Change = Partial<
  Pick<LoadDocument, 'referenceNumber' | 'customerReference' | 'commodity' | 'weightLbs' | 'rateCents' | 'notes' | 'stops' | 'pickupAt' | 'deliverBy'>
>;

/** What locates a stop and when it is served: what may not change once the driver has arrived there. */
const stopPlace = (stop: Pick<LoadStop, 'type' | 'name' | 'address' | 'latitude' | 'longitude' | 'windowStart' | 'windowEnd' | 'pickupStop'>) =>
  JSON.stringify([
    stop.type,
    stop.name ?? null,
    stop.address.line1,
    stop.address.line2 ?? null,
    stop.address.city,
    stop.address.state,
    stop.address.postalCode,
    stop.latitude,
    stop.longitude,
    stop.windowStart.getTime(),
    stop.windowEnd.getTime(),
    stop.pickupStop?.toHexString() ?? null,
  ]);

/**
 * The stops a load will have: listed stops with an id keep it (and their recorded times), the others
 * are new; stops not listed are removed. A stop the driver has arrived at must stay listed, at the
 * same place in the order, and unchanged but for its notes (STOP_ARRIVED).
 */
function nextStops(before: Load, edits: StopEdit[]): LoadStop[] {
  const current = new Map(before.stops.map((stop) => [stop._id.toHexString(), stop]));
  const ids = edits.map((edit) => (edit.id ? new mongoose.Types.ObjectId(edit.id) : new mongoose.Types.ObjectId()));
  const stops = edits.map((edit, i): LoadStop => {
    const kept = edit.id ? current.get(ids[i]!.toHexString()) : undefined;
    if (edit.id && !kept) throw notFound('Stop', ids[i]!.toHexString());
    const stop: LoadStop = {
      _id: ids[i]!,
      type: edit.type,
      pickupStop: edit.type === 'delivery' && edit.pickupIndex !== null && edit.pickupIndex !== undefined ? ids[edit.pickupIndex]! : null,
      name: edit.name ?? null,
      address: { ...edit.address, line2: edit.address.line2 ?? null },
      latitude: edit.location.latitude,
      longitude: edit.location.longitude,
      windowStart: edit.window.start,
      windowEnd: edit.window.end,
      arrivedAt: kept?.arrivedAt ?? null,
      departedAt: kept?.departedAt ?? null,
      notes: edit.notes ?? null,
    };
    // A kept stop at the same address and coordinates is still at its party's location (parties/).
    const samePlace =
      kept?.party &&
      kept.address.line1 === stop.address.line1 &&
      kept.address.postalCode === stop.address.postalCode &&
      kept.latitude === stop.latitude &&
      kept.longitude === stop.longitude;
    return samePlace ? { ...stop, party: kept.party, partyLocation: kept.partyLocation ?? null } : stop;
  });
  before.stops.forEach((stop, index) => {
    if (!stop.arrivedAt) return;
    const id = stop._id.toHexString();
    const after = stops[index];
    const rule = { reason: 'STOP_ARRIVED', stopId: id };
    if (!after || !after._id.equals(stop._id)) {
      const removed = !stops.some((s) => s._id.equals(stop._id));
      throw conflict(`Stop ${index + 1} was arrived at (${stop.arrivedAt.toISOString()}): it can no longer be ${removed ? 'removed' : 'moved'}.`, rule);
    }
    if (stopPlace(after) !== stopPlace(stop)) {
      throw conflict(`Stop ${index + 1} was arrived at (${stop.arrivedAt.toISOString()}): only its notes may still change.`, rule);
    }
  });
  return stops;
}

/** The fields of `input` whose value differs from the load's: only those are checked against the rules and written. */
function changesOf(before: Load, input: z.output<typeof updateLoadInput>): Change {
  const change: Change = {};
  for (const field of ['referenceNumber', 'customerReference', 'commodity', 'weightLbs', 'rateCents', 'notes'] as const) {
    const value = input[field];
    if (value !== undefined && value !== (before[field] ?? null)) Object.assign(change, { [field]: value });
  }
  if (input.stops) {
    const stops = nextStops(before, input.stops);
    const same = (a: LoadStop, b: LoadStop) => a._id.equals(b._id) && stopPlace(a) === stopPlace(b) && (a.notes ?? null) === (b.notes ?? null);
    if (stops.length !== before.stops.length || stops.some((stop, i) => !same(stop, before.stops[i]!))) {
      change.stops = stops;
      change.pickupAt = new Date(Math.min(...stops.map((s) => s.windowStart.getTime())));
      change.deliverBy = new Date(Math.max(...stops.map((s) => s.windowEnd.getTime())));
    }
  }
  return change;
}

/**
 * The guard of a stop edit: every stop still where it was and still not arrived at if it was not
 * (an arrival recorded meanwhile makes the edit miss, rather than the edit erasing the arrival).
 */
const stopsAsRead = (before: Load): Record<string, unknown> =>
  Object.fromEntries(
    before.stops.flatMap((stop, i) => [
      [`stops.${i}._id`, stop._id],
      [`stops.${i}.arrivedAt`, stop.arrivedAt ?? null],
    ]),
  );

/**
 * Corrects a load: its number, bill-to, commodity, weight, rate, notes and stops, as far as its
 * status allows (LOAD_EDIT_RULES). Only fields whose value changes are checked and written, so a
 * client may send back a whole form. One guarded update (status and last change as read): an edit
 * racing with a transition or a stop event is CONFLICT rather than a lost update.
 */
export async function updateLoad(ctx: TruckingContext, id: unknown, raw: unknown): Promise<Load> {
  requireAccess(ctx.tenant, LOADS_FEATURE, 'loads:write');
  const _id = parseId(id);
  const input = updateLoadInput.parse(raw);
  const before = await findOwned(ctx, ctx.models.Load, _id, 'Load');
  const change = changesOf(before, input);
  for (const field of EDITABLE_LOAD_FIELDS) {
    if (change[field] === undefined || LOAD_EDIT_RULES[field].includes(before.status)) continue;
    const allowed = LOAD_EDIT_RULES[field];
    throw conflict(`"${field}" of a ${before.status} load can no longer change (it may in: ${allowed.join(', ')}).`, {
      reason: 'FIELD_LOCKED',
      field,
      status: before.status,
    });
  }
  if (change.deliverBy && before.driver) {
    const driver = await referenced(ctx, ctx.models.Driver, before.driver);
    if (driver && licenseExpired(driver, change.deliverBy)) {
      throw conflict(`The driver's license expires on ${driver.licenseExpiresOn.toISOString().slice(0, 10)}, before the new last stop window closes.`, {
        reason: 'LICENSE_EXPIRES_BEFORE_DELIVERY',
      });
    }
  }
  return updateOwned(
    ctx,
    ctx.models.Load,
    before,
    { $set: change },
    {
      what: 'Load',
      guard: { status: before.status, updatedAt: before.updatedAt, ...(change.stops && stopsAsRead(before)) },
      changed: (current) =>
        conflict(
          current.status === before.status
            ? 'The load was changed by another request meanwhile; read it again.'
            : `The load became ${current.status} meanwhile; read it again.`,
          { reason: 'LOAD_CHANGED' },
        ),
      duplicate: () => conflict(`The reference number "${change.referenceNumber}" is already used by another load.`, { field: 'referenceNumber' }),
    },
  );
}

const cancelInput = z
  .object({ reason: z.enum(CANCELLATION_REASONS), note: z.string().trim().max(1_000).nullish() })
  .refine((input) => input.reason !== 'other' || !!input.note, { message: 'A cancellation for another reason says which in "note".', path: ['note'] });

/**
 * Cancels a load before delivery with a reason from the vocabulary (and free text; required for
 * `other`), freeing its driver, vehicle and trailer. A delivered, invoiced or already cancelled
 * load is CONFLICT (LOAD_NOT_CANCELLABLE).
 */
export async function cancelLoad(ctx: TruckingContext, id: unknown, raw: { reason: unknown; note?: unknown }): Promise<Load> {
  requireAccess(ctx.tenant, LOADS_FEATURE, 'loads:write');
  const _id = parseId(id);
  const { reason, note } = cancelInput.parse(raw);
  const before = await findOwned(ctx, ctx.models.Load, _id, 'Load');
  if (!LOAD_TRANSITIONS[before.status].includes('cancelled')) {
    throw conflict(`A ${before.status} load cannot be cancelled: only loads not yet delivered can.`, { reason: 'LOAD_NOT_CANCELLABLE', status: before.status });
  }
  const at = ctx.clock.now();
  const by = new mongoose.Types.ObjectId(ctx.tenant.userId);
  const updated = await updateOwned(
    ctx,
    ctx.models.Load,
    before,
    { $set: { status: 'cancelled', cancellation: { reason, note: note ?? null, at, by } }, $push: { statusHistory: { status: 'cancelled', at, by } } },
    {
      what: 'Load',
      guard: { status: before.status },
      changed: (current) => conflict(`The load became ${current.status} meanwhile; read it again.`, { reason: 'LOAD_CHANGED' }),
      runValidators: false,
      events: [
        {
          type: 'load.status_changed',
          payload: { referenceNumber: before.referenceNumber, from: before.status, to: 'cancelled' },
          assignees: await loadAssignees(ctx, before.driver),
        },
      ],
    },
  );
  await releaseClaims(ctx, updated);
  return updated;
}
