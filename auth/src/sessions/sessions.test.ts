import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEvents, OUTBOX_COLLECTION } from '@attunelogic/shared/events';
import { connectTestDatabase } from '@attunelogic/shared/testing';
import {
  apiClientOfNewTenant,
  Browser,
  clientCredentials,
  personWithPassword,
  pkce,
  signIn,
  startAuth,
  startSignIn,
  tokenRequest,
  TEST_PASSWORD,
  type RunningAuth,
  type TestPerson,
} from '../testing';
import { type SessionView } from './sessions';

let connection: Connection;
let coreConnection: Connection;
let auth: RunningAuth;

beforeAll(async () => {
  [connection, coreConnection] = await Promise.all([connectTestDatabase('auth-test-my-sessions'), connectTestDatabase('auth-test-my-sessions-core')]);
  // A long poll: the test reads deactivations itself (readCoreEvents), so it sees no race.
  auth = await startAuth({ connection, coreConnection, env: { AUTH_DEACTIVATION_POLL_MS: '60000', AUTH_DIRECTORY_TTL_MS: '60000' } });
});

afterAll(async () => {
  await auth?.stop();
  await Promise.all([connection?.close(), coreConnection?.close()]);
});

/** A browser that names itself, as each device would. */
class NamedBrowser extends Browser {
  constructor(private readonly userAgent: string) {
    super();
  }
  override fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('user-agent', this.userAgent);
    return super.fetch(url, { ...init, headers });
  }
}

const signInFrom = (person: TestPerson, userAgent: string) =>
  signIn(auth.issuer, { organization: person.slug, email: person.email, password: TEST_PASSWORD }, new NamedBrowser(userAgent));

async function call(
  method: string,
  token: string | undefined,
  id?: string,
): Promise<{ status: number; body: { sessions?: SessionView[]; errors?: { extensions: { code: string } }[] } }> {
  const res = await fetch(`${auth.issuer}/sessions${id ? `/${id}` : ''}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as never };
}

const list = async (token: string) => {
  const res = await call('GET', token);
  expect(res.status).toBe(200);
  return res.body.sessions ?? [];
};
const refresh = (refreshToken: string) => tokenRequest(auth.issuer, { grant_type: 'refresh_token', refresh_token: refreshToken });

/** Whether the browser still has a sign-in session: a new authorization request then skips the form. */
async function hasSession(browser: Browser): Promise<boolean> {
  try {
    await startSignIn(browser, auth.issuer, pkce().challenge);
    return false;
  } catch (error) {
    if (error instanceof Error && error.message.includes('callback?code=')) return true;
    throw error;
  }
}

describe('my sessions', () => {
  it('lists each browser with its user agent, start and last use, the current one marked; a refresh is a use', async () => {
    const person = await personWithPassword(auth.server, coreConnection);
    const laptop = await signInFrom(person, 'Laptop/1.0 (Firefox)');
    const phone = await signInFrom(person, 'Phone/2.0 (Safari)');
    const sessions = await list(phone.tokens.access_token ?? '');
    expect(sessions.map((s) => [s.userAgent, s.current]).sort()).toEqual([
      ['Laptop/1.0 (Firefox)', false],
      ['Phone/2.0 (Safari)', true],
    ]);
    for (const s of sessions) {
      expect(s.id).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Date.parse(s.createdAt ?? '')).toBeLessThanOrEqual(Date.parse(s.lastUsedAt ?? ''));
      expect(Date.parse(s.expiresAt ?? '')).toBeGreaterThan(Date.now());
    }
    // The session's id is its cookie's value: never shown, only the uid.
    const stored = await connection.collection('oidc').find({ model: 'Session', 'payload.accountId': person.userId }).toArray();
    expect(stored.map((s) => String(s['_id']).replace('Session:', '')).some((cookie) => sessions.some((s) => s.id === cookie))).toBe(false);

    const laptopBefore = sessions.find((s) => s.userAgent.startsWith('Laptop'))!;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await refresh(laptop.tokens.refresh_token ?? '')).status).toBe(200);
    const laptopAfter = (await list(phone.tokens.access_token ?? '')).find((s) => s.id === laptopBefore.id)!;
    expect(Date.parse(laptopAfter.lastUsedAt ?? '')).toBeGreaterThan(Date.parse(laptopBefore.lastUsedAt ?? ''));
    expect(laptopAfter.createdAt).toBe(laptopBefore.createdAt);
  });

  it('revoking one ends that browser and its refresh token, and leaves the other', async () => {
    const person = await personWithPassword(auth.server, coreConnection);
    const laptop = await signInFrom(person, 'Laptop');
    const phone = await signInFrom(person, 'Phone');
    const target = (await list(phone.tokens.access_token ?? '')).find((s) => s.userAgent === 'Laptop')!;
    const res = await call('DELETE', phone.tokens.access_token, target.id);
    expect(res.status).toBe(200);
    expect(await refresh(laptop.tokens.refresh_token ?? '')).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await hasSession(laptop.browser)).toBe(false);
    expect((await refresh(phone.tokens.refresh_token ?? '')).status).toBe(200);
    expect(await hasSession(phone.browser)).toBe(true);
    expect((await list(phone.tokens.access_token ?? '')).map((s) => s.userAgent)).toEqual(['Phone']);
    // Gone is gone: the same id again is NOT_FOUND.
    expect((await call('DELETE', phone.tokens.access_token, target.id)).status).toBe(404);
  });

  it('revoking all ends every browser of the person, and no one else', async () => {
    const person = await personWithPassword(auth.server, coreConnection);
    const colleague = await personWithPassword(auth.server, coreConnection);
    const a = await signInFrom(person, 'A');
    const b = await signInFrom(person, 'B');
    const other = await signInFrom(colleague, 'C');
    expect((await call('DELETE', a.tokens.access_token)).status).toBe(200);
    for (const tokens of [a.tokens, b.tokens]) expect((await refresh(tokens.refresh_token ?? '')).status).toBe(400);
    expect(await hasSession(b.browser)).toBe(false);
    expect((await refresh(other.tokens.refresh_token ?? '')).status).toBe(200);
  });

  it("another person's session (of another tenant) is NOT_FOUND like a missing one, and stays", async () => {
    const person = await personWithPassword(auth.server, coreConnection);
    const stranger = await personWithPassword(auth.server, coreConnection);
    const mine = await signInFrom(person, 'Mine');
    const theirs = await signInFrom(stranger, 'Theirs');
    const theirId = (await list(theirs.tokens.access_token ?? '')).find((s) => s.current)!.id;
    const attempt = await call('DELETE', mine.tokens.access_token, theirId);
    const missing = await call('DELETE', mine.tokens.access_token, 'no-such-session-id');
    expect(attempt).toEqual(missing);
    expect(attempt.status).toBe(404);
    expect(attempt.body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect((await list(mine.tokens.access_token ?? '')).map((s) => s.userAgent)).toEqual(['Mine']);
    expect((await refresh(theirs.tokens.refresh_token ?? '')).status).toBe(200);
  });

  it('needs an access token of a person: none, a forged one and an API client are UNAUTHENTICATED', async () => {
    const person = await personWithPassword(auth.server, coreConnection);
    const { tokens } = await signInFrom(person, 'Mine');
    const client = await apiClientOfNewTenant(coreConnection);
    const partner = await clientCredentials(auth.issuer, client.clientId, client.secret);
    expect(partner.status).toBe(200);
    const [header, payload] = (tokens.access_token ?? '').split('.');
    for (const token of [undefined, 'not-a-token', `${header}.${payload}.AAAA`, partner.body.access_token ?? '', tokens.id_token ?? '']) {
      const res = await call('GET', token);
      expect(res.status).toBe(401);
      expect(res.body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('deactivation', () => {
  it("a deactivated person's sessions end at once (core's user.deactivated event), not at the next refresh; others stay", async () => {
    const person = await personWithPassword(auth.server, coreConnection);
    const colleague = await personWithPassword(auth.server, coreConnection);
    const mine = await signInFrom(person, 'Mine');
    const theirs = await signInFrom(colleague, 'Theirs');
    // What core's deactivateUser writes: the record, and its event in the outbox.
    const userId = new mongoose.Types.ObjectId(person.userId);
    await coreConnection.collection('users').updateOne({ _id: userId }, { $set: { active: false } });
    await coreConnection
      .collection(OUTBOX_COLLECTION)
      .insertMany(
        buildEvents(person.tenantId, { type: 'User', id: person.userId }, [{ type: 'user.deactivated', payload: { email: person.email } }], new Date()) as never[],
      );
    expect(await auth.server.readCoreEvents()).toBeGreaterThanOrEqual(1);

    // The directory still trusts its cached record for a minute here: the session is gone anyway.
    expect(await connection.collection('oidc').countDocuments({ 'payload.accountId': person.userId })).toBe(0);
    expect(await refresh(mine.tokens.refresh_token ?? '')).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await hasSession(mine.browser)).toBe(false);
    expect((await refresh(theirs.tokens.refresh_token ?? '')).status).toBe(200);
    expect(await hasSession(theirs.browser)).toBe(true);
  });
});

describe('browser origins at the token endpoint', () => {
  const withOrigin = async (origin: string) => {
    const res = await fetch(`${auth.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      body: new URLSearchParams({ client_id: 'attunelogic-web', grant_type: 'refresh_token', refresh_token: 'not-a-refresh-token' }).toString(),
    });
    return { status: res.status, body: (await res.json()) as { error?: string }, allowOrigin: res.headers.get('access-control-allow-origin') };
  };

  it("lets in the SPA's origin (its redirect URI's) and no other site's", async () => {
    expect(await withOrigin('http://127.0.0.1:5173')).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await withOrigin('https://elsewhere.example')).toMatchObject({ status: 400, body: { error: 'invalid_request' }, allowOrigin: null });
  });
});
