import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { type TenantContext } from '@attunelogic/shared';
import { tenantScope } from '@attunelogic/shared/mongo';
import { makeTenantContext } from '@attunelogic/shared/testing';
import { codes, createCustomer, ok, serviceTenant, startHarness, type ServiceHarness } from '../testing';
import { searchFilter, searchTokensOf } from './customers.service';

let h: ServiceHarness;

beforeAll(async () => {
  h = await startHarness('test-service-customers');
});

afterAll(async () => {
  await h?.close();
});

const FIELDS = 'id name email phone notes locations { id label address { line1 line2 city region postalCode country } coordinates { lat lng } } createdBy { id }';
const CREATE = `mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateCustomerInput!) { updateCustomer(id: $id, input: $input) { ${FIELDS} } }`;
const GET = `query ($id: ID!) { customer(id: $id) { ${FIELDS} } }`;
const SEARCH = 'query ($search: String, $first: Int) { customers(filter: { search: $search }, first: $first) { totalCount edges { node { name } } } }';

const HOME = {
  label: 'Home',
  address: { line1: '2001 N Clark St', city: 'Chicago', region: 'IL', postalCode: '60614-1234' },
  coordinates: { lat: 41.9214, lng: -87.6336 },
};
const countCustomers = (tenant: TenantContext) => h.models.Customer.countDocuments(tenantScope(tenant));

async function found(tenant: TenantContext, search: string): Promise<string[]> {
  const data = await ok<{ customers: { edges: { node: { name: string } }[] } }>(h, tenant, SEARCH, { search });
  return data.customers.edges.map((e) => e.node.name).sort();
}

describe('search tokens and filters', () => {
  it('tokenises name, email and phone, case and accents folded', () => {
    expect(searchTokensOf({ name: 'José  O’Brien-Smith', email: 'jose.ob@Example.com'.toLowerCase(), phone: '+13125550123' }).sort()).toEqual(
      ['3125550123', '13125550123', 'brien', 'com', 'example', 'example.com', 'jose', 'jose.ob', 'jose.ob@example.com', 'o', 'ob', 'smith'].sort(),
    );
  });

  it('turns a search into anchored, escaped prefixes, never a pattern of the user', () => {
    expect(JSON.stringify(searchFilter('a.b*c (d)'))).toBe(
      JSON.stringify({
        $and: [{ searchTokens: { $regex: '^a' } }, { searchTokens: { $regex: '^b' } }, { searchTokens: { $regex: '^c' } }, { searchTokens: { $regex: '^d' } }],
      }),
    );
    expect(JSON.stringify(searchFilter('j.o+b@ex'))).toBe(JSON.stringify({ $and: [{ searchTokens: { $regex: '^j\\.o\\+b@ex' } }] }));
    expect(JSON.stringify(searchFilter('(312) 555-01'))).toBe(JSON.stringify({ $and: [{ searchTokens: { $regex: '^31255501' } }] }));
  });
});

describe.concurrent('customers', () => {
  it('creates a customer: email lower-cased, phone in E.164, ZIP+4 cut, country defaulted', async ({ expect }) => {
    const tenant = serviceTenant();
    const data = await ok<{ createCustomer: Record<string, unknown> }>(h, tenant, CREATE, {
      input: {
        name: ' Ada Lovelace ',
        email: ' Ada@Example.COM ',
        phone: '(312) 555-0123',
        notes: 'Dog in the yard.',
        locations: [HOME, { address: { line1: '1 Rue de Rivoli', city: 'Paris', postalCode: '75001', country: 'fr' } }],
      },
    });
    expect(data.createCustomer).toMatchObject({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone: '+13125550123',
      notes: 'Dog in the yard.',
      locations: [
        {
          label: 'Home',
          address: { line1: '2001 N Clark St', line2: null, city: 'Chicago', region: 'IL', postalCode: '60614', country: 'US' },
          coordinates: { lat: 41.9214, lng: -87.6336 },
        },
        { label: null, address: { city: 'Paris', postalCode: '75001', country: 'FR' }, coordinates: null },
      ],
      createdBy: { id: tenant.userId },
    });
  });

  it('reads a number without country code in the first location’s country', async ({ expect }) => {
    const data = await ok<{ createCustomer: { phone: string } }>(h, serviceTenant(), CREATE, {
      input: { name: 'Gustave', phone: '01 42 60 12 34', locations: [{ address: { line1: '1 Rue de Rivoli', city: 'Paris', postalCode: '75001', country: 'FR' } }] },
    });
    expect(data.createCustomer.phone).toBe('+33142601234');
  });

  const operator = JSON.parse('{"$ne": null}') as unknown;
  it.for<[string, Record<string, unknown>]>([
    ['no location', { name: 'A', locations: [] }],
    ['an invalid email', { name: 'A', email: 'not-an-email', locations: [HOME] }],
    ['an invalid phone number', { name: 'A', phone: '555-01', locations: [HOME] }],
    ['letters as a phone number', { name: 'A', phone: 'call me maybe', locations: [HOME] }],
    ['a malformed US ZIP code', { name: 'A', locations: [{ address: { ...HOME.address, postalCode: '6061' } }] }],
    ['a country that is no ISO code', { name: 'A', locations: [{ address: { ...HOME.address, country: 'USA' } }] }],
    ['coordinates out of range', { name: 'A', locations: [{ ...HOME, coordinates: { lat: 91, lng: 0 } }] }],
    ['a name over 200 characters', { name: 'n'.repeat(201), locations: [HOME] }],
    ['notes over 5000 characters', { name: 'A', notes: 'n'.repeat(5_001), locations: [HOME] }],
    ['21 locations', { name: 'A', locations: Array.from({ length: 21 }, () => HOME) }],
    ['an operator object as name', { name: operator, locations: [HOME] }],
  ])('refuses %s with BAD_USER_INPUT and writes nothing', async ([, input], { expect }) => {
    const tenant = serviceTenant();
    expect(codes(await h.run(tenant, CREATE, { input }))).toEqual(['BAD_USER_INPUT']);
    expect(await countCustomers(tenant)).toBe(0);
  });

  it('finds customers by name words, email and phone, case and accents ignored', async ({ expect }) => {
    const tenant = serviceTenant();
    await createCustomer(h, tenant, { name: 'José Álvarez', email: 'jose@alvarez-plumbing.com', phone: '+1 312 555 0100' });
    await createCustomer(h, tenant, { name: 'Joseph Smith', email: 'jsmith@example.org', phone: '+1 773 555 0199' });
    await createCustomer(h, tenant, { name: 'Anna Smithers' });
    expect(await found(tenant, 'jos')).toEqual(['Joseph Smith', 'José Álvarez']);
    expect(await found(tenant, 'JOSE alv')).toEqual(['José Álvarez']);
    expect(await found(tenant, 'smith')).toEqual(['Anna Smithers', 'Joseph Smith']);
    expect(await found(tenant, 'jsmith@ex')).toEqual(['Joseph Smith']);
    expect(await found(tenant, 'example.org')).toEqual(['Joseph Smith']);
    expect(await found(tenant, '(773) 555')).toEqual(['Joseph Smith']);
    expect(await found(tenant, '+1 312 555 01')).toEqual(['José Álvarez']);
    expect(await found(tenant, '555')).toEqual([]); // prefixes, not substrings
    expect(await found(tenant, 'mith')).toEqual([]);
  });

  it('treats regex characters in a search as text', async ({ expect }) => {
    const tenant = serviceTenant();
    await createCustomer(h, tenant, { name: 'Dot Com', email: 'a.b@x.io' });
    await createCustomer(h, tenant, { name: 'Other', email: 'axb@x.io' });
    expect(await found(tenant, 'a.b@')).toEqual(['Dot Com']);
    expect(await found(tenant, 'axb@')).toEqual(['Other']);
    expect(codes(await h.run(tenant, SEARCH, { search: '.*' }))).toEqual(['BAD_USER_INPUT']);
  });

  it.for<[string, unknown]>([
    ['one character', 'a'],
    ['over 100 characters', 'a'.repeat(101)],
    ['more than 5 words', 'a b c d e f'],
    ['only punctuation', '***'],
    ['an operator object', JSON.parse('{"$regex": ".*"}')],
  ])('refuses a search of %s with BAD_USER_INPUT', async ([, search], { expect }) => {
    expect(codes(await h.run(serviceTenant(), SEARCH, { search }))).toEqual(['BAD_USER_INPUT']);
  });

  it('updates contact data and notes; the search follows; null removes', async ({ expect }) => {
    const tenant = serviceTenant();
    const customer = await createCustomer(h, tenant, { name: 'Old Name', email: 'old@example.com', phone: '+13125550100', notes: 'n' });
    const data = await ok<{ updateCustomer: Record<string, unknown> }>(h, tenant, UPDATE, {
      id: customer.id,
      input: { name: 'New Name', email: null, phone: '773-555-0199' },
    });
    expect(data.updateCustomer).toMatchObject({ name: 'New Name', email: null, phone: '+17735550199', notes: 'n' });
    expect(await found(tenant, 'old')).toEqual([]);
    expect(await found(tenant, 'new name')).toEqual(['New Name']);
    expect(await found(tenant, '7735550')).toEqual(['New Name']);
    expect(codes(await h.run(tenant, UPDATE, { id: customer.id, input: {} }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.run(tenant, UPDATE, { id: customer.id, input: { phone: '12' } }))).toEqual(['BAD_USER_INPUT']);
  });

  it("keeps tenants apart: another tenant's customer is null + NOT_FOUND, its update NOT_FOUND, nothing changed", async ({ expect }) => {
    const owner = serviceTenant();
    const intruder = serviceTenant();
    const customer = await createCustomer(h, owner, { name: 'Private Person', email: 'private@example.com' });
    const before = await h.models.Customer.findOne({ _id: customer.id, ...tenantScope(owner) }).lean();
    const read = await h.run(intruder, GET, { id: customer.id });
    expect(read.data).toEqual({ customer: null });
    expect(codes(read)).toEqual(['NOT_FOUND']);
    expect(codes(await h.run(intruder, UPDATE, { id: customer.id, input: { name: 'Hijacked' } }))).toEqual(['NOT_FOUND']);
    expect(await found(intruder, 'private')).toEqual([]);
    expect(await h.models.Customer.findOne({ _id: customer.id, ...tenantScope(owner) }).lean()).toEqual(before);
  });

  it.for<[string, TenantContext]>([
    ['a trucking tenant', makeTenantContext({ appType: 'trucking' })],
    ['a serviceRepair tenant with customerManagement switched off', serviceTenant({ flags: { customerManagement: false } })],
  ])('refuses every operation with FEATURE_DISABLED for %s', async ([, tenant], { expect }) => {
    const id = new mongoose.Types.ObjectId().toHexString();
    for (const [query, variables] of [
      [SEARCH, {}],
      [GET, { id }],
      [CREATE, { input: { name: 'Nope', locations: [HOME] } }],
      [UPDATE, { id, input: { name: 'Nope' } }],
    ] as const) {
      expect(codes(await h.run(tenant, query, variables))).toEqual(['FEATURE_DISABLED']);
    }
    expect(await countCustomers(tenant)).toBe(0);
  });

  it('lets a viewer read customers but not create them (FORBIDDEN)', async ({ expect }) => {
    const viewer = serviceTenant({ roles: ['viewer'] });
    expect(codes(await h.run(viewer, CREATE, { input: { name: 'A', locations: [HOME] } }))).toEqual(['FORBIDDEN']);
    expect(codes(await h.run(viewer, SEARCH, {}))).toBeUndefined();
  });
});
