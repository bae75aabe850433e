import mongoose from 'mongoose';
import { type Lean } from '@attunelogic/shared';
import { TRUCKING_DEFAULTS } from '@attunelogic/shared/tenancy';
import { badInput, forbidden } from '@attunelogic/shared/errors';
import { tenantScope } from '@attunelogic/shared/mongo';
import { hasPermission } from '@attunelogic/shared';
import { actsOnlyAsDriver, requireAccess } from '../common/access';
import { type DriverDocument } from '../drivers/drivers.model';
import { computeEta } from '../eta/eta.service';
import { hoursOfListed, type DriverHoursView } from '../hours/hours.service';
import { hoursSettingsFor } from '../hours/hours.settings';
import { dayOf, plannedDriving, startOfDay } from '../hours/rules';
import { type LoadDocument, type LoadStatus } from '../loads/loads.model';
import { LOADS_FEATURE } from '../loads/loads.service';
import { dueFor, type DueItem } from '../maintenance/maintenance.service';
import { type TruckingContext } from '../models';
import { greatCircleKm } from '../routes/optimizer';
import { type VehicleDocument } from '../vehicles/vehicles.model';

type Load = Lean<LoadDocument>;
type Driver = Lean<DriverDocument>;
type Vehicle = Lean<VehicleDocument>;

/** The most drivers, vehicles and loads a board reads: a fleet beyond it pages through the lists instead. */
export const BOARD_LIMIT = 500;
const DAY = 86_400_000;
const ACTIVE: readonly LoadStatus[] = ['assigned', 'in_transit'];

export type BoardAvailability = 'free' | 'assigned' | 'in_transit' | 'unavailable';
export type BoardConflictKind = 'overlapping_loads' | 'hours_exceeded' | 'license_expired' | 'maintenance_overdue';

export interface BoardConflictView {
  readonly kind: BoardConflictKind;
  readonly message: string;
  readonly loads: readonly Load[];
}

export interface BoardDriverView {
  readonly driver: Driver;
  readonly availability: BoardAvailability;
  readonly currentLoad: Load | null;
  readonly loads: readonly Load[];
  readonly hours: DriverHoursView | null;
  readonly conflicts: readonly BoardConflictView[];
}

export interface BoardVehicleView {
  readonly vehicle: Vehicle;
  readonly availability: BoardAvailability;
  readonly currentLoad: Load | null;
  readonly loads: readonly Load[];
  readonly conflicts: readonly BoardConflictView[];
}

export interface DispatchBoardView {
  readonly date: string;
  readonly timeZone: string;
  readonly start: Date;
  readonly end: Date;
  readonly drivers: readonly BoardDriverView[];
  readonly vehicles: readonly BoardVehicleView[];
  readonly unassignedLoads: readonly Load[];
  readonly lateLoads: readonly Load[];
  readonly maintenanceDueSoon: readonly DueItem[];
  readonly reminderLeadDays: number;
}

/** Pairs of loads whose [pickupAt, deliverBy] overlap, as one conflict naming them all. */
function overlapping(loads: readonly Load[]): BoardConflictView[] {
  const sorted = [...loads].sort((a, b) => a.pickupAt.getTime() - b.pickupAt.getTime());
  const hit = new Set<Load>();
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length && sorted[j]!.pickupAt < sorted[i]!.deliverBy; j++) {
      hit.add(sorted[i]!).add(sorted[j]!);
    }
  }
  return hit.size ? [{ kind: 'overlapping_loads', message: `${hit.size} loads of the day overlap in time.`, loads: [...hit] }] : [];
}

const plannedKm = (load: Load): number =>
  load.stops
    .slice(1)
    .reduce((km, stop, i) => km + greatCircleKm({ lat: load.stops[i]!.latitude, lng: load.stops[i]!.longitude }, { lat: stop.latitude, lng: stop.longitude }), 0);

const availabilityOf = (status: string, current: Load | null): BoardAvailability =>
  status !== 'active' ? 'unavailable' : !current ? 'free' : current.status === 'in_transit' ? 'in_transit' : 'assigned';

/**
 * The board of a day: the drivers and vehicles (not retired) with their current load, the day's loads,
 * hours left and conflicts; unassigned and late loads; maintenance due by the day's end plus the
 * tenant's `maintenance.reminderLeadDays`. Reads drivers, vehicles, the day's loads, the hours
 * (batched) and the maintenance (three queries): the same commands for 1 driver or 500.
 */
export async function dispatchBoard(ctx: TruckingContext, rawDate: string | null | undefined): Promise<DispatchBoardView> {
  requireAccess(ctx.tenant, LOADS_FEATURE, 'loads:read');
  // The whole fleet's day is the office's view; a driver reads their own loads.
  if (actsOnlyAsDriver(ctx.tenant, 'loads:read')) throw forbidden('The dispatch board is for the office; a driver reads their own loads.');
  const settings = hoursSettingsFor(ctx.tenant);
  const now = ctx.clock.now();
  const date = rawDate ?? dayOf(now, settings.timeZone);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) throw badInput('"date" must be a day as YYYY-MM-DD.', { field: 'date' });
  const start = startOfDay(date, settings.timeZone);
  const end = startOfDay(dayOf(new Date(start.getTime() + 36 * 3_600_000), settings.timeZone), settings.timeZone);
  const lead =
    typeof ctx.tenant.settings?.['maintenance.reminderLeadDays'] === 'number'
      ? ctx.tenant.settings['maintenance.reminderLeadDays']
      : TRUCKING_DEFAULTS.maintenance.reminderLeadDays;
  const scope = tenantScope(ctx.tenant);

  const [drivers, vehicles, dayLoads] = await Promise.all([
    ctx.models.Driver.find({ ...scope, status: mongoose.trusted({ $ne: 'retired' }) })
      .sort({ licenseNumber: 1 })
      .limit(BOARD_LIMIT)
      .lean<Driver[]>(),
    ctx.models.Vehicle.find({ ...scope, status: mongoose.trusted({ $ne: 'retired' }) })
      .sort({ unitNumber: 1 })
      .limit(BOARD_LIMIT)
      .lean<Vehicle[]>(),
    // Active loads whenever they run (a driver's current load), and every load of the day.
    ctx.models.Load.find({
      ...scope,
      $or: [
        { status: mongoose.trusted({ $in: ACTIVE }) },
        {
          status: mongoose.trusted({ $in: ['tendered', 'delivered'] as LoadStatus[] }),
          pickupAt: mongoose.trusted({ $lt: end }),
          deliverBy: mongoose.trusted({ $gte: start }),
        },
      ],
    })
      .limit(BOARD_LIMIT)
      .lean<Load[]>(),
  ]);
  for (const driver of drivers) ctx.loaders.byId(ctx.models.Driver).prime(driver._id.toHexString(), driver);
  for (const vehicle of vehicles) ctx.loaders.byId(ctx.models.Vehicle).prime(vehicle._id.toHexString(), vehicle);
  for (const load of dayLoads) ctx.loaders.byId(ctx.models.Load).prime(load._id.toHexString(), load);

  const ofDay = (load: Load) => load.pickupAt < end && load.deliverBy >= start;
  const byDriver = new Map<string, Load[]>();
  const byVehicle = new Map<string, Load[]>();
  for (const load of dayLoads) {
    if (load.driver) byDriver.set(load.driver.toHexString(), [...(byDriver.get(load.driver.toHexString()) ?? []), load]);
    if (load.vehicle) byVehicle.set(load.vehicle.toHexString(), [...(byVehicle.get(load.vehicle.toHexString()) ?? []), load]);
  }
  const driverById = new Map(drivers.map((d) => [d._id.toHexString(), d]));
  const readsHours = hasPermission(ctx.tenant.appType, ctx.tenant.roles, 'hours:read');
  const [hours, due] = await Promise.all([
    Promise.all(drivers.map((driver) => (readsHours ? hoursOfListed(ctx, driver) : Promise.resolve(null)))),
    hasPermission(ctx.tenant.appType, ctx.tenant.roles, 'maintenance:read') && vehicles.length
      ? dueFor(ctx, vehicles, new Date(end.getTime() + lead * DAY))
      : Promise.resolve([]),
  ]);
  // What is overdue now (not merely by the lead): the vehicles' conflicts.
  const overdueNow = due.filter(
    (item) => item.schedule.critical && item.measures.some((m) => m.status === 'overdue' && (m.measure !== 'days' || m.dueAt <= now.getTime())),
  );

  const boardDrivers = drivers.map((driver, i): BoardDriverView => {
    const all = byDriver.get(driver._id.toHexString()) ?? [];
    const current = all.find((load) => ACTIVE.includes(load.status)) ?? null;
    const loads = all.filter(ofDay);
    const conflicts = overlapping(loads.filter((load) => load.status !== 'delivered'));
    const left = hours[i] ?? null;
    const planned = loads
      .filter((load) => ACTIVE.includes(load.status))
      .reduce((ms, load) => ms + plannedDriving(plannedKm(load), settings.averageSpeed, settings.distanceUnit), 0);
    if (left && planned > left.drivingLeft) {
      conflicts.push({
        kind: 'hours_exceeded',
        message: `About ${Math.ceil(planned / 60_000)} minutes of driving planned; ${Math.floor(left.drivingLeft / 60_000)} left.`,
        loads: loads.filter((load) => ACTIVE.includes(load.status)),
      });
    }
    if (driver.licenseExpiresOn < end)
      conflicts.push({ kind: 'license_expired', message: `The license expires on ${driver.licenseExpiresOn.toISOString().slice(0, 10)}.`, loads });
    return { driver, availability: availabilityOf(driver.status, current), currentLoad: current, loads, hours: left, conflicts };
  });
  const boardVehicles = vehicles.map((vehicle): BoardVehicleView => {
    const all = byVehicle.get(vehicle._id.toHexString()) ?? [];
    const current = all.find((load) => ACTIVE.includes(load.status)) ?? null;
    const loads = all.filter(ofDay);
    const conflicts = overlapping(loads.filter((load) => load.status !== 'delivered'));
    const overdue = overdueNow.filter((item) => item.vehicle._id.equals(vehicle._id));
    if (overdue.length)
      conflicts.push({ kind: 'maintenance_overdue', message: `Critical maintenance overdue: ${overdue.map((item) => item.schedule.name).join(', ')}.`, loads });
    return { vehicle, availability: availabilityOf(vehicle.status, current), currentLoad: current, loads, conflicts };
  });
  const lateLoads = dayLoads.filter((load) => {
    if (!ACTIVE.includes(load.status) && load.status !== 'tendered') return false;
    const driver = load.driver ? driverById.get(load.driver.toHexString()) : undefined;
    return computeEta(load, driver?.lastLocation ?? null, now, settings).stops.some((stop) => stop.lateMinutes > 0);
  });
  return {
    date,
    timeZone: settings.timeZone,
    start,
    end,
    drivers: boardDrivers,
    vehicles: boardVehicles,
    unassignedLoads: dayLoads.filter((load) => load.status === 'tendered' && ofDay(load)),
    lateLoads,
    maintenanceDueSoon: due,
    reminderLeadDays: lead,
  };
}
