import mongoose from 'mongoose';
import { type Lean } from '@attunelogic/shared';
import { badInput, forbidden } from '@attunelogic/shared/errors';
import { tenantScope } from '@attunelogic/shared/mongo';
import { actsOnlyAsDriver, requireAccess } from '../common/access';
import { loadTotalCents } from '../billing/accessorials.service';
import { type LoadDocument, type LoadStatus } from '../loads/loads.model';
import { LOADS_FEATURE } from '../loads/loads.service';
import { type MaintenanceRecordDocument } from '../maintenance/maintenance.model';
import { type TruckingContext } from '../models';
import { currencyFor } from '../settings';
import { loadDistance } from '../settlements/settlements.service';
import { type DriverSettlementDocument } from '../settlements/settlements.model';

/** The longest period of a report, and the loads read per page (bounded reads: no aggregation the embedded database lacks). */
export const MAX_REPORT_DAYS = 92;
const PAGE = 500;
const DAY = 86_400_000;
const DONE: LoadStatus[] = ['delivered', 'invoiced'];

export interface OnTimeFigures {
  total: number;
  onTime: number;
  late: number;
  percent: number | null;
  unrecorded: number;
}

export interface DriverOnTimeView {
  readonly driver: mongoose.Types.ObjectId;
  loads: number;
  readonly pickups: OnTimeFigures;
  readonly deliveries: OnTimeFigures;
}

export interface OnTimeReportView {
  readonly from: Date;
  readonly to: Date;
  readonly loads: number;
  readonly pickups: OnTimeFigures;
  readonly deliveries: OnTimeFigures;
  readonly drivers: readonly DriverOnTimeView[];
}

const figures = (): OnTimeFigures => ({ total: 0, onTime: 0, late: 0, percent: null, unrecorded: 0 });

function count(into: OnTimeFigures, stop: LoadDocument['stops'][number]): void {
  if (!stop.arrivedAt) {
    into.unrecorded += 1;
    return;
  }
  into.total += 1;
  if (stop.arrivedAt <= stop.windowEnd) into.onTime += 1;
  else into.late += 1;
}

const finish = (f: OnTimeFigures): OnTimeFigures => ({ ...f, percent: f.total ? Math.round((f.onTime / f.total) * 1000) / 10 : null });

const instant = (value: string, field: string): Date => {
  const at = new Date(value);
  if (!/[zZ]|[+-]\d{2}:?\d{2}$/.test(value) || Number.isNaN(at.getTime())) throw badInput(`"${field}" must be an ISO 8601 instant with a time zone.`, { field });
  return at;
};

/** The office's access to reports, and the period [from, to) they cover (at most MAX_REPORT_DAYS). */
function reportPeriod(ctx: TruckingContext, rawFrom: string, rawTo: string): { from: Date; to: Date } {
  requireAccess(ctx.tenant, LOADS_FEATURE, 'loads:read');
  if (actsOnlyAsDriver(ctx.tenant, 'loads:read')) throw forbidden('Reports are for the office.');
  const from = instant(rawFrom, 'from');
  const to = instant(rawTo, 'to');
  if (to <= from) throw badInput('"to" must be after "from".', { field: 'to' });
  if (to.getTime() - from.getTime() > MAX_REPORT_DAYS * DAY) throw badInput(`A report covers at most ${MAX_REPORT_DAYS} days.`, { field: 'to' });
  return { from, to };
}

/** The tenant's delivered and invoiced loads whose last window ends in [from, to), a page of 500 by id at a time, with only `select`. */
function periodLoads<T>(ctx: TruckingContext, from: Date, to: Date, select: Record<string, 1>): AsyncGenerator<Lean<T>[]> {
  return pages((after) =>
    ctx.models.Load.find({
      ...tenantScope(ctx.tenant),
      status: mongoose.trusted({ $in: DONE }),
      deliverBy: mongoose.trusted({ $gte: from, $lt: to }),
      ...(after && { _id: mongoose.trusted({ $gt: after }) }),
    })
      .select(select)
      .sort({ _id: 1 })
      .limit(PAGE)
      .lean<Lean<T>[]>(),
  );
}

/** The pages `find` reads after each page's last id, until a page is short. */
async function* pages<T extends { _id: mongoose.Types.ObjectId }>(find: (after: mongoose.Types.ObjectId | null) => Promise<T[]>): AsyncGenerator<T[]> {
  let after: mongoose.Types.ObjectId | null = null;
  for (;;) {
    const page = await find(after);
    yield page;
    if (page.length < PAGE) return;
    after = page.at(-1)!._id;
  }
}

/**
 * On-time pickups and deliveries of the tenant's delivered and invoiced loads whose last window ends
 * in [from, to): a stop is on time when its recorded arrival is by its window's end. The loads are
 * read in pages of 500 by id (only the fields the report needs), so the work is bounded by the
 * period's loads and needs no aggregation stage the embedded database lacks.
 */
export async function onTimeReport(ctx: TruckingContext, rawFrom: string, rawTo: string): Promise<OnTimeReportView> {
  const { from, to } = reportPeriod(ctx, rawFrom, rawTo);

  const pickups = figures();
  const deliveries = figures();
  const byDriver = new Map<string, DriverOnTimeView>();
  let loads = 0;
  for await (const page of periodLoads<Pick<LoadDocument, 'stops' | 'driver'>>(ctx, from, to, { stops: 1, driver: 1 })) {
    for (const load of page) {
      loads += 1;
      const key = load.driver?.toHexString();
      let driver = key ? byDriver.get(key) : undefined;
      if (key && !driver) {
        driver = { driver: load.driver!, loads: 0, pickups: figures(), deliveries: figures() };
        byDriver.set(key, driver);
      }
      if (driver) driver.loads += 1;
      for (const stop of load.stops) {
        count(stop.type === 'pickup' ? pickups : deliveries, stop);
        if (driver) count(stop.type === 'pickup' ? driver.pickups : driver.deliveries, stop);
      }
    }
  }
  return {
    from,
    to,
    loads,
    pickups: finish(pickups),
    deliveries: finish(deliveries),
    drivers: [...byDriver.values()]
      .sort((a, b) => b.loads - a.loads || a.driver.toHexString().localeCompare(b.driver.toHexString()))
      .map((d) => ({ ...d, pickups: finish(d.pickups), deliveries: finish(d.deliveries) })),
  };
}

type OperatingLoad = Pick<LoadDocument, 'stops' | 'driver' | 'pickupAt' | 'rateCents' | 'accessorials' | 'settlementId'>;

export interface DriverOperatingView {
  readonly driver: mongoose.Types.ObjectId;
  loads: number;
  loadedDistance: number;
  emptyDistance: number;
  revenueCents: number;
  driverPayCents: number;
}

export interface OperatingReportView {
  readonly from: Date;
  readonly to: Date;
  readonly currency: string;
  readonly distanceUnit: 'mi' | 'km';
  readonly loads: number;
  readonly lineHaulCents: number;
  readonly accessorialCents: number;
  readonly revenueCents: number;
  readonly driverPayCents: number;
  readonly maintenanceCents: number;
  readonly costCents: number;
  readonly unsettledLoads: number;
  readonly loadedDistance: number;
  readonly emptyDistance: number;
  readonly totalDistance: number;
  readonly emptyPercent: number | null;
  readonly revenuePerDistanceCents: number | null;
  readonly costPerDistanceCents: number | null;
  readonly loadsPerDriver: number | null;
  readonly drivers: readonly DriverOperatingView[];
}

const twoDecimals = (value: number): number => Math.round(value * 100) / 100;
const perDistance = (cents: number, distance: number): number | null => (distance > 0 ? Math.round(cents / distance) : null);

/**
 * Revenue and cost per mile, empty miles and loads per driver of the tenant's delivered and invoiced
 * loads whose last window ends in [from, to) (the loads of onTimeReport):
 * - revenue: each load's rate plus its accessorials (what invoicing bills);
 * - driver pay: the lines of the live (not void) settlements that pay those loads; a load on no
 *   settlement yet is counted in `unsettledLoads` and costs nothing until it is settled;
 * - maintenance: the costs of the maintenance records performed in the period;
 * - loaded distance: each load's stops in order (great circle, units.distance, as settlements pay it);
 * - empty distance: for each driver, from one load's last stop to the first stop of their next load
 *   of the period, by pickup time (the drive to the period's first load is not known, so not counted).
 * Per-distance figures divide by loaded plus empty distance. Paged reads by id of loads, settlements
 * (by the loads' settlement ids) and maintenance records: no aggregation stage the embedded database
 * lacks, a constant number of commands until a collection has more than a page in the period.
 */
export async function operatingReport(ctx: TruckingContext, rawFrom: string, rawTo: string): Promise<OperatingReportView> {
  const { from, to } = reportPeriod(ctx, rawFrom, rawTo);
  const distanceUnit = ctx.tenant.settings?.['units.distance'] === 'km' ? 'km' : 'mi';

  const loads: Lean<OperatingLoad>[] = [];
  const select = { stops: 1, driver: 1, pickupAt: 1, rateCents: 1, accessorials: 1, settlementId: 1 } as const;
  for await (const page of periodLoads<OperatingLoad>(ctx, from, to, select)) loads.push(...page);

  const [pay, maintenanceCents] = await Promise.all([driverPayOf(ctx, loads), maintenanceCostOf(ctx, from, to)]);

  const byDriver = new Map<string, DriverOperatingView & { last?: Lean<OperatingLoad> }>();
  let lineHaulCents = 0;
  let accessorialCents = 0;
  let driverPayCents = 0;
  let unsettledLoads = 0;
  let loadedDistance = 0;
  let emptyDistance = 0;
  // By pickup time, so each driver's loads come in the order they drove them.
  for (const load of [...loads].sort((a, b) => a.pickupAt.getTime() - b.pickupAt.getTime() || a._id.toHexString().localeCompare(b._id.toHexString()))) {
    const revenue = loadTotalCents(load);
    const loaded = loadDistance(load, distanceUnit);
    const paid = pay.get(load._id.toHexString());
    lineHaulCents += load.rateCents;
    accessorialCents += revenue - load.rateCents;
    loadedDistance += loaded;
    if (paid === undefined) unsettledLoads += 1;
    else driverPayCents += paid;
    if (!load.driver) continue;
    const key = load.driver.toHexString();
    let driver = byDriver.get(key);
    if (!driver) {
      driver = { driver: load.driver, loads: 0, loadedDistance: 0, emptyDistance: 0, revenueCents: 0, driverPayCents: 0 };
      byDriver.set(key, driver);
    }
    if (driver.last) {
      const empty = loadDistance({ stops: [driver.last.stops.at(-1)!, load.stops[0]!] }, distanceUnit);
      driver.emptyDistance += empty;
      emptyDistance += empty;
    }
    driver.last = load;
    driver.loads += 1;
    driver.loadedDistance += loaded;
    driver.revenueCents += revenue;
    driver.driverPayCents += paid ?? 0;
  }

  const revenueCents = lineHaulCents + accessorialCents;
  const costCents = driverPayCents + maintenanceCents;
  const totalDistance = twoDecimals(loadedDistance + emptyDistance);
  return {
    from,
    to,
    currency: currencyFor(ctx.tenant),
    distanceUnit,
    loads: loads.length,
    lineHaulCents,
    accessorialCents,
    revenueCents,
    driverPayCents,
    maintenanceCents,
    costCents,
    unsettledLoads,
    loadedDistance: twoDecimals(loadedDistance),
    emptyDistance: twoDecimals(emptyDistance),
    totalDistance,
    emptyPercent: totalDistance > 0 ? Math.round((emptyDistance / (loadedDistance + emptyDistance)) * 1000) / 10 : null,
    revenuePerDistanceCents: perDistance(revenueCents, totalDistance),
    costPerDistanceCents: perDistance(costCents, totalDistance),
    loadsPerDriver: byDriver.size > 0 ? Math.round(([...byDriver.values()].reduce((sum, d) => sum + d.loads, 0) / byDriver.size) * 10) / 10 : null,
    drivers: [...byDriver.values()]
      .sort((a, b) => b.loads - a.loads || a.driver.toHexString().localeCompare(b.driver.toHexString()))
      .map(({ last: _last, ...d }) => ({ ...d, loadedDistance: twoDecimals(d.loadedDistance), emptyDistance: twoDecimals(d.emptyDistance) })),
  };
}

/** What the live settlements pay for each of these loads (by load id): their settlements read by id, a page of ids at a time. */
async function driverPayOf(ctx: TruckingContext, loads: readonly Lean<OperatingLoad>[]): Promise<Map<string, number>> {
  const wanted = new Set(loads.map((load) => load._id.toHexString()));
  const ids = [...new Map(loads.flatMap((load) => (load.settlementId ? [[load.settlementId.toHexString(), load.settlementId] as const] : []))).values()];
  const pay = new Map<string, number>();
  for (let i = 0; i < ids.length; i += PAGE) {
    const settlements = await ctx.models.DriverSettlement.find({
      ...tenantScope(ctx.tenant),
      _id: mongoose.trusted({ $in: ids.slice(i, i + PAGE) }),
      status: mongoose.trusted({ $ne: 'void' }),
    })
      .select({ lines: 1 })
      .lean<Lean<Pick<DriverSettlementDocument, 'lines'>>[]>();
    for (const settlement of settlements)
      for (const line of settlement.lines) if (wanted.has(line.loadId.toHexString())) pay.set(line.loadId.toHexString(), line.amountCents);
  }
  return pay;
}

/** The recorded costs of the maintenance performed in [from, to). */
async function maintenanceCostOf(ctx: TruckingContext, from: Date, to: Date): Promise<number> {
  let cents = 0;
  for await (const page of pages((after) =>
    ctx.models.MaintenanceRecord.find({
      ...tenantScope(ctx.tenant),
      performedAt: mongoose.trusted({ $gte: from, $lt: to }),
      ...(after && { _id: mongoose.trusted({ $gt: after }) }),
    })
      .select({ costCents: 1 })
      .sort({ _id: 1 })
      .limit(PAGE)
      .lean<Lean<Pick<MaintenanceRecordDocument, 'costCents'>>[]>(),
  ))
    for (const record of page) cents += record.costCents ?? 0;
  return cents;
}
