// Test helpers of the trucking subgraph: never imported by production code.
import { randomInt } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type TenantContext, generateInternalContextKeys } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { addCoreUser, makeTenantContext, startSubgraphHarness, type SingleResult, type SubgraphHarness } from '@attunelogic/shared/testing';
import { createTruckingModels, type TruckingModels } from './models';
import { createTruckingServer } from './server';
import { vinCheckDigit } from './vehicles/vin';
import mongoose from 'mongoose';

/** The internal-context key pair of this test process: the HTTP tests sign with its private half. */
export const TEST_KEYS = generateInternalContextKeys();
/** Where this test process keeps documents: a directory of its own, removed with the OS's temporary files. */
export const TEST_DOCUMENTS_DIR = mkdtempSync(path.join(tmpdir(), 'trucking-documents-'));
/** What the subgraph's server is configured with: the public key only, and documents on in a temporary directory. */
export const TEST_CONFIG = {
  INTERNAL_CONTEXT_PUBLIC_KEYS: TEST_KEYS.publicKey,
  DOCUMENT_STORAGE_DIR: TEST_DOCUMENTS_DIR,
  DOCUMENT_LINK_SECRET: 'trucking-test-document-link-secret-0123456789',
  DOCUMENT_MAX_BYTES: 65_536,
};

export type TruckingHarness = SubgraphHarness<TruckingModels>;

/** A started trucking server on this package's test database (or `dbName`), its indexes built. */
export const startHarness = (dbName = 'test-trucking'): Promise<TruckingHarness> =>
  startSubgraphHarness({
    dbName,
    models: createTruckingModels,
    server: (deps) => createTruckingServer(TEST_CONFIG, deps),
  });

// ---------------------------------------------------------------------------------------------
// Factories: every test makes its own fresh tenant and its own objects through the API.

/** A fresh trucking tenant (owner unless roles say otherwise); see makeTenantContext. */
export const truckingTenant = (overrides: Partial<TenantContext> = {}): TenantContext => makeTenantContext({ appType: 'trucking', ...overrides });

/** The same tenant as another user with other roles (same tenantId: same data, same frozen clock). */
export const sameTenantAs = (tenant: TenantContext, roles: string[], userId = new mongoose.Types.ObjectId().toHexString()): TenantContext =>
  makeTenantContext({ tenantId: tenant.tenantId, slug: tenant.slug, appType: tenant.appType, flags: tenant.flags, settings: tenant.settings ?? {}, roles, userId });

/** The error codes of a result, in order (undefined when there are none). */
export const codes = (result: SingleResult<unknown>): unknown[] | undefined => result.errors?.map((error) => error.extensions?.['code']);

/** A VIN with a correct check digit and a random serial. */
export function validVin(): string {
  const draft = `1FUJHHDR0NA${String(randomInt(1_000_000)).padStart(6, '0')}`;
  return `${draft.slice(0, 8)}${vinCheckDigit(draft)}${draft.slice(9)}`;
}

const T0 = Date.parse('2025-06-16T14:00:00Z');
const at = (hours: number): string => new Date(T0 + hours * 3_600_000).toISOString();

/** Dallas → Houston, windows on 2025-06-16/17 (UTC) unless overridden. */
export const DALLAS_STOP = {
  type: 'pickup',
  name: 'North Texas DC',
  address: { line1: '4500 Irving Blvd', city: 'Dallas', state: 'TX', postalCode: '75247' },
  location: { latitude: 32.8151, longitude: -96.8716 },
  window: { start: at(0), end: at(4) },
};
export const HOUSTON_STOP = {
  type: 'delivery',
  name: 'Port Houston Warehouse',
  address: { line1: '7300 Clinton Dr', city: 'Houston', state: 'TX', postalCode: '77020' },
  location: { latitude: 29.7427, longitude: -95.2893 },
  window: { start: at(6), end: at(10) },
};

export const VEHICLE_FIELDS = 'id unitNumber type status odometer engineHours activeLoad: currentLoad { id }';
export const DRIVER_FIELDS = 'id user { id } licenseNumber licenseClass licenseState licenseExpiresOn licenseExpired status currentLoad { id }';
export const LOAD_FIELDS = `id referenceNumber customerReference status nextStatuses weightLbs rateCents pickupAt deliverBy
  driver { id } vehicle { id } trailer { id } createdBy { id }
  stops { id sequence type pickupStopId arrivedAt departedAt window { start end } location { latitude longitude } }
  statusHistory { status by { id } }`;

export interface LoadView {
  id: string;
  referenceNumber: string;
  status: string;
  nextStatuses: string[];
  driver: { id: string } | null;
  vehicle: { id: string } | null;
  trailer: { id: string } | null;
  stops: { id: string; sequence: number; type: string; pickupStopId: string | null; arrivedAt: string | null; departedAt: string | null }[];
  statusHistory: { status: string; by: { id: string } }[];
  [field: string]: unknown;
}

/** Creates objects through the API for tests, failing loudly when a creation fails. */
export class Fixtures {
  constructor(private readonly h: TruckingHarness) {}

  async ok<T>(tenant: TenantContext, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const result = await this.h.run<T>(tenant, query, variables);
    if (result.errors || !result.data) throw new Error(`operation failed: ${JSON.stringify(result.errors)}\n${query}`);
    return result.data;
  }

  async vehicle(tenant: TenantContext, overrides: Record<string, unknown> = {}): Promise<{ id: string; unitNumber: string }> {
    const input = { unitNumber: `U-${randomInt(1_000_000)}`, vin: validVin(), make: 'Kenworth', model: 'T680', year: 2022, ...overrides };
    const data = await this.ok<{ createVehicle: { id: string; unitNumber: string } }>(
      tenant,
      `mutation ($input: CreateVehicleInput!) { createVehicle(input: $input) { id unitNumber } }`,
      { input },
    );
    return data.createVehicle;
  }

  async trailer(tenant: TenantContext, overrides: Record<string, unknown> = {}): Promise<{ id: string }> {
    const input = { unitNumber: `T-${randomInt(1_000_000)}`, vin: validVin(), type: 'dry_van', make: 'Wabash', model: 'DuraPlate', year: 2021, ...overrides };
    const data = await this.ok<{ createTrailer: { id: string } }>(tenant, `mutation ($input: CreateTrailerInput!) { createTrailer(input: $input) { id } }`, { input });
    return data.createTrailer;
  }

  /** One of the tenant's users in core (a driver unless `roles` says otherwise); returns its id. */
  user(tenant: TenantContext, roles: readonly string[] = ['driver'], id?: string): Promise<string> {
    return addCoreUser(this.h.models.CoreUser, tenant, roles, id);
  }

  /** A driver profile for a new user of the tenant, or for the user `overrides.userId` (added to core). */
  async driver(tenant: TenantContext, overrides: Record<string, unknown> = {}): Promise<{ id: string; userId: string }> {
    const input = {
      userId: await this.user(tenant, ['driver'], overrides['userId'] as string | undefined),
      licenseNumber: `D${randomInt(100_000_000)}`,
      licenseClass: 'A',
      licenseState: 'TX',
      licenseExpiresOn: '2099-12-31',
      ...overrides,
    };
    const data = await this.ok<{ createDriver: { id: string } }>(tenant, `mutation ($input: CreateDriverInput!) { createDriver(input: $input) { id } }`, { input });
    return { id: data.createDriver.id, userId: input.userId as string };
  }

  async load(tenant: TenantContext, overrides: Record<string, unknown> = {}): Promise<LoadView> {
    const input = {
      referenceNumber: `L-${randomInt(100_000_000)}`,
      customerReference: 'ACME PO 1',
      weightLbs: 40_000,
      rateCents: 150_000,
      stops: [DALLAS_STOP, HOUSTON_STOP],
      tender: true,
      ...overrides,
    };
    const data = await this.ok<{ createLoad: LoadView }>(tenant, `mutation ($input: CreateLoadInput!) { createLoad(input: $input) { ${LOAD_FIELDS} } }`, { input });
    return data.createLoad;
  }

  assign(tenant: TenantContext, load: string, driver: string, vehicle: string, trailer?: string): Promise<SingleResult<{ assignLoad: LoadView }>> {
    return this.h.run<{ assignLoad: LoadView }>(
      tenant,
      `mutation ($id: ID!, $driver: ID!, $vehicle: ID!, $trailer: ID) { assignLoad(id: $id, driverId: $driver, vehicleId: $vehicle, trailerId: $trailer) { ${LOAD_FIELDS} } }`,
      { id: load, driver, vehicle, trailer },
    );
  }

  status(tenant: TenantContext, load: string, status: string): Promise<SingleResult<{ updateLoadStatus: LoadView }>> {
    return this.h.run<{ updateLoadStatus: LoadView }>(
      tenant,
      `mutation ($id: ID!, $status: LoadStatus!) { updateLoadStatus(id: $id, status: $status) { ${LOAD_FIELDS} } }`,
      { id: load, status },
    );
  }

  /** A new load driven through the API to `status` (with its driver and vehicle when it got that far). */
  async loadIn(tenant: TenantContext, status: string): Promise<{ load: LoadView; driver?: string; vehicle?: string }> {
    if (status === 'draft') return { load: await this.load(tenant, { tender: false }) };
    if (status === 'tendered') return { load: await this.load(tenant) };
    if (status === 'cancelled') {
      const load = await this.load(tenant);
      return { load: (await this.status(tenant, load.id, 'cancelled')).data!.updateLoadStatus };
    }
    const assigned = await this.assignedLoad(tenant);
    let load = assigned.load;
    for (const next of ['in_transit', 'delivered', 'invoiced']) {
      if (load.status === status) break;
      const result = await this.status(tenant, load.id, next);
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      load = result.data!.updateLoadStatus;
    }
    return { ...assigned, load };
  }

  /** A tendered load assigned to a new driver and vehicle. */
  async assignedLoad(tenant: TenantContext): Promise<{ load: LoadView; driver: string; vehicle: string }> {
    const [load, driver, vehicle] = await Promise.all([this.load(tenant), this.driver(tenant), this.vehicle(tenant)]);
    const result = await this.assign(tenant, load.id, driver.id, vehicle.id);
    if (result.errors) throw new Error(`assignLoad failed: ${JSON.stringify(result.errors)}`);
    return { load: result.data!.assignLoad, driver: driver.id, vehicle: vehicle.id };
  }
}

/** A load as stored. */
export const storedLoad = (h: TruckingHarness, tenant: TenantContext, id: string) =>
  h.models.Load.findOne({ _id: new mongoose.Types.ObjectId(id), ...tenantScope(tenant) }).lean();

/** The load a driver, vehicle or trailer is claimed by, straight from the database. */
export async function claimHolder(h: TruckingHarness, tenant: TenantContext, model: 'Driver' | 'Vehicle' | 'Trailer', id: string): Promise<string | null> {
  const filter = { _id: new mongoose.Types.ObjectId(id), ...tenantScope(tenant) };
  const doc =
    model === 'Driver'
      ? await h.models.Driver.findOne(filter).lean()
      : model === 'Vehicle'
        ? await h.models.Vehicle.findOne(filter).lean()
        : await h.models.Trailer.findOne(filter).lean();
  return doc?.activeLoad?.toHexString() ?? null;
}
