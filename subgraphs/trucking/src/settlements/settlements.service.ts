import mongoose from 'mongoose';
import { z } from 'zod';
import { lineAmountCents, MAX_AMOUNT_CENTS, multiLine, paginate, shareOf, singleLine, type Connection, type ConnectionArgs, type Lean } from '@attunelogic/shared';
import { badInput, conflict, notFound } from '@attunelogic/shared/errors';
import { nextSequenceValue, parseId, tenantScope } from '@attunelogic/shared/mongo';
import { findOwned, loadOwned, updateOwned } from '@attunelogic/shared/subgraph';
import { actsOnlyAsDriver, requireAccess } from '../common/access';
import { calendarDate, objectId } from '../common/inputs';
import { driversByUser } from '../drivers/drivers.service';
import { LOADS_FEATURE, type Load } from '../loads/loads.service';
import { type TruckingContext } from '../models';
import { greatCircleKm } from '../routes/optimizer';
import { currencyFor, settlementSettingsFor, type SettlementSettings } from '../settings';
import { SETTLEMENT_STATUSES, type DriverSettlementDocument, type SettlementLine, type SettlementStatus } from './settlements.model';

export type DriverSettlement = Lean<DriverSettlementDocument>;

/** The tenant sequence settlement numbers are drawn from. */
export const SETTLEMENT_SEQUENCE = 'driver-settlement';
/** A pay period is at most this many days. */
export const MAX_PERIOD_DAYS = 31;
/** One settlement pays at most this many loads. */
export const MAX_LOADS_PER_SETTLEMENT = 200;
const DAY_MS = 86_400_000;
const KM_PER_MILE = 1.609344;

/** Read: loads:read (a driver reads only their own); write: loads:write. */
function requireSettlements(ctx: TruckingContext, write: boolean): void {
  requireAccess(ctx.tenant, LOADS_FEATURE, write ? 'loads:write' : 'loads:read');
}

/** The driver profile of a caller acting only as a driver (null for everyone else): whose settlements they may read. */
async function ownDriverId(ctx: TruckingContext): Promise<mongoose.Types.ObjectId | null | 'none'> {
  if (!actsOnlyAsDriver(ctx.tenant, 'loads:read')) return null;
  const driver = await driversByUser(ctx).load(ctx.tenant.userId);
  return driver?._id ?? 'none';
}

/** When the load was delivered: its delivered step (the last, should it have been delivered twice). */
export const deliveredAt = (load: Pick<Load, 'statusHistory'>): Date | null => load.statusHistory.findLast((step) => step.status === 'delivered')?.at ?? null;

/** The great-circle length of a load's stops in order, in `unit`, with two decimals. */
export function loadDistance(load: Pick<Load, 'stops'>, unit: 'mi' | 'km'): number {
  const km = load.stops
    .slice(1)
    .reduce((sum, stop, i) => sum + greatCircleKm({ lat: load.stops[i]!.latitude, lng: load.stops[i]!.longitude }, { lat: stop.latitude, lng: stop.longitude }), 0);
  return Math.round((unit === 'mi' ? km / KM_PER_MILE : km) * 100) / 100;
}

/** What a load pays its driver under the tenant's settlement settings, in minor units. */
export function payOf(settings: SettlementSettings, load: { distance: number; lineHaulCents: number }): number {
  switch (settings.payBasis) {
    case 'per_mile':
      return lineAmountCents({ quantity: load.distance, unitPriceCents: settings.ratePerMileCents });
    case 'per_load':
      return settings.ratePerLoadCents;
    case 'percent_of_line_haul':
      return shareOf(load.lineHaulCents, settings.lineHaulShareBasisPoints);
  }
}

/** The period's length in ms; null while a date is itself invalid (zod still runs an object's refinements then). */
const periodMs = (p: { periodStart: unknown; periodEnd: unknown }): number | null =>
  p.periodStart instanceof Date && p.periodEnd instanceof Date ? p.periodEnd.getTime() - p.periodStart.getTime() : null;

const createInput = z
  .object({ driverId: objectId, periodStart: calendarDate, periodEnd: calendarDate })
  .refine((p) => (periodMs(p) ?? 1) > 0, { message: 'The period ends after it starts.', path: ['periodEnd'] })
  .refine((p) => (periodMs(p) ?? 0) <= MAX_PERIOD_DAYS * DAY_MS, {
    message: `A pay period is at most ${MAX_PERIOD_DAYS} days.`,
    path: ['periodEnd'],
  });

/** Lets go of the loads `claimed` for settlement `settlementId`. */
async function releaseLoads(ctx: TruckingContext, settlementId: mongoose.Types.ObjectId, loadIds: readonly mongoose.Types.ObjectId[]): Promise<void> {
  if (loadIds.length === 0) return;
  await ctx.models.Load.updateMany({ _id: mongoose.trusted({ $in: loadIds }), ...tenantScope(ctx.tenant), settlementId }, { $set: { settlementId: null } });
  for (const id of loadIds) ctx.loaders.byId(ctx.models.Load).clear(id.toHexString());
}

/**
 * Settles a driver's pay period: a line for each load they delivered from periodStart (inclusive) to
 * periodEnd (exclusive, both UTC dates) not already on a live settlement, paid by the tenant's
 * `settlement.payBasis` (per mile of the stops' great-circle length in units.distance, per load, or a
 * share of the load's rate). Each load takes the settlement's id in a guarded write first, so a load
 * is never paid twice; a refused settlement lets go of them. Its writes grow with the loads: a period
 * the request's time left cannot cover is refused with DEADLINE_EXCEEDED before the first, and a
 * deadline that passes while the loads are taken lets go of those taken, so the settlement is all
 * there or not at all.
 */
export async function createDriverSettlement(ctx: TruckingContext, raw: unknown): Promise<DriverSettlement> {
  requireSettlements(ctx, true);
  const input = createInput.parse(raw);
  const driver = await loadOwned(ctx, ctx.models.Driver, input.driverId, 'Driver', 'driverId');
  const candidates = await ctx.models.Load.find({
    ...tenantScope(ctx.tenant),
    driver: driver._id,
    status: mongoose.trusted({ $in: ['delivered', 'invoiced'] }),
    settlementId: null,
  })
    // The stops and history decide (distance, delivery time); the rest of the load is not read.
    .select({ referenceNumber: 1, rateCents: 1, stops: 1, statusHistory: 1, status: 1 })
    .sort({ _id: 1 })
    .lean<Load[]>();
  const loads = candidates.filter((load) => {
    const at = deliveredAt(load);
    return at !== null && at >= input.periodStart && at < input.periodEnd;
  });
  if (loads.length === 0) throw conflict('The driver delivered no unsettled load in the period.', { reason: 'NOTHING_TO_SETTLE' });
  if (loads.length > MAX_LOADS_PER_SETTLEMENT) throw conflict(`At most ${MAX_LOADS_PER_SETTLEMENT} loads on one settlement; settle a shorter period.`);

  const settings = settlementSettingsFor(ctx.tenant);
  const distanceUnit = ctx.tenant.settings?.['units.distance'] === 'km' ? 'km' : 'mi';
  const lines: SettlementLine[] = loads.map((load) => {
    const distance = loadDistance(load, distanceUnit);
    return {
      _id: new mongoose.Types.ObjectId(),
      loadId: load._id,
      referenceNumber: load.referenceNumber,
      deliveredAt: deliveredAt(load)!,
      distance,
      lineHaulCents: load.rateCents,
      amountCents: payOf(settings, { distance, lineHaulCents: load.rateCents }),
    };
  });
  const totalCents = lines.reduce((sum, line) => sum + line.amountCents, 0);
  if (totalCents > MAX_AMOUNT_CENTS) throw conflict('The settlement exceeds the largest amount; settle a shorter period.');

  const deadline = ctx.work.deadline;
  deadline.cover(`Settling ${loads.length} loads`, loads.length + 2);
  const settlementId = new mongoose.Types.ObjectId();
  const claimed: mongoose.Types.ObjectId[] = [];
  try {
    for (const load of loads) {
      deadline.check();
      const taken = await ctx.models.Load.updateOne({ _id: load._id, ...tenantScope(ctx.tenant), driver: driver._id, settlementId: null }, { $set: { settlementId } });
      if (taken.modifiedCount !== 1) throw conflict(`Load ${load.referenceNumber} was settled by another request meanwhile; try again.`);
      claimed.push(load._id);
    }
    const number = await nextSequenceValue(ctx.models.Counter, ctx.tenant, SETTLEMENT_SEQUENCE);
    const created = await ctx.models.DriverSettlement.create({
      _id: settlementId,
      ...tenantScope(ctx.tenant),
      number,
      driver: driver._id,
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      ...settings,
      distanceUnit,
      currency: currencyFor(ctx.tenant),
      lines,
      totalCents,
      status: 'draft',
      createdBy: new mongoose.Types.ObjectId(ctx.tenant.userId),
    });
    const settlement = created.toObject<DriverSettlement>();
    ctx.loaders.byId(ctx.models.DriverSettlement).prime(settlementId.toHexString(), settlement);
    ctx.audit.record('DriverSettlement', settlementId.toHexString(), null, { ...settlement });
    for (const id of claimed) ctx.loaders.byId(ctx.models.Load).clear(id.toHexString());
    return settlement;
  } catch (error) {
    await releaseLoads(ctx, settlementId, claimed);
    throw error;
  }
}

const settlementFilter = z.object({ driverId: objectId.nullish(), status: z.enum(SETTLEMENT_STATUSES).nullish() }).nullish();
export type SettlementFilter = z.input<typeof settlementFilter>;

/** The tenant's settlements, newest first, of a driver and/or status; a driver reads only their own. */
export async function listDriverSettlements(ctx: TruckingContext, args: ConnectionArgs & { filter?: SettlementFilter }): Promise<Connection<DriverSettlement>> {
  requireSettlements(ctx, false);
  const filter = settlementFilter.parse(args.filter);
  const own = await ownDriverId(ctx);
  if (own === 'none') return paginate(ctx.models.DriverSettlement, ctx.tenant, { _id: null }, args);
  const driver = own ?? filter?.driverId;
  return paginate(ctx.models.DriverSettlement, ctx.tenant, { ...(driver && { driver }), ...(filter?.status && { status: filter.status }) }, args);
}

/** One settlement; NOT_FOUND when missing, another tenant's, or (for a driver) another driver's. */
export async function getDriverSettlement(ctx: TruckingContext, id: unknown): Promise<DriverSettlement> {
  requireSettlements(ctx, false);
  const settlement = await loadOwned(ctx, ctx.models.DriverSettlement, id, 'DriverSettlement');
  const own = await ownDriverId(ctx);
  if (own !== null && (own === 'none' || !settlement.driver.equals(own))) throw notFound('DriverSettlement', settlement._id.toHexString());
  return settlement;
}

const NEXT: Partial<Record<SettlementStatus, SettlementStatus>> = { draft: 'approved', approved: 'paid' };

/** Approves a draft settlement (approved) or records it paid (paid, with the payment's reference). */
export async function advanceDriverSettlement(ctx: TruckingContext, id: unknown, to: 'approved' | 'paid', rawReference?: unknown): Promise<DriverSettlement> {
  requireSettlements(ctx, true);
  const reference = singleLine(100).nullish().parse(rawReference);
  const before = await findOwned(ctx, ctx.models.DriverSettlement, parseId(id), 'DriverSettlement');
  if (NEXT[before.status] !== to) {
    throw conflict(`Settlement #${before.number} is ${before.status}; only ${to === 'approved' ? 'a draft is approved' : 'an approved settlement is paid'}.`, {
      status: before.status,
    });
  }
  const now = ctx.clock.now();
  const by = new mongoose.Types.ObjectId(ctx.tenant.userId);
  return updateOwned(
    ctx,
    ctx.models.DriverSettlement,
    before,
    { $set: to === 'approved' ? { status: 'approved', approvedAt: now, approvedBy: by } : { status: 'paid', paidAt: now, paymentReference: reference ?? null } },
    { what: 'DriverSettlement', guard: { status: before.status }, changed: `Settlement #${before.number} changed meanwhile; reload it and try again.` },
  );
}

/** Voids a settlement not yet paid, with the reason; its loads may be settled again. */
export async function voidDriverSettlement(ctx: TruckingContext, id: unknown, rawReason: unknown): Promise<DriverSettlement> {
  requireSettlements(ctx, true);
  const reason = multiLine(1_000).parse(rawReason);
  if (!reason) throw badInput('Say why the settlement is void.', { field: 'reason' });
  const before = await findOwned(ctx, ctx.models.DriverSettlement, parseId(id), 'DriverSettlement');
  if (before.status === 'void' || before.status === 'paid')
    throw conflict(`Settlement #${before.number} is ${before.status}; it cannot be voided.`, { status: before.status });
  const voided = await updateOwned(
    ctx,
    ctx.models.DriverSettlement,
    before,
    { $set: { status: 'void', voidedAt: ctx.clock.now(), voidReason: reason } },
    { what: 'DriverSettlement', guard: { status: before.status }, changed: `Settlement #${before.number} changed meanwhile; reload it and try again.` },
  );
  await releaseLoads(
    ctx,
    before._id,
    before.lines.map((line) => line.loadId),
  );
  return voided;
}
