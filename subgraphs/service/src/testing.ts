// Test helpers of the service subgraph: never imported by production code.
import { inject } from 'vitest';
import { type Connection } from 'mongoose';
import { connectDatabase, createLogger, type BatchObserver, type SubgraphServer, type TenantContext } from '@attunelogic/shared';
import { addCoreUser, executeAs, makeTenantContext, type SingleResult } from '@attunelogic/shared/testing';
import { createServiceModels, type ServiceModels } from './models';
import { createServiceServer } from './server';
import { type ServiceSettings } from './settings';

// The globalSetup (shared/src/testing/global-setup.ts) provides this; the declaration there is not
// part of this package's program, so it is repeated here for `inject`.
declare module 'vitest' {
  export interface ProvidedContext {
    mongodbUri: string;
  }
}

export const TEST_SECRET = 'service-test-internal-context-secret-0123456789';
// SERVICE_TEST_LOG=error shows what the mapper masks as INTERNAL_SERVER_ERROR.
export const silentLogger = createLogger('service-test', process.env['SERVICE_TEST_LOG'] ?? 'silent');

export interface ServiceHarness {
  readonly connection: Connection;
  readonly models: ServiceModels;
  readonly server: SubgraphServer<ServiceModels>;
  /** One operation as `tenant`, in memory, with the context a signed request would get. */
  run<TData = Record<string, unknown>>(
    tenant: TenantContext,
    query: string,
    variables?: Record<string, unknown>,
    observe?: BatchObserver,
  ): Promise<SingleResult<TData>>;
  close(): Promise<void>;
}

/**
 * A started service server on a test database, its indexes built. Test files name their own database:
 * the launcher serialises writes per database, so separate files then do not queue behind each other.
 */
export async function startHarness(dbName = 'test-service', settings: Partial<ServiceSettings> = {}): Promise<ServiceHarness> {
  const connection = await connectDatabase(inject('mongodbUri'), dbName);
  const models = createServiceModels(connection);
  // Unique indexes must exist before tests race to violate them.
  await Promise.all(Object.values(models).map((model) => model.init()));
  const server = createServiceServer({ INTERNAL_CONTEXT_SECRET: TEST_SECRET }, { connection, logger: silentLogger, settings });
  await server.start();
  return {
    connection,
    models,
    server,
    run<TData>(tenant: TenantContext, query: string, variables: Record<string, unknown> = {}, observe?: BatchObserver) {
      return executeAs<ServiceModels, TData>(server, models, tenant, query, variables, observe ? { observe } : {});
    },
    async close() {
      await server.stop();
      await connection.close();
    },
  };
}

/** A fresh serviceRepair tenant context (owner unless roles say otherwise). */
export const serviceTenant = (overrides: Partial<TenantContext> = {}): TenantContext => makeTenantContext({ appType: 'serviceRepair', ...overrides });

/** The codes of a result's errors, in order. */
export const codes = (result: SingleResult<unknown>): unknown[] | undefined => result.errors?.map((error) => error.extensions?.['code']);

/** Runs an operation that must succeed and returns its data. */
export async function ok<TData>(h: ServiceHarness, tenant: TenantContext, query: string, variables: Record<string, unknown> = {}): Promise<TData> {
  const result = await h.run<TData>(tenant, query, variables);
  if (result.errors || !result.data) throw new Error(`${query.trim().slice(0, 80)} failed: ${JSON.stringify(result.errors)}`);
  return result.data;
}

// Fixtures through the API, so tests build their data the way clients do.

export const ALL_WEEK = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((weekday) => ({
  weekday,
  start: '00:00',
  end: '24:00',
}));

export async function createArea(h: ServiceHarness, tenant: TenantContext, input: Record<string, unknown>): Promise<string> {
  const data = await ok<{ createServiceArea: { id: string } }>(
    h,
    tenant,
    'mutation ($input: CreateServiceAreaInput!) { createServiceArea(input: $input) { id } }',
    { input: { name: `Area ${Math.random().toString(36).slice(2, 8)}`, ...input } },
  );
  return data.createServiceArea.id;
}

export interface CustomerFixture {
  id: string;
  locationIds: string[];
}

/** A customer with one location in ZIP 60614 (Chicago, Lincoln Park) unless `input` says otherwise. */
export async function createCustomer(h: ServiceHarness, tenant: TenantContext, input: Record<string, unknown> = {}): Promise<CustomerFixture> {
  const data = await ok<{ createCustomer: { id: string; locations: { id: string }[] } }>(
    h,
    tenant,
    'mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id locations { id } } }',
    {
      input: {
        name: 'Ada Customer',
        locations: [{ address: { line1: '2001 N Clark St', city: 'Chicago', region: 'IL', postalCode: '60614' }, coordinates: { lat: 41.9214, lng: -87.6336 } }],
        ...input,
      },
    },
  );
  return { id: data.createCustomer.id, locationIds: data.createCustomer.locations.map((l) => l.id) };
}

/** One of the tenant's users in core (a technician unless `roles` says otherwise); returns its id. */
export const createUser = (h: ServiceHarness, tenant: TenantContext, roles: readonly string[] = ['technician'], id?: string): Promise<string> =>
  addCoreUser(h.models.CoreUser, tenant, roles, id);

/**
 * A technician working around the clock every day in UTC, unless `input` says otherwise, for a new
 * user of the tenant or for the user `input.userId` (added to core).
 */
export async function createTechnician(h: ServiceHarness, tenant: TenantContext, input: Record<string, unknown> = {}): Promise<string> {
  const userId = await createUser(h, tenant, ['technician'], input['userId'] as string | undefined);
  const data = await ok<{ createTechnician: { id: string } }>(
    h,
    tenant,
    'mutation ($input: CreateTechnicianInput!) { createTechnician(input: $input) { id } }',
    { input: { workingHours: ALL_WEEK, ...input, userId } },
  );
  return data.createTechnician.id;
}

export async function createOrder(h: ServiceHarness, tenant: TenantContext, input: Record<string, unknown>): Promise<{ id: string; number: number }> {
  const data = await ok<{ createWorkOrder: { id: string; number: number } }>(
    h,
    tenant,
    'mutation ($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { id number } }',
    { input: { title: 'Fix it', ...input } },
  );
  return data.createWorkOrder;
}

export const DISPATCH = `mutation ($id: ID!, $technicianId: ID) {
  dispatchWorkOrder(id: $id, technicianId: $technicianId) {
    workOrder { id number status technician { id } schedule { start end } statusHistory { status } }
    technician { id bookings { start end workOrder { id } } }
    ranking { technician { id } eligible score reasons ineligibleBecause slot { start end } }
    preempted { id number status technician { id } schedule { start } statusHistory { status } }
  }
}`;

export interface DispatchView {
  workOrder: { id: string; number: number; status: string; technician: { id: string } | null; schedule: { start: string; end: string } | null; statusHistory: { status: string }[] };
  technician: { id: string; bookings: { start: string; end: string; workOrder: { id: string } | null }[] };
  ranking: { technician: { id: string }; eligible: boolean; score: number; reasons: string[]; ineligibleBecause: string[]; slot: { start: string; end: string } | null }[];
  preempted: { id: string; number: number; status: string; technician: { id: string } | null; schedule: { start: string } | null; statusHistory: { status: string }[] }[];
}

export async function createItem(h: ServiceHarness, tenant: TenantContext, input: Record<string, unknown> = {}): Promise<string> {
  const data = await ok<{ createInventoryItem: { id: string } }>(
    h,
    tenant,
    'mutation ($input: CreateInventoryItemInput!) { createInventoryItem(input: $input) { id } }',
    { input: { sku: `SKU-${Math.random().toString(36).slice(2, 8)}`, name: 'Capacitor 45/5 µF', unitCostCents: 1_250, ...input } },
  );
  return data.createInventoryItem.id;
}

export async function createStockLocation(h: ServiceHarness, tenant: TenantContext, input: Record<string, unknown> = {}): Promise<string> {
  const data = await ok<{ createInventoryLocation: { id: string } }>(
    h,
    tenant,
    'mutation ($input: CreateInventoryLocationInput!) { createInventoryLocation(input: $input) { id } }',
    { input: { name: `Warehouse ${Math.random().toString(36).slice(2, 8)}`, kind: 'warehouse', ...input } },
  );
  return data.createInventoryLocation.id;
}

export async function receive(h: ServiceHarness, tenant: TenantContext, itemId: string, locationId: string, qty: number): Promise<void> {
  await ok(h, tenant, 'mutation ($input: AdjustInventoryInput!) { adjustInventory(input: $input) { kind } }', {
    input: { kind: 'receive', itemId, locationId, qty },
  });
}
