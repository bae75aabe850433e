import mongoose from 'mongoose';
import { type Lean } from '@attunelogic/shared';
import { badInput, forbidden } from '@attunelogic/shared/errors';
import { tenantScope } from '@attunelogic/shared/mongo';
import { actsOnlyAsDriver, requireAccess } from '../common/access';
import { type LoadDocument, type LoadStatus } from '../loads/loads.model';
import { LOADS_FEATURE } from '../loads/loads.service';
import { type TruckingContext } from '../models';

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

/**
 * On-time pickups and deliveries of the tenant's delivered and invoiced loads whose last window ends
 * in [from, to): a stop is on time when its recorded arrival is by its window's end. The loads are
 * read in pages of 500 by id (only the fields the report needs), so the work is bounded by the
 * period's loads and needs no aggregation stage the embedded database lacks.
 */
export async function onTimeReport(ctx: TruckingContext, rawFrom: string, rawTo: string): Promise<OnTimeReportView> {
  requireAccess(ctx.tenant, LOADS_FEATURE, 'loads:read');
  if (actsOnlyAsDriver(ctx.tenant, 'loads:read')) throw forbidden('Reports are for the office.');
  const from = instant(rawFrom, 'from');
  const to = instant(rawTo, 'to');
  if (to <= from) throw badInput('"to" must be after "from".', { field: 'to' });
  if (to.getTime() - from.getTime() > MAX_REPORT_DAYS * DAY) throw badInput(`A report covers at most ${MAX_REPORT_DAYS} days.`, { field: 'to' });

  const pickups = figures();
  const deliveries = figures();
  const byDriver = new Map<string, DriverOnTimeView>();
  let loads = 0;
  let after: mongoose.Types.ObjectId | null = null;
  for (;;) {
    const page: Lean<Pick<LoadDocument, 'stops' | 'driver'>>[] = await ctx.models.Load.find({
      ...tenantScope(ctx.tenant),
      status: mongoose.trusted({ $in: DONE }),
      deliverBy: mongoose.trusted({ $gte: from, $lt: to }),
      ...(after && { _id: mongoose.trusted({ $gt: after }) }),
    })
      .select({ stops: 1, driver: 1 })
      .sort({ _id: 1 })
      .limit(PAGE)
      .lean<Lean<Pick<LoadDocument, 'stops' | 'driver'>>[]>();
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
    if (page.length < PAGE) break;
    after = page.at(-1)!._id;
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
