import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '@attunelogic/shared';
import { buildEvents, OUTBOX_COLLECTION } from '@attunelogic/shared/events';
import { connectTestDatabase } from '@attunelogic/shared/testing';
import { Browser, personWithPassword, signIn, startAuth, type RunningAuth } from '../testing';

let connection: Connection;
let coreConnection: Connection;
let auth: RunningAuth;
const logger = createLogger('auth', 'silent');
const info = vi.spyOn(logger, 'info');

beforeAll(async () => {
  [connection, coreConnection] = await Promise.all([connectTestDatabase('auth-test-invitations'), connectTestDatabase('auth-test-invitations-core')]);
  auth = await startAuth({ connection, coreConnection, logger, env: { AUTH_DEACTIVATION_POLL_MS: '60000' } });
});

afterAll(async () => {
  await auth?.stop();
  await Promise.all([connection?.close(), coreConnection?.close()]);
});

/** What core's createUser writes: the user, and user.created in its outbox. */
async function createUser(tenantId: string, email: string): Promise<string> {
  const userId = new mongoose.Types.ObjectId();
  const parentCompany = new mongoose.Types.ObjectId(tenantId);
  await coreConnection.collection('users').insertOne({ _id: userId, parentCompany, email, name: 'New Person', roles: ['viewer'], active: true });
  const events = buildEvents(
    tenantId,
    { type: 'User', id: userId.toHexString() },
    [{ type: 'user.created', payload: { email, name: 'New Person', roles: ['viewer'] } }],
    new Date(),
  );
  await coreConnection.collection(OUTBOX_COLLECTION).insertMany(events as never[]);
  return userId.toHexString();
}

const invitationLinks = (email: string): string[] =>
  info.mock.calls.flatMap(([fields, message]) => {
    const entry = fields as unknown as { email?: string; link?: string };
    return message === 'invitation: one-time link to set a password' && entry.email === email && entry.link ? [entry.link] : [];
  });

describe('invitations (createUser)', () => {
  it('a new person gets a one-time link (logged in development) that sets the password they then sign in with', async () => {
    const colleague = await personWithPassword(auth.server, coreConnection);
    const email = `invited-${Date.now()}@example.test`;
    await createUser(colleague.tenantId, email);
    await auth.server.readCoreEvents();
    const links = invitationLinks(email);
    expect(links).toHaveLength(1);
    const link = links[0]!;
    expect(link).toMatch(new RegExp(`^${auth.issuer}/password/[A-Za-z0-9_-]+$`));

    const browser = new Browser();
    const set = await browser.fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ password: 'the invited person chose this' }).toString(),
    });
    expect(set.status).toBe(200);
    const { tokens } = await signIn(auth.issuer, { organization: colleague.slug, email, password: 'the invited person chose this' });
    expect(tokens.access_token).toEqual(expect.any(String));
    // Used up: the same link again sets nothing.
    const again = await browser.fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ password: 'someone else tries this one' }).toString(),
    });
    expect(again.status).toBe(400);
  });

  it('a person who already has a password is not invited, and each event invites once', async () => {
    const person = await personWithPassword(auth.server, coreConnection);
    const events = buildEvents(
      person.tenantId,
      { type: 'User', id: person.userId },
      [{ type: 'user.created', payload: { email: person.email, name: 'Has a password', roles: ['viewer'] } }],
      new Date(),
    );
    await coreConnection.collection(OUTBOX_COLLECTION).insertMany(events as never[]);
    await auth.server.readCoreEvents();
    expect(invitationLinks(person.email)).toEqual([]);

    const email = `once-${Date.now()}@example.test`;
    await createUser(person.tenantId, email);
    await auth.server.readCoreEvents();
    await auth.server.readCoreEvents();
    expect(invitationLinks(email)).toHaveLength(1);
  });
});
