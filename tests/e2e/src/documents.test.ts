// Documents through the real gateway: a dispatcher uploads a POD photo to /api/v1/documents (the
// bearer token, a non-simple content type), attaches it to a delivery stop through GraphQL and
// fetches it by its signed link without a token; forms, cookies and scripts are refused; another
// tenant gets NOT_FOUND and a link of ours under its name is refused; each role uploads as it may.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTML, PDF, PNG, SVG } from '@attunelogic/shared/documents';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { codes, freshTenant, post, startStack, tokenFor, type GraphQLResponse, type Stack } from './stack';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
});

async function as<T = Record<string, unknown>>(
  tenant: ProvisionedTenant,
  query: string,
  variables: Record<string, unknown> = {},
  role = 'dispatcher',
): Promise<GraphQLResponse<T>> {
  return post<T>(stack, { query, variables, token: await tokenFor(tenant, role) });
}

async function ok<T>(tenant: ProvisionedTenant, query: string, variables: Record<string, unknown> = {}, role = 'dispatcher'): Promise<T> {
  const res = await as<T>(tenant, query, variables, role);
  if (res.body.errors || !res.body.data) throw new Error(`${query.slice(0, 80)}: ${JSON.stringify(res.body.errors)}`);
  return res.body.data;
}

/** POST /api/v1/documents as a user of the tenant (or with the headers given). */
async function upload(
  body: Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; body: { upload?: { id: string; contentType: string }; errors?: { extensions: { code: string } }[] } }> {
  const res = await fetch(`${stack.url}/api/v1/documents`, { method: 'POST', headers, body });
  return { status: res.status, body: (await res.json()) as never };
}
const bearer = async (tenant: ProvisionedTenant, role = 'dispatcher', type = 'image/png') => ({
  authorization: `Bearer ${await tokenFor(tenant, role)}`,
  'content-type': type,
});

const HOUR = 3_600_000;
const window = (fromHours: number) => ({
  start: new Date(Date.now() + fromHours * HOUR).toISOString(),
  end: new Date(Date.now() + (fromHours + 4) * HOUR).toISOString(),
});
let serial = 0;
async function load(tenant: ProvisionedTenant): Promise<{ id: string; stops: { id: string; type: string }[] }> {
  const input = {
    referenceNumber: `DOC-${Date.now() % 1_000_000}-${++serial}`,
    customerReference: 'ACME',
    weightLbs: 30_000,
    rateCents: 120_000,
    stops: [
      {
        type: 'pickup',
        address: { line1: '4500 Irving Blvd', city: 'Dallas', state: 'TX', postalCode: '75247' },
        location: { latitude: 32.8151, longitude: -96.8716 },
        window: window(1),
      },
      {
        type: 'delivery',
        address: { line1: '7300 Clinton Dr', city: 'Houston', state: 'TX', postalCode: '77020' },
        location: { latitude: 29.7427, longitude: -95.2893 },
        window: window(7),
      },
    ],
  };
  return (
    await ok<{ createLoad: { id: string; stops: { id: string; type: string }[] } }>(
      tenant,
      'mutation ($input: CreateLoadInput!) { createLoad(input: $input) { id stops { id type } } }',
      { input },
    )
  ).createLoad;
}

const ATTACH = 'mutation ($input: AttachDocumentInput!) { attachDocument(input: $input) { id kind stopId contentType size downloadLink { url expiresAt } } }';
const LOAD_DOCUMENTS = 'query ($id: ID!) { load(id: $id) { documents(kind: pod) { id stopId contentType downloadLink { url } } } }';

describe('documents through the gateway', () => {
  it('a dispatcher uploads a POD photo, attaches it to the delivery and fetches it by its signed link, without a token', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const { id: loadId, stops } = await load(tenant);
    const uploaded = await upload(PNG, await bearer(tenant));
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.upload).toMatchObject({ contentType: 'image/png', size: PNG.length });
    const delivery = stops.find((s) => s.type === 'delivery')!.id;
    const doc = (
      await ok<{ attachDocument: { id: string; downloadLink: { url: string } } }>(tenant, ATTACH, {
        input: { uploadId: uploaded.body.upload!.id, loadId, stopId: delivery, kind: 'pod', name: 'POD' },
      })
    ).attachDocument;
    const listed = (await ok<{ load: { documents: { id: string; stopId: string; downloadLink: { url: string } }[] } }>(tenant, LOAD_DOCUMENTS, { id: loadId }, 'viewer'))
      .load.documents;
    expect(listed).toEqual([expect.objectContaining({ id: doc.id, stopId: delivery, contentType: 'image/png' })]);

    const got = await fetch(`${stack.url}${listed[0]!.downloadLink.url}`);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await got.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('refuses uploads a form or a cookie could make: no bearer token 401, simple or missing content types 415', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    expect((await upload(PNG, { 'content-type': 'image/png', cookie: 'session=whatever' })).status).toBe(401);
    for (const type of ['text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded']) {
      expect((await upload(PNG, await bearer(tenant, 'dispatcher', type))).status).toBe(415);
    }
    const headers = await bearer(tenant);
    delete (headers as Record<string, string>)['content-type'];
    const bare = await fetch(`${stack.url}/api/v1/documents`, { method: 'POST', headers, body: new Uint8Array(PNG) });
    expect(bare.status).toBe(415);
  });

  it('judges the type by the content: SVG and HTML are refused whatever they are called, a PDF is kept as a PDF', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    for (const bytes of [SVG, HTML]) {
      const refused = await upload(bytes, await bearer(tenant, 'dispatcher', 'image/png'));
      expect(refused.status).toBe(400);
      expect(refused.body.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    }
    expect((await upload(PDF, await bearer(tenant, 'dispatcher', 'application/octet-stream'))).body.upload?.contentType).toBe('application/pdf');
  });

  it('gives another tenant NOT_FOUND for our document and upload, and refuses our link under its name', async () => {
    const [tenant, other] = await Promise.all([freshTenant(stack, 'trucking'), freshTenant(stack, 'trucking')]);
    const { id: loadId } = await load(tenant);
    const uploadId = (await upload(PNG, await bearer(tenant))).body.upload!.id;
    const doc = (await ok<{ attachDocument: { id: string; downloadLink: { url: string } } }>(tenant, ATTACH, { input: { uploadId, loadId, kind: 'photo' } }))
      .attachDocument;

    expect(codes(await as(other, 'query ($id: ID!) { document(id: $id) { id } }', { id: doc.id }))).toEqual(['NOT_FOUND']);
    expect(codes(await as(other, 'mutation ($id: ID!) { retireDocument(id: $id) { id } }', { id: doc.id }))).toEqual(['NOT_FOUND']);
    const theirLoad = await load(other);
    const second = (await upload(PNG, await bearer(tenant))).body.upload!.id;
    expect(codes(await as(other, ATTACH, { input: { uploadId: second, loadId: theirLoad.id, kind: 'photo' } }))).toEqual(['NOT_FOUND']);

    const underTheirName = doc.downloadLink.url.replace(`/${tenant.slug}/`, `/${other.slug}/`);
    expect((await fetch(`${stack.url}${underTheirName}`)).status).toBe(403);
    const forged = doc.downloadLink.url.replace(/signature=[^&]+/, 'signature=x');
    expect((await fetch(`${stack.url}${forged}`)).status).toBe(403);
    expect((await fetch(`${stack.url}${doc.downloadLink.url.replace(`/${tenant.slug}/`, '/no-such-tenant/')}`)).status).toBe(404);
  });

  it('lets each role upload as it may, and a past-due tenant none', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    for (const role of ['owner', 'admin', 'dispatcher', 'driver']) expect((await upload(PNG, await bearer(tenant, role))).status).toBe(201);
    expect((await upload(PNG, await bearer(tenant, 'viewer'))).status).toBe(403);
    const pastDue = await freshTenant(stack, 'trucking', { paymentStatus: 'past_due' });
    expect((await upload(PNG, await bearer(pastDue))).status).toBe(402);
  });
});
