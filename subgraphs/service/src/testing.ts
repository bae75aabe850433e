// Test helpers of the service subgraph: never imported by production code.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateInternalContextKeys, type Clock, type TenantContext } from '@attunelogic/shared';
import { addCoreUser, makeTenantContext, startSubgraphHarness, type SingleResult, type SubgraphHarness } from '@attunelogic/shared/testing';
import { createServiceModels, type ServiceModels } from './models';
import { createServiceServer } from './server';

/** The internal-context key pair of this test process: the HTTP tests sign with its private half. */
export const TEST_KEYS = generateInternalContextKeys();
/** Where this test process keeps documents: a directory of its own, removed with the OS's temporary files. */
export const TEST_DOCUMENTS_DIR = mkdtempSync(path.join(tmpdir(), 'service-documents-'));
/** What the subgraph's server is configured with: the public key only, and documents on in a temporary directory. */
export const TEST_CONFIG = {
  INTERNAL_CONTEXT_PUBLIC_KEYS: TEST_KEYS.publicKey,
  DOCUMENT_STORAGE_DIR: TEST_DOCUMENTS_DIR,
  DOCUMENT_LINK_SECRET: 'service-test-document-link-secret-0123456789',
  DOCUMENT_MAX_BYTES: 65_536,
};

export type ServiceHarness = SubgraphHarness<ServiceModels>;

/**
 * A started service server on a test database, its indexes built; `clock` is the clock of every
 * tenant that does not set its own (`h.clock(tenant).set(...)`). SERVICE_TEST_LOG=error shows what the
 * mapper masks as INTERNAL_SERVER_ERROR.
 */
export const startHarness = (dbName = 'test-service', clock?: Clock): Promise<ServiceHarness> =>
  startSubgraphHarness({
    dbName,
    models: createServiceModels,
    server: (deps) => createServiceServer(TEST_CONFIG, deps),
    logLevel: process.env['SERVICE_TEST_LOG'] ?? 'silent',
    ...(clock ? { clock } : {}),
  });

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
  const data = await ok<{ createServiceArea: { id: string } }>(h, tenant, 'mutation ($input: CreateServiceAreaInput!) { createServiceArea(input: $input) { id } }', {
    input: { name: `Area ${Math.random().toString(36).slice(2, 8)}`, ...input },
  });
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
  const data = await ok<{ createTechnician: { id: string } }>(h, tenant, 'mutation ($input: CreateTechnicianInput!) { createTechnician(input: $input) { id } }', {
    input: { workingHours: ALL_WEEK, ...input, userId },
  });
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
  workOrder: {
    id: string;
    number: number;
    status: string;
    technician: { id: string } | null;
    schedule: { start: string; end: string } | null;
    statusHistory: { status: string }[];
  };
  technician: { id: string; bookings: { start: string; end: string; workOrder: { id: string } | null }[] };
  ranking: {
    technician: { id: string };
    eligible: boolean;
    score: number;
    reasons: string[];
    ineligibleBecause: string[];
    slot: { start: string; end: string } | null;
  }[];
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
