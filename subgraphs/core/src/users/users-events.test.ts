import { afterAll, beforeAll, describe, it } from 'vitest';
import { OUTBOX_COLLECTION, type StoredEvent } from '@attunelogic/shared/events';
import { contextFor, type CoreHarness, provisionStaffedTenant, startHarness } from '../testing';

let h: CoreHarness;

beforeAll(async () => {
  h = await startHarness('test-core-user-events');
});

afterAll(async () => {
  await h?.close();
});

const CREATE = `mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }`;
const DEACTIVATE = `mutation ($id: ID!) { deactivateUser(id: $id) { id active } }`;

const eventsOf = async (tenantId: string): Promise<StoredEvent[]> =>
  (await h.connection.db!.collection<StoredEvent>(OUTBOX_COLLECTION).find({ 'subject.type': 'User' }).toArray())
    .filter((e) => e.parentCompany.toHexString() === tenantId)
    .sort((a, b) => (a.id < b.id ? -1 : 1));

describe.concurrent('user events', () => {
  it('user.created and user.deactivated, each with its change; a repeated deactivation records nothing', async ({ expect }) => {
    const tenant = await provisionStaffedTenant(h.models);
    const owner = contextFor(tenant);
    const created = await h.run<{ createUser: { id: string } }>(owner, CREATE, { input: { email: 'new@example.test', name: 'New', roles: ['viewer'] } });
    const id = created.data!.createUser.id;
    expect((await h.run(owner, DEACTIVATE, { id })).errors).toBeUndefined();
    expect((await h.run(owner, DEACTIVATE, { id })).errors).toBeUndefined();
    const events = await eventsOf(tenant.id);
    expect(events.map((e) => [e.type, e.subject.id, e.payload['email']])).toEqual([
      ['user.created', id, 'new@example.test'],
      ['user.deactivated', id, 'new@example.test'],
    ]);
  });

  it("another tenant's deactivation attempt is NOT_FOUND and records no event for either", async ({ expect }) => {
    const [a, b] = await Promise.all([provisionStaffedTenant(h.models), provisionStaffedTenant(h.models)]);
    const target = a.users.at(-1)!;
    const result = await h.run(contextFor(b), DEACTIVATE, { id: target.id });
    expect(result.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    expect(await eventsOf(a.id)).toEqual([]);
    expect(await eventsOf(b.id)).toEqual([]);
  });
});
