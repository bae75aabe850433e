import { afterAll, beforeAll, describe, it } from 'vitest';
import mongoose from 'mongoose';
import { type BatchObserver, type TenantContext } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { makeTenantContext } from '@attunelogic/shared/testing';
import { codes, createArea, createTechnician, createUser, ok, serviceTenant, startHarness, type ServiceHarness } from '../testing';

let h: ServiceHarness;

beforeAll(async () => {
  h = await startHarness('test-service-technicians');
});

afterAll(async () => {
  await h?.close();
});

const FIELDS = `id user { id } active skills { name level } serviceAreas { id name } workingHours { weekday start end } timeZone
  timeOff { id start end reason } homeBase { lat lng } bookings { start }`;
const CREATE = `mutation ($input: CreateTechnicianInput!) { createTechnician(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateTechnicianInput!) { updateTechnician(id: $id, input: $input) { ${FIELDS} } }`;
const GET = `query ($id: ID!) { technician(id: $id) { ${FIELDS} } }`;
const LIST = 'query ($filter: TechnicianFilter) { technicians(filter: $filter) { totalCount edges { node { id } } } }';
const ENTITIES = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on User { id technicianProfile { id skills { name } } } }
}`;

const userId = () => new mongoose.Types.ObjectId().toHexString();
const countTechnicians = (tenant: TenantContext) => h.models.Technician.countDocuments(tenantScope(tenant));

async function listed(tenant: TenantContext, filter: Record<string, unknown>): Promise<string[]> {
  const data = await ok<{ technicians: { edges: { node: { id: string } }[] } }>(h, tenant, LIST, { filter });
  return data.technicians.edges.map((e) => e.node.id).sort();
}

describe.concurrent('technicians', () => {
  it('creates a technician profile for a core user with skills, areas, hours, time off and home base', async ({ expect }) => {
    const tenant = serviceTenant();
    const area = await createArea(h, tenant, { name: 'Lincoln Park', zipCodes: ['60614'] });
    const user = await createUser(h, tenant);
    const data = await ok<{ createTechnician: Record<string, unknown> }>(h, tenant, CREATE, {
      input: {
        userId: user,
        skills: [
          { name: ' HVAC ', level: 4 },
          { name: 'electrical', level: 2 },
        ],
        serviceAreaIds: [area, area],
        workingHours: [
          { weekday: 'monday', start: '08:00', end: '12:00' },
          { weekday: 'monday', start: '13:00', end: '17:30' },
          { weekday: 'saturday', start: '22:00', end: '24:00' },
        ],
        timeZone: 'America/Chicago',
        timeOff: [{ start: '2031-07-01T00:00:00-05:00', end: '2031-07-08T00:00:00-05:00', reason: 'Vacation' }],
        homeBase: { lat: 41.95, lng: -87.65 },
      },
    });
    expect(data.createTechnician).toMatchObject({
      user: { id: user },
      active: true,
      skills: [
        { name: 'hvac', level: 4 },
        { name: 'electrical', level: 2 },
      ],
      serviceAreas: [{ id: area, name: 'Lincoln Park' }],
      workingHours: [
        { weekday: 'monday', start: '08:00', end: '12:00' },
        { weekday: 'monday', start: '13:00', end: '17:30' },
        { weekday: 'saturday', start: '22:00', end: '24:00' },
      ],
      timeZone: 'America/Chicago',
      timeOff: [{ start: '2031-07-01T05:00:00.000Z', end: '2031-07-08T05:00:00.000Z', reason: 'Vacation' }],
      homeBase: { lat: 41.95, lng: -87.65 },
      bookings: [],
    });
  });

  it('refuses a second profile for the same user with CONFLICT', async ({ expect }) => {
    const tenant = serviceTenant();
    const user = userId();
    await createTechnician(h, tenant, { userId: user });
    expect(codes(await h.run(tenant, CREATE, { input: { userId: user } }))).toEqual(['CONFLICT']);
    expect(await countTechnicians(tenant)).toBe(1);
  });

  it("refuses a user that is not the tenant's (NOT_FOUND, the same for another tenant's and a missing one) or not a technician (BAD_USER_INPUT)", async ({ expect }) => {
    const [tenant, other] = [serviceTenant(), serviceTenant()];
    const foreign = await createUser(h, other);
    const dispatcher = await createUser(h, tenant, ['dispatcher']);
    const refusals = await Promise.all([foreign, userId(), dispatcher].map((id) => h.run(tenant, CREATE, { input: { userId: id } })));
    expect(refusals.map(codes)).toEqual([['NOT_FOUND'], ['NOT_FOUND'], ['BAD_USER_INPUT']]);
    expect(refusals[0]!.errors?.[0]?.message).toBe(refusals[1]!.errors?.[0]?.message.replace(/[0-9a-f]{24}/, foreign));
    expect(await countTechnicians(tenant)).toBe(0);
    expect(await countTechnicians(other)).toBe(0);
  });

  it.for<[string, Record<string, unknown>]>([
    ['a userId that is no id', { userId: 'tech-1' }],
    ['a skill level of 6', { skills: [{ name: 'hvac', level: 6 }] }],
    [
      'a skill twice',
      {
        skills: [
          { name: 'hvac', level: 1 },
          { name: 'HVAC', level: 2 },
        ],
      },
    ],
    ['a skill name with symbols', { skills: [{ name: 'hvac$', level: 1 }] }],
    ['working hours ending before they start', { workingHours: [{ weekday: 'monday', start: '17:00', end: '08:00' }] }],
    ['working hours 24:00 as a start', { workingHours: [{ weekday: 'monday', start: '24:00', end: '24:00' }] }],
    [
      'overlapping periods of a weekday',
      {
        workingHours: [
          { weekday: 'monday', start: '08:00', end: '12:00' },
          { weekday: 'monday', start: '11:00', end: '13:00' },
        ],
      },
    ],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }],
    ['time off ending before it starts', { timeOff: [{ start: '2031-07-08T00:00:00Z', end: '2031-07-01T00:00:00Z' }] }],
    ['time off without offset', { timeOff: [{ start: '2031-07-01T00:00:00', end: '2031-07-08T00:00:00' }] }],
    ['a home base out of range', { homeBase: { lat: 0, lng: 200 } }],
    ['an area id that is no id', { serviceAreaIds: ['north'] }],
  ])('refuses %s with BAD_USER_INPUT and writes nothing', async ([, input], { expect }) => {
    const tenant = serviceTenant();
    expect(codes(await h.run(tenant, CREATE, { input: { userId: userId(), ...input } }))).toEqual(['BAD_USER_INPUT']);
    expect(await countTechnicians(tenant)).toBe(0);
  });

  it('filters by skill, area and active; update replaces lists and moves the schedule version', async ({ expect }) => {
    const tenant = serviceTenant();
    const north = await createArea(h, tenant, { zipCodes: ['60614'] });
    const south = await createArea(h, tenant, { zipCodes: ['60615'] });
    const a = await createTechnician(h, tenant, { skills: [{ name: 'hvac', level: 3 }], serviceAreaIds: [north] });
    const b = await createTechnician(h, tenant, { skills: [{ name: 'plumbing', level: 5 }], serviceAreaIds: [north, south] });
    expect(await listed(tenant, { skill: 'HVAC' })).toEqual([a]);
    expect(await listed(tenant, { serviceAreaId: south })).toEqual([b]);
    expect(await listed(tenant, {})).toEqual([a, b].sort());

    const before = await h.models.Technician.findOne({ _id: a, ...tenantScope(tenant) }).lean();
    const updated = await ok<{ updateTechnician: Record<string, unknown> }>(h, tenant, UPDATE, {
      id: a,
      input: { active: false, skills: [{ name: 'plumbing', level: 1 }], serviceAreaIds: [south], homeBase: null },
    });
    expect(updated.updateTechnician).toMatchObject({ active: false, skills: [{ name: 'plumbing', level: 1 }], serviceAreas: [{ id: south }], homeBase: null });
    const after = await h.models.Technician.findOne({ _id: a, ...tenantScope(tenant) }).lean();
    expect(after?.scheduleVersion).toBe(before!.scheduleVersion + 1);
    expect(await listed(tenant, { active: false })).toEqual([a]);
    expect(await listed(tenant, { skill: 'plumbing', active: true })).toEqual([b]);
    expect(codes(await h.run(tenant, UPDATE, { id: a, input: {} }))).toEqual(['BAD_USER_INPUT']);
  });

  it("keeps tenants apart: another tenant's technician is null + NOT_FOUND; update and foreign areas NOT_FOUND; nothing changed", async ({ expect }) => {
    const owner = serviceTenant();
    const intruder = serviceTenant();
    const area = await createArea(h, owner, { zipCodes: ['60614'] });
    const technician = await createTechnician(h, owner, { serviceAreaIds: [area] });
    const before = await h.models.Technician.findOne({ _id: technician, ...tenantScope(owner) }).lean();

    const read = await h.run(intruder, GET, { id: technician });
    expect(read.data).toEqual({ technician: null });
    expect(codes(read)).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(intruder, UPDATE, { id: technician, input: { active: false } }))).toEqual(['NOT_FOUND']);
    // Another tenant's area is as unknown as a missing one, on create and on update.
    expect(codes(await h.run(intruder, CREATE, { input: { userId: userId(), serviceAreaIds: [area] } }))).toEqual(['NOT_FOUND']);
    const own = await createTechnician(h, intruder);
    expect(codes(await h.run(intruder, UPDATE, { id: own, input: { serviceAreaIds: [area] } }))).toEqual(['NOT_FOUND']);
    expect(await listed(intruder, {})).toEqual([own]);
    expect(await h.models.Technician.findOne({ _id: technician, ...tenantScope(owner) }).lean()).toEqual(before);
  });

  it('gives core users their technicianProfile through one batched, tenant-scoped query', async ({ expect }) => {
    const tenant = serviceTenant();
    const other = serviceTenant();
    const [withProfile, withoutProfile, othersUser] = [userId(), userId(), userId()];
    const technician = await createTechnician(h, tenant, { userId: withProfile, skills: [{ name: 'hvac', level: 2 }] });
    await createTechnician(h, other, { userId: othersUser });
    const batches: Parameters<BatchObserver>[0][] = [];
    const result = await h.run<{ _entities: unknown[] }>(
      tenant,
      ENTITIES,
      { representations: [withProfile, withoutProfile, othersUser].map((id) => ({ __typename: 'User', id })) },
      (batch) => batches.push(batch),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([
      { id: withProfile, technicianProfile: { id: technician, skills: [{ name: 'hvac' }] } },
      { id: withoutProfile, technicianProfile: null },
      { id: othersUser, technicianProfile: null },
    ]);
    expect(batches).toEqual([{ model: 'technicianByUserId', keys: 3, tenantId: tenant.tenantId }]);
  });

  it('gives the technicianProfile of a user reached through a service field, not only through _entities', async ({ expect }) => {
    const tenant = serviceTenant();
    const technician = await createTechnician(h, tenant);
    const data = await ok<{ technician: { user: { id: string; technicianProfile: { id: string } | null } } }>(
      h,
      tenant,
      'query ($id: ID!) { technician(id: $id) { user { id technicianProfile { id } } } }',
      { id: technician },
    );
    expect(data.technician.user).toEqual({ id: expect.any(String), technicianProfile: { id: technician } });
  });

  it.for<[string, TenantContext]>([
    ['a trucking tenant', makeTenantContext({ appType: 'trucking' })],
    ['a serviceRepair tenant with technicianDispatch switched off', serviceTenant({ flags: { technicianDispatch: false } })],
  ])('refuses every operation with FEATURE_DISABLED for %s', async ([, tenant], { expect }) => {
    const id = new mongoose.Types.ObjectId().toHexString();
    for (const [query, variables] of [
      [LIST, {}],
      [GET, { id }],
      [CREATE, { input: { userId: userId() } }],
      [UPDATE, { id, input: { active: false } }],
      [ENTITIES, { representations: [{ __typename: 'User', id }] }],
    ] as const) {
      expect(codes(await h.run(tenant, query, variables))).toEqual(['FEATURE_DISABLED']);
    }
    expect(await countTechnicians(tenant)).toBe(0);
  });

  it('lets a technician read profiles but not create them (FORBIDDEN)', async ({ expect }) => {
    const technician = serviceTenant({ roles: ['technician'] });
    expect(codes(await h.run(technician, CREATE, { input: { userId: technician.userId } }))).toEqual(['FORBIDDEN']);
    expect(codes(await h.run(technician, LIST, {}))).toBeUndefined();
  });
});
