import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { codes, freshTenant, post, startStack, tokenFor, type Stack } from './stack';

let stack: Stack;
let trucking: ProvisionedTenant;
let repair: ProvisionedTenant;

beforeAll(async () => {
  stack = await startStack();
  [trucking, repair] = await Promise.all([freshTenant(stack, 'trucking'), freshTenant(stack, 'serviceRepair')]);
});

afterAll(async () => {
  await stack?.stop();
});

const TYPES = '{ __schema { types { name } queryType { fields { name } } mutationType { fields { name } } } }';
interface Schema {
  __schema: { types: { name: string }[]; queryType: { fields: { name: string }[] }; mutationType: { fields: { name: string }[] } };
}

describe('introspection by industry', () => {
  it('shows a trucking user the trucking schema and no service types or fields', async () => {
    const res = await post<Schema>(stack, { query: TYPES, token: await tokenFor(trucking, 'viewer') });
    expect(res.status).toBe(200);
    const types = res.body.data!.__schema.types.map((t) => t.name);
    const queries = res.body.data!.__schema.queryType.fields.map((f) => f.name);
    expect(types).toContain('Vehicle');
    expect(queries).toEqual(expect.arrayContaining(['me', 'tenant', 'vehicles', 'vehicle']));
    expect(types).not.toContain('WorkOrder');
    expect(queries).not.toContain('workOrders');
    expect(res.body.data!.__schema.mutationType.fields.map((f) => f.name)).not.toContain('createWorkOrder');
  });

  it('shows a service user the service schema and no trucking types or fields', async () => {
    const res = await post<Schema>(stack, { query: TYPES, token: await tokenFor(repair, 'viewer') });
    const types = res.body.data!.__schema.types.map((t) => t.name);
    expect(types).toContain('WorkOrder');
    expect(types).not.toContain('Vehicle');
    expect(res.body.data!.__schema.queryType.fields.map((f) => f.name)).not.toContain('vehicles');
  });

  it('answers __type for the other industry’s type with null', async () => {
    const res = await post<{ __type: unknown }>(stack, { query: '{ __type(name: "WorkOrder") { name } }', token: await tokenFor(trucking) });
    expect(res.body.data).toEqual({ __type: null });
  });

  it('refuses introspection without a token', async () => {
    const res = await post(stack, { query: TYPES });
    expect(res.status).toBe(401);
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses introspection mixed with data fields, so the full schema never leaks through', async () => {
    const res = await post(stack, { query: '{ me { id } __schema { types { name } } }', token: await tokenFor(trucking) });
    expect(res.status).toBe(400);
    expect(codes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});

describe('the Playground', () => {
  it('is served to a browser at the GraphQL URL, with its assets from the gateway itself', async () => {
    const page = await fetch(`${stack.url}/api/v1/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toHaveLength(3);
    for (const asset of assets) {
      expect(asset.startsWith('/api/v1/graphql/playground/')).toBe(true);
      const res = await fetch(`${stack.url}${asset}`);
      expect(res.status, asset).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
  });
});
