// Job photos and signatures through the real gateway: a service tenant's upload to /api/v1/documents
// reaches the service subgraph (the gateway picks it by the tenant's industry), is attached to a work
// order through GraphQL and fetched by its signed link without a token; another tenant gets NOT_FOUND;
// a viewer may not upload, a technician may.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JPEG, PNG } from '@attunelogic/shared/documents';
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

async function upload(tenant: ProvisionedTenant, body: Buffer, role = 'dispatcher'): Promise<{ status: number; id?: string }> {
  const res = await fetch(`${stack.url}/api/v1/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await tokenFor(tenant, role)}`, 'content-type': 'image/png' },
    body: new Uint8Array(body),
  });
  const answer = (await res.json()) as { upload?: { id: string } };
  return { status: res.status, ...(answer.upload ? { id: answer.upload.id } : {}) };
}

async function workOrder(tenant: ProvisionedTenant): Promise<string> {
  const customerId = (
    await ok<{ createCustomer: { id: string } }>(tenant, 'mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }', {
      input: { name: 'Ada', locations: [{ address: { line1: '2001 N Clark St', city: 'Chicago', postalCode: '60614' } }] },
    })
  ).createCustomer.id;
  return (
    await ok<{ createWorkOrder: { id: string } }>(tenant, 'mutation ($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { id } }', {
      input: { title: 'No cooling', customerId },
    })
  ).createWorkOrder.id;
}

const ATTACH = 'mutation ($input: AttachToWorkOrderInput!) { attachToWorkOrder(input: $input) { id kind contentType downloadLink { url } } }';
const ORDER_ATTACHMENTS = 'query ($id: ID!) { workOrder(id: $id) { attachments { id kind contentType downloadLink { url } } } }';

describe('job photos through the gateway', () => {
  it('a dispatcher uploads a photo, attaches it to a work order, and a viewer fetches it by its signed link without a token', async () => {
    const tenant = await freshTenant(stack, 'serviceRepair');
    const id = await workOrder(tenant);
    const uploaded = await upload(tenant, PNG);
    expect(uploaded.status).toBe(201);
    const photo = (await ok<{ attachToWorkOrder: { id: string } }>(tenant, ATTACH, { input: { uploadId: uploaded.id, workOrderId: id, kind: 'photo' } }))
      .attachToWorkOrder;
    const listed = (await ok<{ workOrder: { attachments: { id: string; downloadLink: { url: string } }[] } }>(tenant, ORDER_ATTACHMENTS, { id }, 'viewer')).workOrder
      .attachments;
    expect(listed).toEqual([expect.objectContaining({ id: photo.id, kind: 'photo', contentType: 'image/png' })]);
    const got = await fetch(`${stack.url}${listed[0]!.downloadLink.url}`);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await got.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('gives another tenant NOT_FOUND for our attachment, work order and upload, and refuses our link under its name', async () => {
    const [tenant, other] = await Promise.all([freshTenant(stack, 'serviceRepair'), freshTenant(stack, 'serviceRepair')]);
    const id = await workOrder(tenant);
    const uploadId = (await upload(tenant, JPEG)).id;
    const photo = (
      await ok<{ attachToWorkOrder: { id: string; downloadLink: { url: string } } }>(tenant, ATTACH, { input: { uploadId, workOrderId: id, kind: 'photo' } })
    ).attachToWorkOrder;
    expect(codes(await as(other, 'query ($id: ID!) { workOrderAttachment(id: $id) { id } }', { id: photo.id }))).toEqual(['NOT_FOUND']);
    expect(codes(await as(other, ORDER_ATTACHMENTS, { id }))).toEqual(['NOT_FOUND']);
    const theirOrder = await workOrder(other);
    expect(codes(await as(other, ATTACH, { input: { uploadId: (await upload(tenant, PNG)).id, workOrderId: theirOrder, kind: 'photo' } }))).toEqual(['NOT_FOUND']);
    const underTheirName = photo.downloadLink.url.replace(`/${tenant.slug}/`, `/${other.slug}/`);
    expect((await fetch(`${stack.url}${underTheirName}`)).status).toBe(403);
  });

  it('lets a technician upload and refuses a viewer (403)', async () => {
    const tenant = await freshTenant(stack, 'serviceRepair');
    expect((await upload(tenant, PNG, 'technician')).status).toBe(201);
    expect((await upload(tenant, PNG, 'viewer')).status).toBe(403);
  });
});
