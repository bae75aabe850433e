import { createHash } from 'node:crypto';
import mongoose from 'mongoose';
import { seedOwner, type Lean, type SeedTenant } from '@attunelogic/shared';
import { nextSequenceValue, tenantScope } from '@attunelogic/shared/mongo';
import { FREIGHT_INVOICE_SEQUENCE, linesOfLoad } from './billing/freight-invoices.service';
import { PNG, storeUpload, type Documents } from '@attunelogic/shared/documents';
import { type DriverDocument } from './drivers/drivers.model';
import { type DutyStatus } from './hours/rules';
import { type LoadDocument, type LoadStatus } from './loads/loads.model';
import { appliesToType, appliesToVehicle, stateKey } from './maintenance/maintenance.model';
import { type TruckingModels } from './models';
import { DEFAULT_SETTINGS, DEFAULT_SETTLEMENT } from './settings';
import { deliveredAt, loadDistance, payOf, SETTLEMENT_SEQUENCE } from './settlements/settlements.service';
import { type TrailerType } from './trailers/trailers.model';
import { type VehicleStatus } from './vehicles/vehicles.model';
import { vinCheckDigit } from './vehicles/vehicles.service';

// The demo data of every active trucking tenant (docs/CONTRACT.md, "Demo data"): a fleet,
// trailers (one retired), a driver profile for the driver@ user, loads in several states (the
// cancelled one with its reason), maintenance schedules with a service history, a few position
// pings and a day of the driver's duty statuses. Everything is keyed (unit number, user,
// reference number, schedule name, service time), so a second run creates nothing and never
// overwrites what users changed since. Times are relative to the first run.

interface DemoVehicle {
  unitNumber: string;
  make: string;
  model: string;
  year: number;
  /** World manufacturer identifier and descriptor section: the VIN's first eight characters. */
  vinPrefix: string;
  status: VehicleStatus;
  odometer: number;
  engineHours: number;
}

const FLEET: readonly DemoVehicle[] = [
  { unitNumber: '101', make: 'Freightliner', model: 'Cascadia', year: 2022, vinPrefix: '1FUJHHDR', status: 'active', odometer: 184_220, engineHours: 4_310.5 },
  { unitNumber: '102', make: 'Kenworth', model: 'T680', year: 2021, vinPrefix: '1XKYD49X', status: 'active', odometer: 256_940, engineHours: 6_022 },
  { unitNumber: '103', make: 'Peterbilt', model: '579', year: 2023, vinPrefix: '1XPBD49X', status: 'active', odometer: 61_305, engineHours: 1_480.2 },
  { unitNumber: '104', make: 'Volvo', model: 'VNL 860', year: 2020, vinPrefix: '4V4NC9EH', status: 'in_shop', odometer: 402_118, engineHours: 9_877.8 },
  { unitNumber: '105', make: 'International', model: 'LT625', year: 2019, vinPrefix: '3HSDJAPR', status: 'out_of_service', odometer: 517_660, engineHours: 12_404 },
];

interface DemoTrailer {
  unitNumber: string;
  type: TrailerType;
  make: string;
  model: string;
  year: number;
  vinPrefix: string;
  lengthFeet: number;
  /** A retired trailer, kept for history: why and how many days ago. */
  retired?: { reason: string; daysAgo: number };
}

const TRAILERS: readonly DemoTrailer[] = [
  { unitNumber: 'T-201', type: 'dry_van', make: 'Wabash', model: 'DuraPlate', year: 2021, vinPrefix: '1JJV532D', lengthFeet: 53 },
  { unitNumber: 'T-202', type: 'reefer', make: 'Utility', model: '3000R', year: 2022, vinPrefix: '1UYVS253', lengthFeet: 53 },
  { unitNumber: 'T-203', type: 'flatbed', make: 'Great Dane', model: 'Freedom', year: 2020, vinPrefix: '1GRDM962', lengthFeet: 48 },
  {
    unitNumber: 'T-199',
    type: 'dry_van',
    make: 'Wabash',
    model: 'DuraPlate',
    year: 2019,
    vinPrefix: '1JJV532D',
    lengthFeet: 53,
    retired: { reason: 'Sold after the floor failed inspection', daysAgo: 30 },
  },
];

// ISO 3779 model-year codes (position 10) for the years the demo fleet uses.
const MODEL_YEAR_CODE: Readonly<Record<number, string>> = { 2019: 'K', 2020: 'L', 2021: 'M', 2022: 'N', 2023: 'P' };

/** A valid VIN that is the same on every run for the same tenant and unit, and differs between them. */
function demoVin(slug: string, unit: { unitNumber: string; vinPrefix: string; year: number }): string {
  const serial = String(parseInt(createHash('sha256').update(`${slug}/${unit.unitNumber}`).digest('hex').slice(0, 8), 16) % 1_000_000).padStart(6, '0');
  const draft = `${unit.vinPrefix}0${MODEL_YEAR_CODE[unit.year] ?? 'N'}A${serial}`;
  return `${draft.slice(0, 8)}${vinCheckDigit(draft)}${draft.slice(9)}`;
}

interface Place {
  name: string;
  address: { line1: string; city: string; state: string; postalCode: string };
  latitude: number;
  longitude: number;
}

// Texas lanes: distribution centres and warehouses near real cities.
const PLACES: Readonly<Record<string, Place>> = {
  dallas: { name: 'North Texas DC', address: { line1: '4500 Irving Blvd', city: 'Dallas', state: 'TX', postalCode: '75247' }, latitude: 32.8151, longitude: -96.8716 },
  houston: {
    name: 'Port Houston Warehouse',
    address: { line1: '7300 Clinton Dr', city: 'Houston', state: 'TX', postalCode: '77020' },
    latitude: 29.7427,
    longitude: -95.2893,
  },
  austin: {
    name: 'Austin Grocery Hub',
    address: { line1: '9600 N Lamar Blvd', city: 'Austin', state: 'TX', postalCode: '78753' },
    latitude: 30.3679,
    longitude: -97.6967,
  },
  sanAntonio: {
    name: 'Alamo Cold Storage',
    address: { line1: '1800 S Zarzamora St', city: 'San Antonio', state: 'TX', postalCode: '78207' },
    latitude: 29.4011,
    longitude: -98.5274,
  },
  waco: {
    name: 'Central Texas Foods',
    address: { line1: '1200 Industrial Blvd', city: 'Waco', state: 'TX', postalCode: '76705' },
    latitude: 31.6043,
    longitude: -97.1094,
  },
  fortWorth: {
    name: 'Alliance Crossdock',
    address: { line1: '2300 Alliance Blvd', city: 'Fort Worth', state: 'TX', postalCode: '76177' },
    latitude: 32.9876,
    longitude: -97.3189,
  },
};

interface DemoLoad {
  referenceNumber: string;
  customerReference: string;
  commodity: string;
  weightLbs: number;
  rateCents: number;
  status: LoadStatus;
  /** Places in planned order: pickups then deliveries; the hour offsets of each window's start. */
  stops: readonly { type: 'pickup' | 'delivery'; place: keyof typeof PLACES; startHours: number }[];
  /** Unit numbers of the vehicle and trailer, for loads past tendered. */
  vehicle?: string;
  trailer?: string;
}

const LOADS: readonly DemoLoad[] = [
  {
    referenceNumber: 'L-1001',
    customerReference: 'HEB PO 55120',
    commodity: 'Canned goods',
    weightLbs: 38_000,
    rateCents: 185_000,
    status: 'draft',
    stops: [
      { type: 'pickup', place: 'dallas', startHours: 48 },
      { type: 'delivery', place: 'austin', startHours: 54 },
    ],
  },
  {
    referenceNumber: 'L-1002',
    customerReference: 'Sysco 88-2231',
    commodity: 'Frozen poultry',
    weightLbs: 42_500,
    rateCents: 240_000,
    status: 'tendered',
    stops: [
      { type: 'pickup', place: 'houston', startHours: 24 },
      { type: 'pickup', place: 'waco', startHours: 29 },
      { type: 'delivery', place: 'fortWorth', startHours: 33 },
    ],
  },
  {
    referenceNumber: 'L-1003',
    customerReference: 'Walmart DC 6012',
    commodity: 'Paper products',
    weightLbs: 31_200,
    rateCents: 162_500,
    status: 'in_transit',
    vehicle: '101',
    trailer: 'T-201',
    stops: [
      { type: 'pickup', place: 'dallas', startHours: -3 },
      { type: 'delivery', place: 'houston', startHours: 3 },
    ],
  },
  {
    referenceNumber: 'L-1004',
    customerReference: 'Home Depot 4471',
    commodity: 'Lumber',
    weightLbs: 44_000,
    rateCents: 210_000,
    status: 'delivered',
    vehicle: '102',
    trailer: 'T-203',
    stops: [
      { type: 'pickup', place: 'sanAntonio', startHours: -52 },
      { type: 'delivery', place: 'dallas', startHours: -44 },
    ],
  },
  {
    referenceNumber: 'L-1005',
    customerReference: 'Kroger 12-900',
    commodity: 'Produce',
    weightLbs: 36_800,
    rateCents: 198_000,
    status: 'invoiced',
    vehicle: '103',
    trailer: 'T-202',
    stops: [
      { type: 'pickup', place: 'austin', startHours: -170 },
      { type: 'delivery', place: 'houston', startHours: -164 },
    ],
  },
  {
    referenceNumber: 'L-1006',
    customerReference: 'Target 3310',
    commodity: 'Housewares',
    weightLbs: 22_000,
    rateCents: 120_000,
    status: 'cancelled',
    stops: [
      { type: 'pickup', place: 'fortWorth', startHours: -20 },
      { type: 'delivery', place: 'waco', startHours: -14 },
    ],
  },
];

/** The lifecycle up to a status, for the demo loads' history. */
const PATH: Readonly<Record<LoadStatus, readonly LoadStatus[]>> = {
  draft: ['draft'],
  tendered: ['draft', 'tendered'],
  assigned: ['draft', 'tendered', 'assigned'],
  in_transit: ['draft', 'tendered', 'assigned', 'in_transit'],
  delivered: ['draft', 'tendered', 'assigned', 'in_transit', 'delivered'],
  invoiced: ['draft', 'tendered', 'assigned', 'in_transit', 'delivered', 'invoiced'],
  cancelled: ['draft', 'tendered', 'cancelled'],
};

interface DemoSchedule {
  name: string;
  description: string;
  /** A unit number, or a vehicle type. */
  target: { vehicle: string } | { vehicleType: 'tractor' | 'truck' };
  intervalMiles?: number;
  intervalEngineHours?: number;
  intervalDays?: number;
  critical: boolean;
  /** The last service of each unit: days ago and the miles/hours below the unit's current reading. */
  history: Readonly<Record<string, { daysAgo: number; milesAgo: number; hoursAgo: number }>>;
}

const SCHEDULES: readonly DemoSchedule[] = [
  {
    name: 'Oil change',
    // The tenant's service intervals (maintenance.serviceIntervalMiles/Days): what
    // createMaintenanceSchedule gives a schedule named without intervals.
    description: 'Engine oil and filters.',
    target: { vehicleType: 'tractor' },
    intervalMiles: 25_000,
    intervalDays: 180,
    critical: false,
    // 102 is 3,940 mi overdue; 103 is due (695 mi left); 104 and 105 have no record: overdue.
    history: {
      '101': { daysAgo: 40, milesAgo: 14_220, hoursAgo: 300 },
      '102': { daysAgo: 120, milesAgo: 28_940, hoursAgo: 700 },
      '103': { daysAgo: 60, milesAgo: 24_305, hoursAgo: 500 },
    },
  },
  {
    name: 'Annual DOT inspection',
    // The tenant's inspection interval (maintenance.inspectionIntervalDays): what a schedule of kind
    // inspection without intervals gets.
    description: 'FMCSA annual inspection (49 CFR 396.17).',
    target: { vehicleType: 'tractor' },
    intervalDays: 365,
    critical: true,
    // 104 is 35 days overdue (it is in the shop).
    history: {
      '101': { daysAgo: 200, milesAgo: 50_000, hoursAgo: 1_200 },
      '102': { daysAgo: 90, milesAgo: 20_000, hoursAgo: 500 },
      '103': { daysAgo: 30, milesAgo: 8_000, hoursAgo: 200 },
      '104': { daysAgo: 400, milesAgo: 90_000, hoursAgo: 2_000 },
    },
  },
  {
    name: 'Brake inspection',
    description: 'Shoes, drums, slack adjusters.',
    target: { vehicle: '101' },
    intervalMiles: 50_000,
    intervalEngineHours: 1_500,
    intervalDays: 90,
    critical: true,
    history: { '101': { daysAgo: 30, milesAgo: 4_220, hoursAgo: 110 } },
  },
];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Gives every trucking tenant its demo data. Returns how many documents were created (0 on a
 * second run).
 */
/** With `documents` (DOCUMENT_LINK_SECRET set), the delivered demo load L-1004 also gets its proof-of-delivery photo. */
export async function seedTrucking(models: TruckingModels, tenants: readonly SeedTenant[], documents?: Documents | null): Promise<{ created: number }> {
  // The unique indexes must exist before the first upsert, or a concurrent run could insert twice.
  await Promise.all(Object.values(models).map((model) => model.init()));
  let created = 0;
  for (const tenant of tenants.filter((t) => t.appType === 'trucking')) {
    const now = new Date();
    created += await seedTenant(models, tenant, now, documents ?? null);
    created += await seedMoney(models, tenant, now);
    created += await seedCosts(models, tenant, now);
  }
  return { created };
}

async function seedTenant(models: TruckingModels, tenant: SeedTenant, now: Date, documents: Documents | null): Promise<number> {
  const scope = tenantScope({ tenantId: tenant.id });
  const createdBy = new mongoose.Types.ObjectId(seedOwner(tenant));
  let created = 0;
  const upsert = async <T>(
    model: mongoose.Model<T>,
    key: Record<string, unknown>,
    values: Record<string, unknown>,
  ): Promise<{ id: mongoose.Types.ObjectId; inserted: boolean }> => {
    const result = await model.updateOne({ ...scope, ...key }, { $setOnInsert: { ...values, createdBy } }, { upsert: true });
    if (result.upsertedCount) {
      created += 1;
      return { id: result.upsertedId as mongoose.Types.ObjectId, inserted: true };
    }
    const existing = await model.findOne({ ...scope, ...key }).lean<{ _id: mongoose.Types.ObjectId }>();
    return { id: existing!._id, inserted: false };
  };

  // Fleet. Vehicles seeded before vehicle types existed are tractors.
  await models.Vehicle.updateMany({ ...scope, type: mongoose.trusted({ $exists: false }) }, { $set: { type: 'tractor' } }, { timestamps: false });
  const vehicleIds = new Map<string, mongoose.Types.ObjectId>();
  for (const vehicle of FLEET) {
    const { id } = await upsert(
      models.Vehicle,
      { unitNumber: vehicle.unitNumber },
      {
        vin: demoVin(tenant.slug, vehicle),
        type: 'tractor',
        make: vehicle.make,
        model: vehicle.model,
        year: vehicle.year,
        plate: `${vehicle.unitNumber}-${tenant.slug.slice(0, 3).toUpperCase()}`,
        status: vehicle.status,
        odometer: vehicle.odometer,
        engineHours: vehicle.engineHours,
        activeLoad: null,
      },
    );
    vehicleIds.set(vehicle.unitNumber, id);
  }
  const trailerIds = new Map<string, mongoose.Types.ObjectId>();
  for (const trailer of TRAILERS) {
    const { id } = await upsert(
      models.Trailer,
      { unitNumber: trailer.unitNumber },
      {
        vin: demoVin(tenant.slug, trailer),
        type: trailer.type,
        make: trailer.make,
        model: trailer.model,
        year: trailer.year,
        plate: `${trailer.unitNumber.replace('-', '')}-${tenant.slug.slice(0, 3).toUpperCase()}`,
        lengthFeet: trailer.lengthFeet,
        status: trailer.retired ? 'retired' : 'active',
        retiredAt: trailer.retired ? new Date(now.getTime() - trailer.retired.daysAgo * DAY) : null,
        retirementReason: trailer.retired?.reason ?? null,
        activeLoad: null,
      },
    );
    trailerIds.set(trailer.unitNumber, id);
  }

  // The driver profile of the tenant's driver@ user.
  const driverUser = tenant.users.find((user) => user.roles.includes('driver'));
  let driverId: mongoose.Types.ObjectId | null = null;
  if (driverUser) {
    const serial = createHash('sha256').update(tenant.slug).digest('hex').slice(0, 8).toUpperCase();
    ({ id: driverId } = await upsert(
      models.Driver,
      { userId: new mongoose.Types.ObjectId(driverUser.id) },
      {
        licenseNumber: `TX${serial}`,
        licenseClass: 'A',
        licenseState: 'TX',
        licenseExpiresOn: new Date(Date.UTC(now.getUTCFullYear() + 3, 5, 30)),
        status: 'active',
        phone: '+1 214 555 0142',
        currentVehicle: vehicleIds.get('101'),
        activeLoad: null,
        lastLocation: null,
      },
    ));
  }

  // Loads; the ones past tendered are the driver's, on their vehicle and trailer.
  for (const demo of LOADS) {
    const assigned = PATH[demo.status].includes('assigned') && demo.status !== 'cancelled' && driverId !== null;
    const stopIds = demo.stops.map(() => new mongoose.Types.ObjectId());
    const inTransit = demo.status === 'in_transit';
    const stops = demo.stops.map((stop, i) => {
      const place = PLACES[stop.place]!;
      const start = new Date(now.getTime() + stop.startHours * HOUR);
      const done = ['delivered', 'invoiced'].includes(demo.status) || (inTransit && i === 0);
      return {
        _id: stopIds[i],
        type: stop.type,
        pickupStop: null,
        name: place.name,
        address: { ...place.address, line2: null },
        latitude: place.latitude,
        longitude: place.longitude,
        windowStart: start,
        windowEnd: new Date(start.getTime() + 4 * HOUR),
        arrivedAt: done ? new Date(start.getTime() + HOUR) : null,
        departedAt: done ? new Date(start.getTime() + 2 * HOUR) : null,
        notes: null,
      };
    });
    const history = PATH[demo.status].map((status, i, all) => ({ status, at: new Date(stops[0]!.windowStart.getTime() - (all.length - i) * 6 * HOUR), by: createdBy }));
    const values: Partial<Record<keyof LoadDocument, unknown>> = {
      customerReference: demo.customerReference,
      commodity: demo.commodity,
      weightLbs: demo.weightLbs,
      rateCents: demo.rateCents,
      status: demo.status,
      stops,
      driver: assigned ? driverId : null,
      vehicle: assigned && demo.vehicle ? vehicleIds.get(demo.vehicle) : null,
      trailer: assigned && demo.trailer ? trailerIds.get(demo.trailer) : null,
      pickupAt: new Date(Math.min(...stops.map((s) => s.windowStart.getTime()))),
      deliverBy: new Date(Math.max(...stops.map((s) => s.windowEnd.getTime()))),
      statusHistory: history,
      ...(demo.status === 'cancelled' && {
        cancellation: { reason: 'shipper_not_ready', note: 'Dock closed for inventory; rebook next week.', at: history.at(-1)!.at, by: createdBy },
      }),
    };
    const { id, inserted } = await upsert(models.Load, { referenceNumber: demo.referenceNumber }, values);
    // An active load holds its driver and units, as assignLoad would have claimed them.
    if (inserted && (demo.status === 'assigned' || demo.status === 'in_transit') && assigned) {
      const claim = { activeLoad: mongoose.trusted({ $in: [null] }) };
      await models.Driver.updateOne({ ...scope, _id: driverId, ...claim }, { $set: { activeLoad: id, activeLoads: [id] } }, { timestamps: false });
      if (demo.vehicle) await models.Vehicle.updateOne({ ...scope, _id: vehicleIds.get(demo.vehicle), ...claim }, { $set: { activeLoad: id } }, { timestamps: false });
      if (demo.trailer) await models.Trailer.updateOne({ ...scope, _id: trailerIds.get(demo.trailer), ...claim }, { $set: { activeLoad: id } }, { timestamps: false });
    }
  }

  // The POD photo of the delivered load, at its delivery stop: stored once, then found by its record.
  const pod = documents ? await models.Load.findOne({ ...scope, referenceNumber: 'L-1004' }).lean<LoadDocument & { _id: mongoose.Types.ObjectId }>() : null;
  if (documents && pod && !(await models.Document.exists({ ...scope, load: pod._id, kind: 'pod' }))) {
    const upload = await storeUpload(documents, { tenantId: tenant.id }, PNG);
    const delivery = pod.stops.find((stop) => stop.type === 'delivery');
    await upsert(
      models.Document,
      { upload: upload.id },
      {
        kind: 'pod',
        load: pod._id,
        stop: delivery?._id ?? null,
        name: 'Proof of delivery, Dallas',
        contentType: upload.contentType,
        size: upload.size,
        sha256: upload.sha256,
      },
    );
  }

  // Maintenance schedules and their last services.
  const vehicles = await models.Vehicle.find(scope).lean();
  for (const demo of SCHEDULES) {
    const vehicleTarget = 'vehicle' in demo.target ? vehicleIds.get(demo.target.vehicle)! : null;
    const vehicleType = 'vehicleType' in demo.target ? demo.target.vehicleType : null;
    const appliesTo = vehicleTarget ? appliesToVehicle(vehicleTarget) : appliesToType(vehicleType!);
    const { id: scheduleId } = await upsert(
      models.MaintenanceSchedule,
      { appliesTo, name: demo.name },
      {
        description: demo.description,
        vehicle: vehicleTarget,
        vehicleType,
        intervalMiles: demo.intervalMiles ?? null,
        intervalEngineHours: demo.intervalEngineHours ?? null,
        intervalDays: demo.intervalDays ?? null,
        critical: demo.critical,
        active: true,
      },
    );
    for (const [unitNumber, last] of Object.entries(demo.history)) {
      const vehicle = vehicles.find((v) => v.unitNumber === unitNumber);
      if (!vehicle) continue;
      const key = stateKey(vehicle._id, scheduleId);
      // Only for a pair without a service yet: users' records since the first run stay the state.
      if (await models.MaintenanceState.exists({ ...scope, key })) continue;
      const performedAt = new Date(now.getTime() - last.daysAgo * DAY);
      const readings = { odometer: Math.max(0, vehicle.odometer - last.milesAgo), engineHours: Math.max(0, vehicle.engineHours - last.hoursAgo) };
      const { id: recordId } = await upsert(
        models.MaintenanceRecord,
        { dedupeKey: `${vehicle._id.toHexString()}:${scheduleId.toHexString()}:${performedAt.toISOString()}` },
        {
          vehicle: vehicle._id,
          schedule: scheduleId,
          performedAt,
          ...readings,
          notes: 'Demo service history.',
          costCents: null,
        },
      );
      const state = await models.MaintenanceState.updateOne(
        { ...scope, key },
        { $setOnInsert: { vehicle: vehicle._id, schedule: scheduleId, record: recordId, performedAt, ...readings } },
        { upsert: true },
      );
      created += state.upsertedCount;
    }
  }

  // A few pings along I-45 south of Dallas, unless the driver has a position within retention.
  if (driverId) {
    const cutoff = new Date(now.getTime() - DEFAULT_SETTINGS.trackingRetentionDays * DAY);
    const driver = await models.Driver.findOne({ ...scope, _id: driverId }).lean<DriverDocument>();
    if (!driver?.lastLocation || driver.lastLocation.recordedAt < cutoff) {
      const route = [
        [32.7157, -96.7631],
        [32.5421, -96.6512],
        [32.3413, -96.5711],
        [32.0954, -96.4689],
        [31.9021, -96.3411],
      ] as const;
      const pings = route.map(([latitude, longitude], i) => ({
        ...scope,
        driver: driverId,
        latitude,
        longitude,
        recordedAt: new Date(now.getTime() - (route.length - i) * 12 * 60_000),
        receivedAt: new Date(now.getTime() - (route.length - i) * 12 * 60_000 + 2_000),
        speedKmh: 98,
        headingDegrees: 160,
        accuracyMeters: 8,
      }));
      const inserted = await models.DriverLocation.insertMany(pings);
      created += inserted.length;
      const last = inserted.at(-1)!;
      await models.Driver.updateOne(
        { ...scope, _id: driverId },
        {
          $set: {
            lastLocation: {
              location: last._id,
              latitude: last.latitude,
              longitude: last.longitude,
              recordedAt: last.recordedAt,
              receivedAt: last.receivedAt,
              speedKmh: last.speedKmh,
              headingDegrees: last.headingDegrees,
              accuracyMeters: last.accuracyMeters,
            },
          },
        },
        { timestamps: false },
      );
    }
  }

  // A day and a half of the driver's duty statuses, unless they have recorded any in the last day:
  // yesterday's shift and its rest, then today's inspection, the pickup of L-1003 and the drive.
  if (driverId && driverUser) {
    const since = new Date(now.getTime() - DAY);
    const recent = await models.DutyStatusEvent.countDocuments({ ...scope, driver: driverId, at: mongoose.trusted({ $gte: since }) });
    if (recent === 0) {
      const day: readonly [number, DutyStatus, string | null][] = [
        [-26, 'on_duty', 'Pre-trip inspection'],
        [-25.5, 'driving', null],
        [-21, 'on_duty', 'Unloading at North Texas DC'],
        [-20, 'driving', null],
        [-17, 'off_duty', null],
        [-4, 'on_duty', 'Pre-trip inspection'],
        [-3.75, 'driving', null],
        [-3.25, 'on_duty', 'Loading L-1003'],
        [-2.5, 'driving', null],
      ];
      const events = day.map(([hours, status, note]) => ({
        ...scope,
        driver: driverId,
        status,
        at: new Date(now.getTime() + hours * HOUR),
        latitude: null,
        longitude: null,
        note,
        supersedes: null,
        supersededBy: null,
        reason: null,
        byDriver: true,
        createdBy: new mongoose.Types.ObjectId(driverUser.id),
      }));
      created += (await models.DutyStatusEvent.insertMany(events)).length;
    }
  }
  return created;
}

// Parties and money (parties/, billing/): a shipper, a receiver and a broker with their locations;
// the demo loads billed to them (only where no bill-to is set yet); two more delivered loads of the
// driver, one with detention, ready to invoice together; and L-1005 (invoiced by hand) on a sent
// invoice with a partial payment. Keyed by party name, reference number and invoiced load.

interface DemoParty {
  name: string;
  kinds: ('shipper' | 'receiver' | 'broker')[];
  email: string;
  phone: string;
  paymentTermsDays: number;
  defaults: { commodity: string | null; weightLbs: number | null; rateCents: number | null };
  locations: readonly { place: keyof typeof PLACES; contact: string; role: string }[];
}

const PARTIES: readonly DemoParty[] = [
  {
    name: 'Lone Star Grocers',
    kinds: ['shipper'],
    email: 'ap@lonestargrocers.example',
    phone: '+1 214 555 0170',
    paymentTermsDays: 30,
    defaults: { commodity: 'Canned goods', weightLbs: 38_000, rateCents: 185_000 },
    locations: [
      { place: 'dallas', contact: 'Maria Lopez', role: 'shipping' },
      { place: 'austin', contact: 'Dev Patel', role: 'dock' },
    ],
  },
  {
    name: 'Gulf Coast Cold Storage',
    kinds: ['receiver'],
    email: 'receiving@gulfcoastcold.example',
    phone: '+1 713 555 0133',
    paymentTermsDays: 30,
    defaults: { commodity: null, weightLbs: null, rateCents: null },
    locations: [{ place: 'houston', contact: 'Receiving desk', role: 'receiving' }],
  },
  {
    name: 'Blue Bonnet Logistics',
    kinds: ['broker'],
    email: 'billing@bluebonnet.example',
    phone: '+1 512 555 0191',
    paymentTermsDays: 21,
    defaults: { commodity: 'Produce', weightLbs: 36_000, rateCents: 198_000 },
    locations: [],
  },
];

/** Which party each demo load is billed to. */
const BILL_TO: Readonly<Record<string, string>> = {
  'L-1001': 'Lone Star Grocers',
  'L-1002': 'Blue Bonnet Logistics',
  'L-1003': 'Lone Star Grocers',
  'L-1004': 'Lone Star Grocers',
  'L-1005': 'Blue Bonnet Logistics',
  'L-1006': 'Blue Bonnet Logistics',
  'L-1007': 'Lone Star Grocers',
  'L-1008': 'Lone Star Grocers',
};

async function seedMoney(models: TruckingModels, tenant: SeedTenant, now: Date): Promise<number> {
  const scope = tenantScope({ tenantId: tenant.id });
  const createdBy = new mongoose.Types.ObjectId(seedOwner(tenant));
  let created = 0;
  const partyIds = new Map<string, mongoose.Types.ObjectId>();
  for (const demo of PARTIES) {
    const locations = demo.locations.map((l) => {
      const place = PLACES[l.place]!;
      return {
        _id: new mongoose.Types.ObjectId(),
        name: place.name,
        address: { ...place.address, line2: null },
        latitude: place.latitude,
        longitude: place.longitude,
        contacts: [{ name: l.contact, role: l.role, phone: demo.phone, email: null }],
        notes: null,
      };
    });
    const values = {
      ...demo,
      locations,
      searchTokens: demo.name
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter(Boolean),
      notes: null,
      retiredAt: null,
      retirementReason: null,
      createdBy,
    };
    const result = await models.Party.updateOne({ ...scope, name: demo.name }, { $setOnInsert: values }, { upsert: true });
    created += result.upsertedCount;
    partyIds.set(
      demo.name,
      (await models.Party.findOne({ ...scope, name: demo.name })
        .select({ _id: 1 })
        .lean())!._id,
    );
  }

  // Two delivered loads of the driver, ready to invoice together.
  const driver = await models.Driver.findOne(scope).sort({ _id: 1 }).lean();
  const dallas = await models.Party.findOne({ ...scope, name: 'Lone Star Grocers' }).lean();
  const houston = await models.Party.findOne({ ...scope, name: 'Gulf Coast Cold Storage' }).lean();
  for (const [i, referenceNumber] of ['L-1007', 'L-1008'].entries()) {
    if (!driver || !dallas?.locations[0] || !houston?.locations[0]) break;
    const start = new Date(now.getTime() - (30 - i * 24) * HOUR - 2 * DAY);
    const stop = (party: typeof dallas, type: 'pickup' | 'delivery', at: Date) => ({
      _id: new mongoose.Types.ObjectId(),
      type,
      pickupStop: null,
      name: `${party.name} — ${party.locations[0]!.name}`,
      address: party.locations[0]!.address,
      latitude: party.locations[0]!.latitude,
      longitude: party.locations[0]!.longitude,
      windowStart: at,
      windowEnd: new Date(at.getTime() + 4 * HOUR),
      arrivedAt: new Date(at.getTime() + HOUR),
      departedAt: new Date(at.getTime() + 2 * HOUR),
      notes: null,
      party: party._id,
      partyLocation: party.locations[0]!._id,
    });
    const stops = [stop(dallas, 'pickup', start), stop(houston, 'delivery', new Date(start.getTime() + 6 * HOUR))];
    const history = ['draft', 'tendered', 'assigned', 'in_transit', 'delivered'].map((status, k) => ({
      status,
      at: new Date(start.getTime() + (k - 3) * 3 * HOUR + (status === 'delivered' ? 12 * HOUR : 0)),
      by: createdBy,
    }));
    const result = await models.Load.updateOne(
      { ...scope, referenceNumber },
      {
        $setOnInsert: {
          customerReference: `Lone Star PO ${77_100 + i}`,
          commodity: 'Canned goods',
          weightLbs: 38_000,
          rateCents: 185_000,
          status: 'delivered',
          stops,
          driver: driver._id,
          vehicle: driver.currentVehicle ?? null,
          trailer: null,
          pickupAt: stops[0]!.windowStart,
          deliverBy: stops[1]!.windowEnd,
          statusHistory: history,
          accessorials:
            i === 0
              ? [
                  {
                    _id: new mongoose.Types.ObjectId(),
                    kind: 'detention',
                    description: '2 h at the receiver',
                    amountCents: 15_000,
                    addedAt: history.at(-1)!.at,
                    addedBy: createdBy,
                  },
                ]
              : [],
          createdBy,
        },
      },
      { upsert: true },
    );
    created += result.upsertedCount;
  }

  for (const [referenceNumber, party] of Object.entries(BILL_TO)) {
    await models.Load.updateOne({ ...scope, referenceNumber, billTo: null }, { $set: { billTo: partyIds.get(party) } }, { timestamps: false });
  }

  // L-1005, invoiced by hand before invoices existed: its invoice, sent, with a partial payment.
  const invoiced = await models.Load.findOne({ ...scope, referenceNumber: 'L-1005', status: 'invoiced', invoiceId: null }).lean();
  if (invoiced?.billTo && !(await models.FreightInvoice.exists({ ...scope, loadIds: invoiced._id }))) {
    const broker = await models.Party.findOne({ ...scope, _id: invoiced.billTo }).lean();
    const invoiceId = new mongoose.Types.ObjectId();
    const claimed = await models.Load.updateOne({ ...scope, _id: invoiced._id, invoiceId: null }, { $set: { invoiceId } });
    if (broker && claimed.modifiedCount === 1) {
      const lines = linesOfLoad(invoiced).map((line) => ({ ...line, _id: new mongoose.Types.ObjectId() }));
      const totalCents = lines.reduce((sum, line) => sum + line.amountCents, 0);
      const sentAt = new Date(now.getTime() - 6 * DAY);
      await models.FreightInvoice.create({
        _id: invoiceId,
        ...scope,
        number: await nextSequenceValue(models.Counter, { tenantId: tenant.id }, FREIGHT_INVOICE_SEQUENCE),
        billTo: broker._id,
        billToName: broker.name,
        loadIds: [invoiced._id],
        status: 'sent',
        currency: 'USD',
        lines,
        totalCents,
        paidCents: 100_000,
        payments: [
          {
            _id: new mongoose.Types.ObjectId(),
            amountCents: 100_000,
            method: 'ach',
            reference: 'ACH 20931',
            receivedAt: new Date(now.getTime() - DAY),
            recordedBy: createdBy,
          },
        ],
        paymentTermsDays: broker.paymentTermsDays,
        sentAt,
        dueAt: new Date(sentAt.getTime() + broker.paymentTermsDays * DAY),
        createdBy,
      });
      created += 1;
    }
  }
  return created;
}

/**
 * What the operating report counts as cost: a draft settlement paying the driver for L-1007 (L-1008
 * stays unsettled, so the report shows both cases), and a tire replacement with its cost on the
 * driver's truck two days ago.
 */
async function seedCosts(models: TruckingModels, tenant: SeedTenant, now: Date): Promise<number> {
  const scope = tenantScope({ tenantId: tenant.id });
  const createdBy = new mongoose.Types.ObjectId(seedOwner(tenant));
  let created = 0;
  const load = await models.Load.findOne({ ...scope, referenceNumber: 'L-1007', status: 'delivered', settlementId: null }).lean<Lean<LoadDocument>>();
  const delivered = load && deliveredAt(load);
  if (load?.driver && delivered) {
    const settlementId = new mongoose.Types.ObjectId();
    const claimed = await models.Load.updateOne({ ...scope, _id: load._id, settlementId: null }, { $set: { settlementId } });
    if (claimed.modifiedCount === 1) {
      const distance = loadDistance(load, 'mi');
      const amountCents = payOf(DEFAULT_SETTLEMENT, { distance, lineHaulCents: load.rateCents });
      const periodStart = new Date(Date.UTC(delivered.getUTCFullYear(), delivered.getUTCMonth(), delivered.getUTCDate()));
      await models.DriverSettlement.create({
        _id: settlementId,
        ...scope,
        number: await nextSequenceValue(models.Counter, { tenantId: tenant.id }, SETTLEMENT_SEQUENCE),
        driver: load.driver,
        periodStart,
        periodEnd: new Date(periodStart.getTime() + DAY),
        ...DEFAULT_SETTLEMENT,
        distanceUnit: 'mi',
        currency: 'USD',
        lines: [{ loadId: load._id, referenceNumber: load.referenceNumber, deliveredAt: delivered, distance, lineHaulCents: load.rateCents, amountCents }],
        totalCents: amountCents,
        status: 'draft',
        createdBy,
      });
      created += 1;
    }
  }
  const vehicle = await models.Vehicle.findOne({ ...scope, ...(load?.vehicle && { _id: load.vehicle }) })
    .sort({ _id: 1 })
    .lean();
  if (vehicle) {
    const performedAt = new Date(Math.floor((now.getTime() - 2 * DAY) / DAY) * DAY + 15 * HOUR);
    const result = await models.MaintenanceRecord.updateOne(
      { ...scope, dedupeKey: `${vehicle._id.toHexString()}:none:demo-tires` },
      {
        $setOnInsert: {
          vehicle: vehicle._id,
          schedule: null,
          performedAt,
          odometer: vehicle.odometer,
          engineHours: vehicle.engineHours,
          notes: 'Two steer tires replaced.',
          costCents: 112_000,
          createdBy,
        },
      },
      { upsert: true },
    );
    created += result.upsertedCount;
  }
  return created;
}
