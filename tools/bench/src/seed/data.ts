import mongoose from 'mongoose';

/** How much data each tenant gets. */
export interface DataShape {
  readonly truckingTenants: number;
  readonly serviceTenants: number;
  /** Owner, admin, dispatcher, viewer and more dispatchers: the users that create records. */
  readonly officeUsers: number;
  readonly vehicles: number;
  /** One driver user and profile each. */
  readonly drivers: number;
  readonly loads: number;
  /** GPS pings per tenant, spread over its drivers: the bulk of a trucking tenant's data. */
  readonly pings: number;
  readonly customers: number;
  /** One technician user and profile each. */
  readonly technicians: number;
  readonly items: number;
  readonly workOrders: number;
}

type Doc = Record<string, unknown>;
const oid = () => new mongoose.Types.ObjectId();

/** A small deterministic PRNG (mulberry32), so every run seeds the same shapes. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => {
  if (items.length === 0) throw new Error('pick from an empty list');
  return items[Math.floor(random() * items.length)]!;
};

export interface SeedUser {
  readonly _id: mongoose.Types.ObjectId;
  readonly email: string;
  readonly roles: readonly string[];
}

/** A bench tenant with the ids its industry data refers to. */
export interface SeedTenant {
  readonly _id: mongoose.Types.ObjectId;
  readonly slug: string;
  readonly appType: 'trucking' | 'serviceRepair';
  readonly users: readonly SeedUser[];
  readonly office: readonly SeedUser[];
  readonly field: readonly SeedUser[];
}

const OFFICE_ROLES = ['owner', 'admin', 'dispatcher', 'viewer'] as const;

/** Tenants `bench-trk-01…` and `bench-svc-01…` with their users; the first of each is the one measured. */
export function tenants(shape: DataShape): SeedTenant[] {
  const make = (appType: SeedTenant['appType'], index: number): SeedTenant => {
    const slug = `bench-${appType === 'trucking' ? 'trk' : 'svc'}-${String(index + 1).padStart(2, '0')}`;
    const office = Array.from({ length: shape.officeUsers }, (_, i) => ({
      _id: oid(),
      email: `office${i + 1}@${slug}.test`,
      roles: [OFFICE_ROLES[i] ?? 'dispatcher'],
    }));
    const fieldCount = appType === 'trucking' ? shape.drivers : shape.technicians;
    const role = appType === 'trucking' ? 'driver' : 'technician';
    const field = Array.from({ length: fieldCount }, (_, i) => ({ _id: oid(), email: `${role}${i + 1}@${slug}.test`, roles: [role] }));
    return { _id: oid(), slug, appType, users: [...office, ...field], office, field };
  };
  return [
    ...Array.from({ length: shape.truckingTenants }, (_, i) => make('trucking', i)),
    ...Array.from({ length: shape.serviceTenants }, (_, i) => make('serviceRepair', i)),
  ];
}

export const tenantDoc = (t: SeedTenant): Doc => ({ _id: t._id, slug: t.slug, name: `Bench ${t.slug}`, appType: t.appType, active: true, paymentStatus: 'active' });

export const userDocs = (t: SeedTenant): Doc[] =>
  t.users.map((u, i) => ({ _id: u._id, parentCompany: t._id, email: u.email, name: `User ${i + 1} of ${t.slug}`, roles: [...u.roles], active: true }));

const DAY = 86_400_000;
const BASE = Date.UTC(2025, 0, 1);

/** The trucking data of one tenant: vehicles, driver profiles, loads assigned to them, GPS pings. */
export function truckingDocs(t: SeedTenant, shape: DataShape, random: () => number, options: { loadOffset?: number; loads?: number } = {}) {
  const by = () => pick(random, t.office)._id;
  const vehicles = Array.from({ length: shape.vehicles }, (_, i) => ({
    _id: oid(),
    parentCompany: t._id,
    unitNumber: String(100 + i),
    vin: `1FUJHHDR0NA${String(100_000 + i).slice(-6)}`,
    type: 'tractor',
    make: pick(random, ['Freightliner', 'Kenworth', 'Peterbilt', 'Volvo', 'International']),
    model: pick(random, ['Cascadia', 'T680', '579', 'VNL 860', 'LT625']),
    year: 2018 + Math.floor(random() * 7),
    plate: `${100 + i}-${t.slug.slice(-6).toUpperCase()}`,
    status: 'active',
    odometer: Math.floor(random() * 500_000),
    engineHours: Math.floor(random() * 12_000),
    createdBy: by(),
  }));
  const drivers = t.field.map((user, i) => ({
    _id: oid(),
    parentCompany: t._id,
    userId: user._id,
    licenseNumber: `D${String(i + 1).padStart(7, '0')}`,
    licenseClass: 'A',
    licenseState: 'TX',
    licenseExpiresOn: new Date(BASE + 900 * DAY),
    status: 'active',
    createdBy: by(),
  }));
  const offset = options.loadOffset ?? 0;
  const loads = Array.from({ length: options.loads ?? shape.loads }, (_, i) => {
    const start = new Date(BASE + (offset + i) * 3_600_000);
    const end = new Date(start.getTime() + 2 * DAY);
    const creator = by();
    const stop = (type: 'pickup' | 'delivery', at: Date, city: string) => ({
      _id: oid(),
      type,
      pickupStop: null,
      name: `${city} dock`,
      address: { line1: `${1 + Math.floor(random() * 9_000)} Commerce St`, line2: null, city, state: 'TX', postalCode: '75001' },
      latitude: 29 + random() * 4,
      longitude: -99 + random() * 4,
      windowStart: at,
      windowEnd: new Date(at.getTime() + 4 * 3_600_000),
      arrivedAt: null,
      departedAt: null,
      notes: null,
    });
    return {
      _id: oid(),
      parentCompany: t._id,
      referenceNumber: `L-${String(offset + i + 1).padStart(7, '0')}`,
      customerReference: pick(random, ['Acme Foods', 'Globex', 'Initech', 'Umbrella', 'Stark Industries']),
      commodity: pick(random, ['steel coils', 'produce', 'paper', 'machinery', null]),
      weightLbs: 5_000 + Math.floor(random() * 40_000),
      rateCents: 50_000 + Math.floor(random() * 400_000),
      status: pick(random, ['delivered', 'invoiced', 'delivered', 'invoiced', 'assigned']),
      stops: [stop('pickup', start, 'Dallas'), stop('delivery', end, 'Houston')],
      driver: pick(random, drivers)._id,
      vehicle: pick(random, vehicles)._id,
      trailer: null,
      pickupAt: start,
      deliverBy: new Date(end.getTime() + 4 * 3_600_000),
      statusHistory: [{ status: 'draft', at: start, by: creator }],
      createdBy: creator,
    };
  });
  const pings = Array.from({ length: shape.pings }, (_, i) => {
    const driver = drivers[i % drivers.length]!;
    const at = new Date(BASE + Math.floor(i / drivers.length) * 60_000);
    return {
      parentCompany: t._id,
      driver: driver._id,
      latitude: 29 + random() * 4,
      longitude: -99 + random() * 4,
      recordedAt: at,
      receivedAt: new Date(at.getTime() + 1_500),
      speedKmh: Math.floor(random() * 110),
      headingDegrees: Math.floor(random() * 360),
      accuracyMeters: 5,
    };
  });
  return { vehicles, drivers, loads, pings };
}

/** The service data of one tenant: customers, technicians, inventory with stock, work orders using parts. */
export function serviceDocs(t: SeedTenant, shape: DataShape, random: () => number) {
  const by = () => pick(random, t.office)._id;
  const warehouse = { _id: oid(), parentCompany: t._id, name: 'Main warehouse', kind: 'warehouse', createdBy: by() };
  const van = { _id: oid(), parentCompany: t._id, name: 'Van 1', kind: 'van', createdBy: by() };
  const locations = [warehouse, van];
  const items = Array.from({ length: shape.items }, (_, i) => ({
    _id: oid(),
    parentCompany: t._id,
    sku: `SKU-${String(i + 1).padStart(5, '0')}`,
    name: `${pick(random, ['Valve', 'Filter', 'Capacitor', 'Thermostat', 'Gasket', 'Fuse'])} ${i + 1}`,
    unitCostCents: 200 + Math.floor(random() * 20_000),
    reorderPoint: 5,
    createdBy: by(),
  }));
  const stock = items.flatMap((item) => locations.map((l) => ({ parentCompany: t._id, itemId: item._id, locationId: l._id, qty: 10 + Math.floor(random() * 90) })));
  const customers = Array.from({ length: shape.customers }, (_, i) => {
    const name = `${pick(random, ['Harbor', 'Maple', 'Summit', 'Cedar', 'Lakeside'])} ${pick(random, ['Dental', 'Bakery', 'Apartments', 'Clinic', 'Hotel'])} ${i + 1}`;
    return {
      _id: oid(),
      parentCompany: t._id,
      name,
      email: `customer${i + 1}@example.test`,
      phone: null,
      notes: null,
      locations: [
        {
          _id: oid(),
          label: 'Main',
          address: { line1: `${i + 1} Main St`, line2: null, city: 'Chicago', region: 'IL', postalCode: '60601', country: 'US' },
          coordinates: { lat: 41.88, lng: -87.63 },
        },
      ],
      searchTokens: name.toLowerCase().split(' '),
      createdBy: by(),
    };
  });
  const technicians = t.field.map((user) => ({
    _id: oid(),
    parentCompany: t._id,
    userId: user._id,
    active: true,
    skills: [{ name: pick(random, ['hvac', 'plumbing', 'electrical']), level: 1 + Math.floor(random() * 5) }],
    timeZone: 'America/Chicago',
    createdBy: by(),
  }));
  const workOrders = Array.from({ length: shape.workOrders }, (_, i) => {
    const customer = pick(random, customers);
    const at = new Date(BASE + i * 3_600_000);
    const done = random() < 0.8;
    const creator = by();
    const technician = done ? pick(random, technicians)._id : null;
    const parts = done
      ? Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
          const item = pick(random, items);
          return {
            _id: oid(),
            itemId: item._id,
            locationId: van._id,
            qty: 1 + Math.floor(random() * 3),
            unitCostCents: item.unitCostCents,
            consumedAt: at,
            consumedBy: technician ?? creator,
          };
        })
      : [];
    return {
      _id: oid(),
      parentCompany: t._id,
      number: i + 1,
      title: `${pick(random, ['Replace', 'Inspect', 'Repair', 'Service'])} ${pick(random, ['furnace', 'water heater', 'AC unit', 'panel', 'faucet'])}`,
      description: null,
      priority: pick(random, ['low', 'normal', 'high', 'emergency']),
      status: done ? pick(random, ['completed', 'invoiced']) : 'new',
      customerId: customer._id,
      locationId: customer.locations[0]!._id,
      estimatedMinutes: 60,
      technicianId: technician,
      schedule: done ? { start: at, end: new Date(at.getTime() + 3_600_000) } : null,
      parts,
      statusHistory: [{ status: 'new', at, by: creator }],
      createdBy: creator,
    };
  });
  return { locations, items, stock, customers, technicians, workOrders };
}
