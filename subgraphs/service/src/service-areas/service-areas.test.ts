import { afterAll, beforeAll, describe, it } from 'vitest';
import mongoose from 'mongoose';
import { type TenantContext } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { makeTenantContext } from '@attunelogic/shared/testing';
import { codes, createArea, ok, serviceTenant, startHarness, type ServiceHarness } from '../testing';

let h: ServiceHarness;

beforeAll(async () => {
  h = await startHarness('test-service-areas');
});

afterAll(async () => {
  await h?.close();
});

// Two overlapping areas of Chicago's North Side, [lng, lat]; Lincoln Park has a hole (the zoo).
const NORTH_SIDE = [
  [-87.7, 41.9],
  [-87.6, 41.9],
  [-87.6, 41.98],
  [-87.7, 41.98],
  [-87.7, 41.9],
];
const LINCOLN_PARK = [
  [-87.66, 41.91],
  [-87.62, 41.91],
  [-87.62, 41.94],
  [-87.66, 41.94],
  [-87.66, 41.91],
];
const ZOO = [
  [-87.636, 41.918],
  [-87.63, 41.918],
  [-87.63, 41.924],
  [-87.636, 41.924],
  [-87.636, 41.918],
];

const CREATE =
  'mutation ($input: CreateServiceAreaInput!) { createServiceArea(input: $input) { id name zipCodes polygon { type coordinates } createdBy { id } createdAt } }';
const GET = 'query ($id: ID!) { serviceArea(id: $id) { id name } }';
const LIST =
  'query ($filter: ServiceAreaFilter, $first: Int, $after: String) { serviceAreas(filter: $filter, first: $first, after: $after) { totalCount edges { node { id name } } } }';
const AT = `query ($lat: Float, $lng: Float, $zip: String, $first: Int, $after: String) {
  serviceAreaAt(lat: $lat, lng: $lng, zip: $zip, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id name } }
  }
}`;

interface AtView {
  serviceAreaAt: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { id: string; name: string } }[] };
}

const countAreas = (tenant: TenantContext) => h.models.ServiceArea.countDocuments(tenantScope(tenant));

/** A tenant with: North Side (polygon), Lincoln Park (polygon with a hole, and ZIP 60614), Loop (ZIPs only). */
async function chicago(tenant: TenantContext) {
  const northSide = await createArea(h, tenant, { name: 'North Side', polygon: { coordinates: [NORTH_SIDE] } });
  const lincolnPark = await createArea(h, tenant, { name: 'Lincoln Park', zipCodes: ['60614'], polygon: { coordinates: [LINCOLN_PARK, ZOO] } });
  const loop = await createArea(h, tenant, { name: 'Loop', zipCodes: ['60601', '60602', '60603'] });
  return { northSide, lincolnPark, loop };
}

async function namesAt(tenant: TenantContext, place: Record<string, unknown>): Promise<string[]> {
  const data = await ok<AtView>(h, tenant, AT, place);
  return data.serviceAreaAt.edges.map((e) => e.node.name).sort();
}

describe.concurrent('service areas', () => {
  it('creates an area of ZIP codes (normalised, deduplicated, sorted) and a polygon area', async ({ expect }) => {
    const tenant = serviceTenant();
    const zips = await ok<{ createServiceArea: Record<string, unknown> }>(h, tenant, CREATE, {
      input: { name: ' Loop ', zipCodes: ['60603', '60601-1234', '60601'] },
    });
    expect(zips.createServiceArea).toMatchObject({ name: 'Loop', zipCodes: ['60601', '60603'], polygon: null, createdBy: { id: tenant.userId } });
    const shape = await ok<{ createServiceArea: Record<string, unknown> }>(h, tenant, CREATE, {
      input: { name: 'Lincoln Park', polygon: { coordinates: [LINCOLN_PARK, ZOO] } },
    });
    expect(shape.createServiceArea).toMatchObject({ zipCodes: [], polygon: { type: 'Polygon', coordinates: [LINCOLN_PARK, ZOO] } });
    const list = await ok<{ serviceAreas: { totalCount: number; edges: { node: { name: string } }[] } }>(h, tenant, LIST);
    expect(list.serviceAreas.edges.map((e) => e.node.name)).toEqual(['Lincoln Park', 'Loop']);
    const byZip = await ok<{ serviceAreas: { edges: { node: { name: string } }[] } }>(h, tenant, LIST, { filter: { zip: '60603-0001' } });
    expect(byZip.serviceAreas.edges.map((e) => e.node.name)).toEqual(['Loop']);
  });

  it.for<[string, Record<string, unknown>]>([
    ['neither ZIP codes nor polygon', { name: 'Empty' }],
    ['an empty ZIP list only', { name: 'Empty', zipCodes: [] }],
    ['a malformed ZIP code', { name: 'Bad', zipCodes: ['6061'] }],
    ['an unclosed polygon', { name: 'Open', polygon: { coordinates: [LINCOLN_PARK.slice(0, 4)] } }],
    [
      'a self-intersecting polygon',
      {
        name: 'Bow tie',
        polygon: {
          coordinates: [
            [
              [-87.7, 41.9],
              [-87.6, 41.98],
              [-87.6, 41.9],
              [-87.7, 41.98],
              [-87.7, 41.9],
            ],
          ],
        },
      },
    ],
    [
      'a polygon of three positions',
      {
        name: 'Short',
        polygon: {
          coordinates: [
            [
              [-87.7, 41.9],
              [-87.6, 41.9],
              [-87.7, 41.9],
            ],
          ],
        },
      },
    ],
    [
      'coordinates out of range',
      {
        name: 'Far',
        polygon: {
          coordinates: [
            [
              [-87.7, 91],
              [-87.6, 41.9],
              [-87.6, 41.98],
              [-87.7, 91],
            ],
          ],
        },
      },
    ],
    [
      'a hole outside the outline',
      {
        name: 'Holey',
        polygon: {
          coordinates: [
            LINCOLN_PARK,
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 0],
            ],
          ],
        },
      },
    ],
    ['a blank name', { name: '  ', zipCodes: ['60614'] }],
  ])('refuses %s with BAD_USER_INPUT and writes nothing', async ([, input], { expect }) => {
    const tenant = serviceTenant();
    const result = await h.run(tenant, CREATE, { input });
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(await countAreas(tenant)).toBe(0);
  });

  it('says where an invalid polygon fails', async ({ expect }) => {
    const result = await h.run(serviceTenant(), CREATE, {
      input: {
        name: 'Bow tie',
        polygon: {
          coordinates: [
            [
              [0, 0],
              [10, 10],
              [10, 0],
              [0, 10],
              [0, 0],
            ],
          ],
        },
      },
    });
    expect(result.errors?.[0]).toMatchObject({ message: 'Invalid polygon: edges intersect at [5, 5].', extensions: { code: 'BAD_USER_INPUT', field: 'polygon' } });
  });

  it('refuses a second area with the same name with CONFLICT', async ({ expect }) => {
    const tenant = serviceTenant();
    await createArea(h, tenant, { name: 'Loop', zipCodes: ['60601'] });
    expect(codes(await h.run(tenant, CREATE, { input: { name: 'Loop', zipCodes: ['60602'] } }))).toEqual(['CONFLICT']);
    // Names are per tenant.
    await createArea(h, serviceTenant(), { name: 'Loop', zipCodes: ['60601'] });
  });

  it('finds the areas covering a point: overlapping polygons, edges in, holes out', async ({ expect }) => {
    const tenant = serviceTenant();
    await chicago(tenant);
    expect(await namesAt(tenant, { lat: 41.9214, lng: -87.6436 })).toEqual(['Lincoln Park', 'North Side']); // both overlap here
    expect(await namesAt(tenant, { lat: 41.96, lng: -87.68 })).toEqual(['North Side']);
    expect(await namesAt(tenant, { lat: 41.921, lng: -87.633 })).toEqual(['North Side']); // in Lincoln Park's hole
    expect(await namesAt(tenant, { lat: 41.925, lng: -87.66 })).toEqual(['Lincoln Park', 'North Side']); // on Lincoln Park's edge
    expect(await namesAt(tenant, { lat: 41.8781, lng: -87.6298 })).toEqual([]); // the Loop has ZIP codes only
  });

  it('finds the areas listing a ZIP code, and the union for a point and a ZIP code', async ({ expect }) => {
    const tenant = serviceTenant();
    await chicago(tenant);
    expect(await namesAt(tenant, { zip: '60614' })).toEqual(['Lincoln Park']);
    expect(await namesAt(tenant, { zip: '60602-4321' })).toEqual(['Loop']);
    expect(await namesAt(tenant, { zip: '10001' })).toEqual([]);
    expect(await namesAt(tenant, { lat: 41.96, lng: -87.68, zip: '60601' })).toEqual(['Loop', 'North Side']);
    // An area matched both ways is listed once.
    expect(await namesAt(tenant, { lat: 41.9214, lng: -87.6436, zip: '60614' })).toEqual(['Lincoln Park', 'North Side']);
  });

  it('pages through the covering areas', async ({ expect }) => {
    const tenant = serviceTenant();
    await chicago(tenant);
    const place = { lat: 41.9214, lng: -87.6436, zip: '60601' };
    const first = await ok<AtView>(h, tenant, AT, { ...place, first: 2 });
    expect(first.serviceAreaAt.totalCount).toBe(3);
    expect(first.serviceAreaAt.edges.map((e) => e.node.name)).toEqual(['Loop', 'Lincoln Park']);
    const rest = await ok<AtView>(h, tenant, AT, { ...place, first: 2, after: first.serviceAreaAt.pageInfo.endCursor });
    expect(rest.serviceAreaAt.edges.map((e) => e.node.name)).toEqual(['North Side']);
    expect(rest.serviceAreaAt.pageInfo.hasNextPage).toBe(false);
  });

  it.for<[string, Record<string, unknown>]>([
    ['nothing', {}],
    ['lat without lng', { lat: 41.9 }],
    ['a latitude out of range', { lat: 95, lng: -87.6 }],
    ['a malformed ZIP code', { zip: '606' }],
  ])('serviceAreaAt refuses %s with BAD_USER_INPUT', async ([, place], { expect }) => {
    expect(codes(await h.run(serviceTenant(), AT, place))).toEqual(['BAD_USER_INPUT']);
  });

  it("keeps tenants apart: another tenant's area is null + NOT_FOUND and never covers a point", async ({ expect }) => {
    const owner = serviceTenant();
    const intruder = serviceTenant();
    const { lincolnPark } = await chicago(owner);
    const read = await h.run(intruder, GET, { id: lincolnPark });
    expect(read.data).toEqual({ serviceArea: null });
    expect(codes(read)).toEqual(['NOT_FOUND']);
    expect(await namesAt(intruder, { lat: 41.9214, lng: -87.6436, zip: '60614' })).toEqual([]);
    expect((await ok<{ serviceAreas: { totalCount: number } }>(h, intruder, LIST)).serviceAreas.totalCount).toBe(0);
    expect((await ok<{ serviceArea: { name: string } }>(h, owner, GET, { id: lincolnPark })).serviceArea.name).toBe('Lincoln Park');
  });

  it.for<[string, TenantContext]>([
    ['a trucking tenant', makeTenantContext({ appType: 'trucking' })],
    ['a serviceRepair tenant with serviceAreas switched off', serviceTenant({ flags: { serviceAreas: false } })],
  ])('refuses every operation with FEATURE_DISABLED for %s', async ([, tenant], { expect }) => {
    const id = new mongoose.Types.ObjectId().toHexString();
    for (const [query, variables] of [
      [LIST, {}],
      [GET, { id }],
      [AT, { zip: '60614' }],
      [CREATE, { input: { name: 'Nope', zipCodes: ['60614'] } }],
    ] as const) {
      expect(codes(await h.run(tenant, query, variables))).toEqual(['FEATURE_DISABLED']);
    }
    expect(await countAreas(tenant)).toBe(0);
  });

  it('lets a technician read areas but not create them (FORBIDDEN)', async ({ expect }) => {
    const technician = serviceTenant({ roles: ['technician'] });
    expect(codes(await h.run(technician, CREATE, { input: { name: 'Mine', zipCodes: ['60614'] } }))).toEqual(['FORBIDDEN']);
    expect(codes(await h.run(technician, LIST))).toBeUndefined();
    expect(await countAreas(technician)).toBe(0);
  });
});
