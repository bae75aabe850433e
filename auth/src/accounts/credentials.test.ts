import { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestDatabase } from '@attunelogic/shared/testing';
import { testClock } from '@attunelogic/shared';
import { createCredentialStore } from './credentials';
import { personWithPassword, signIn, startAuth, type RunningAuth } from '../testing';

let connection: Connection;
let coreConnection: Connection;
let auth: RunningAuth;

beforeAll(async () => {
  [connection, coreConnection] = await Promise.all([connectTestDatabase('auth-test-auth'), connectTestDatabase('auth-test-core')]);
  auth = await startAuth({ connection, coreConnection });
});

afterAll(async () => {
  await auth?.stop();
  await Promise.all([connection?.close(), coreConnection?.close()]);
});

const postPassword = (url: string, password: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: new URLSearchParams({ password }) });

describe('passwords', () => {
  it('are stored as argon2id hashes, never as given', async () => {
    const person = await personWithPassword(auth.server, coreConnection);
    const stored = await auth.server.credentials.get(person.userId);
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(JSON.stringify(stored)).not.toContain('correct horse');
  });

  it('a one-time link sets a password once: too short refused (BAD_USER_INPUT), then set, then the link is used up', async () => {
    const person = await personWithPassword(auth.server, coreConnection);
    const token = await auth.server.credentials.issuePasswordToken({ tenantId: person.tenantId, slug: person.slug, userId: person.userId });
    const url = `${auth.issuer}/password/${token}`;
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('type="password"');

    const short = await postPassword(url, 'short');
    expect(short.status).toBe(400);
    expect(await short.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });

    const chosen = 'a new password chosen by the person';
    expect((await postPassword(url, chosen)).status).toBe(200);
    const { tokens } = await signIn(auth.issuer, { organization: person.slug, email: person.email, password: chosen });
    expect(tokens.access_token).toEqual(expect.any(String));

    const again = await postPassword(url, 'yet another password for this account');
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ errors: [{ message: 'This link is invalid, used or expired. Ask for a new one.', extensions: { code: 'BAD_USER_INPUT' } }] });
  });

  it('a link expires after a day', async () => {
    const person = await personWithPassword(auth.server, coreConnection);
    const clock = testClock('2026-01-01T00:00:00Z');
    const store = createCredentialStore(connection, clock);
    const token = await store.issuePasswordToken({ tenantId: person.tenantId, slug: person.slug, userId: person.userId });
    clock.set('2026-01-02T00:00:01Z');
    expect(await store.redeemPasswordToken(token, 'a password after the link expired')).toBe(false);
    expect(await store.redeemPasswordToken('a-token-never-issued', 'a password for nobody at all')).toBe(false);
  });
});
