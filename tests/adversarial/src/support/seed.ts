// Seeds a tenant with one object of every kind the composed schema can create, through the gateway as
// the tenant's owner, then collects the tenant's ids from its list queries. Data-driven: the create
// operations come from the schema; a recipe only fixes what the schema cannot say (a load needs a
// pickup and a delivery). An operation that is missing, or that fails, is a printed note.
import { type GraphQLSchema } from 'graphql';
import mongoose from 'mongoose';
import { tokenFor, type freshTenant, type Stack } from '@attunelogic/e2e-tests/stack';
import { errorCodes, gql } from './client';
import { buildArgs, IdPool, idSlots, operationFor, resolveSlots, type ValueEnv } from './generate';
import { connectionNode, hasRequiredArgs, rootFields, type AppType, type RootField } from './schema';
import { type Category } from './summary';

export type Tenant = Awaited<ReturnType<typeof freshTenant>>;

export interface Seeded {
  readonly tenant: Tenant;
  readonly appType: AppType;
  readonly token: string;
  readonly tag: string;
  /** The tenant's ids by type, from its list queries (and what its seeding returned). */
  readonly pool: IdPool;
  /** Operations that created something. */
  readonly created: string[];
  /** Why an operation created nothing. */
  readonly notes: string[];
  /** List queries and how many objects each returned. */
  readonly lists: Map<string, number>;
}

/** The user of a role (driver, technician, ...) of a tenant. */
export const userOf = (tenant: Tenant, role: string): string | undefined => tenant.users.find((u) => u.roles.includes(role as never))?.id;

interface RecipeEnv {
  readonly tenant: Tenant;
  readonly pool: IdPool;
  readonly env: ValueEnv;
}

type Vars = Record<string, unknown>;
const input = (vars: Vars): Vars => (vars['input'] ?? {}) as Vars;
const set = (target: Vars, values: Vars): void => {
  for (const [key, value] of Object.entries(values)) if (value !== undefined) target[key] = value;
};

/** Fixes for what the schema cannot express; keyed by operation, ignored when the operation does not exist. */
export const RECIPES: Record<string, (vars: Vars, r: RecipeEnv) => void> = {
  createUser: (vars) => set(input(vars), { roles: ['viewer'] }),
  createApiClient: (vars) => set(input(vars), { roles: ['viewer'] }),
  createWebhookEndpoint: (vars) => set(input(vars), { url: 'https://partner.example/hooks', eventTypes: ['load.created'] }),
  createDriver: (vars, { tenant }) => set(input(vars), { userId: userOf(tenant, 'driver'), licenseExpiresOn: '2030-06-30', licenseClass: 'A' }),
  createTechnician: (vars, { tenant, pool }) =>
    set(input(vars), {
      userId: userOf(tenant, 'technician'),
      timeZone: 'America/Chicago',
      skills: [{ name: 'plumbing', level: 3 }],
      serviceAreaIds: pool.first('ServiceArea') ? [pool.first('ServiceArea')] : undefined,
      homeBase: { lat: 30.2672, lng: -97.7431 },
    }),
  createLoad: (vars) => {
    const stops = input(vars)['stops'] as Vars[] | undefined;
    const stop = stops?.[0];
    if (!stop) return;
    const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    input(vars)['stops'] = [
      { ...stop, type: 'pickup', pickupIndex: undefined, window: { start: at(1), end: at(1.2) } },
      {
        ...stop,
        type: 'delivery',
        pickupIndex: 0,
        location: { latitude: 32.7767, longitude: -96.797 },
        address: { line1: '1 Main St', city: 'Dallas', state: 'TX', postalCode: '75201' },
        window: { start: at(2), end: at(2.2) },
      },
    ];
  },
  createServiceArea: (vars) => set(input(vars), { zipCodes: ['78701'] }),
  createParty: (vars) => {
    const fields = input(vars);
    // A location given with an id (the sweep puts another tenant's there) is kept, made valid around it.
    const named = ((fields['locations'] as Vars[] | undefined) ?? []).filter((location) => location['id']);
    set(fields, { kinds: ['shipper'], email: 'ap@party.example', phone: '+1 214 555 0100', paymentTermsDays: 30, defaults: null });
    fields['locations'] = named.map((location) => ({
      id: location['id'],
      name: 'Dock 1',
      address: { line1: '4500 Irving Blvd', city: 'Dallas', state: 'TX', postalCode: '75247' },
      location: { latitude: 32.8151, longitude: -96.8716 },
    }));
  },
  createCustomer: (vars) =>
    set(input(vars), {
      locations: [
        {
          label: 'Home',
          address: { line1: '100 Congress Ave', city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' },
          coordinates: { lat: 30.2672, lng: -97.7431 },
        },
      ],
    }),
  createWorkOrder: (vars, { pool }) => set(input(vars), { locationId: pool.first('CustomerLocation'), estimatedMinutes: 60 }),
  // A van belongs to a technician, a warehouse to nobody.
  createInventoryLocation: (vars) => set(input(vars), { kind: input(vars)['technicianId'] ? 'van' : 'warehouse' }),
  // A transfer when a source or destination is named (the sweep puts another tenant's id there),
  // else a receipt: the other kinds' fields would be ignored, and the call would test nothing.
  adjustInventory: (vars, { pool }) => {
    const fields = input(vars);
    if (fields['fromLocationId'] || fields['toLocationId']) {
      delete fields['locationId'];
      set(fields, {
        kind: 'transfer',
        qty: 1,
        fromLocationId: fields['fromLocationId'] ?? pool.first('InventoryLocation'),
        toLocationId: fields['toLocationId'] ?? pool.first('InventoryLocation'),
      });
    } else {
      set(fields, { kind: 'receive', qty: 10, locationId: fields['locationId'] ?? pool.first('InventoryLocation') });
    }
  },
  createMaintenanceSchedule: (vars, { pool }) => set(input(vars), { vehicleId: pool.first('Vehicle'), intervalMiles: 25_000 }),
  recordMaintenance: (vars, { pool }) => set(input(vars), { scheduleId: pool.first('MaintenanceSchedule') }),
  recordDriverLocation: (vars, { pool }) => set(input(vars), { driverId: pool.first('Driver'), recordedAt: new Date().toISOString() }),
};

/** Mutations that create an object of a kind. */
const SEEDING = /^(create|record|adjust)/;
/** Creates that would change who can call the API (a user) are fine; these only make sense later in an object's life. */
const NOT_SEEDING = new Set(['recordStopEvent']);

// One counter for the process: values that must be unique (license numbers, SKUs) never repeat.
let counter = 0;

export function valueEnv(tag: string, fallback: () => string): ValueEnv {
  return { tag, next: () => ++counter, defaultId: fallback };
}

/** Seeds one tenant and collects its ids. */
export async function seedTenant(
  stack: Stack,
  category: Category,
  tenant: Tenant,
  appType: AppType,
  api: GraphQLSchema,
  industry: GraphQLSchema,
  tag: string,
): Promise<Seeded> {
  const token = await tokenFor(tenant);
  const pool = new IdPool();
  // The viewer first: a generated call that names "a user" should not pick the owner.
  for (const role of ['viewer', 'dispatcher', 'driver', 'technician', 'admin', 'owner']) {
    const id = userOf(tenant, role);
    if (id) pool.add('User', id);
  }
  const env = valueEnv(tag, () => new mongoose.Types.ObjectId().toHexString());
  // Enumerated from the API schema; built from the industry's own part of it, so a selection never
  // asks for another industry's fields (FEATURE_DISABLED).
  const industryMutations = new Map(rootFields(industry, 'mutation').map((f) => [f.name, f]));
  const candidates = rootFields(api, 'mutation')
    .filter((f) => SEEDING.test(f.name) && !NOT_SEEDING.has(f.name))
    .flatMap((f) => industryMutations.get(f.name) ?? []);
  const created: string[] = [];
  const notes: string[] = [];
  const attempts = new Map<string, number>();
  const failures = new Map<string, string>();

  let pending = [...candidates];
  for (let progress = true; progress && pending.length > 0;) {
    progress = false;
    for (const field of [...pending]) {
      const slots = idSlots(field);
      const types = resolveSlots(field, slots, pool.types());
      const missing = slots.filter((s) => s.required && !pool.first(types.get(s.key)));
      if (missing.length > 0) {
        failures.set(field.name, `waits for ${missing.map((s) => `${s.key} (${types.get(s.key) ?? 'unknown type'})`).join(', ')}`);
        continue;
      }
      const ids = new Map(slots.filter((s) => s.required).map((s) => [s.key, pool.first(types.get(s.key))!]));
      const vars = buildArgs(field, ids, env);
      RECIPES[field.name]?.(vars, { tenant, pool, env });
      const res = await gql(stack, category, { ...operationFor('mutation', field, vars), token });
      const value = res.body.data?.[field.name];
      if (value && !res.body.errors?.length) {
        pool.collect(value);
        created.push(field.name);
        pending = pending.filter((f) => f !== field);
        failures.delete(field.name);
        progress = true;
      } else {
        const tries = (attempts.get(field.name) ?? 0) + 1;
        attempts.set(field.name, tries);
        failures.set(field.name, `${errorCodes(res).join(',') || res.status}: ${res.body.errors?.[0]?.message ?? ''}`);
        if (tries >= 3) pending = pending.filter((f) => f !== field);
      }
    }
  }
  for (const [name, why] of failures) notes.push(`${name}: nothing created (${why})`);

  const lists = await collectIds(stack, category, industry, api, token, pool);
  return { tenant, appType, token, tag, pool, created, notes, lists };
}

/** Reads every list (and argument-free object query) of the industry and adds the ids it shows. */
export async function collectIds(
  stack: Stack,
  category: Category,
  industry: GraphQLSchema,
  api: GraphQLSchema,
  token: string,
  pool: IdPool,
): Promise<Map<string, number>> {
  const own = new Map(rootFields(industry, 'query').map((f) => [f.name, f]));
  const counts = new Map<string, number>();
  const queries = rootFields(api, 'query')
    .flatMap((f) => own.get(f.name) ?? [])
    .filter((f) => !hasRequiredArgs(f));
  await Promise.all(
    queries.map(async (field: RootField) => {
      const isList = Boolean(connectionNode(field.type));
      const op = operationFor('query', field, isList && field.args.some((a) => a.name === 'first') ? { first: 100 } : {}, isList ? 3 : 2);
      const res = await gql(stack, category, { ...op, token });
      const data = res.body.data?.[field.name] as { edges?: unknown[] } | null | undefined;
      if (isList) counts.set(field.name, data?.edges?.length ?? -1);
      pool.collect(data);
    }),
  );
  return counts;
}
