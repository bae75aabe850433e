import { decodeJwt } from 'jose';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestDatabase } from '@attunelogic/shared/testing';
import { SIGN_IN_REFUSED, SIGN_IN_THROTTLED } from './accounts/accounts';
import { Browser, personWithPassword, pkce, signIn, startAuth, startSignIn, submitSignIn, tokenRequest, TEST_PASSWORD, type RunningAuth } from './testing';

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

describe('refresh tokens', () => {
  it('rotate: each refresh gives a new access token and a new refresh token, and the chain goes on', async () => {
    const person = await personWithPassword(auth.server, coreConnection);
    const { tokens } = await signIn(auth.issuer, { organization: person.slug, email: person.email, password: TEST_PASSWORD });
    const first = await refresh(tokens.refresh_token ?? '');
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).toEqual(expect.any(String));
    expect(first.body.refresh_token).not.toBe(tokens.refresh_token);
    expect(decodeJwt(first.body.access_token ?? '')).toMatchObject({ sub: person.userId, tenant: person.slug, aud: 'attunelogic-api' });
    const second = await refresh(first.body.refresh_token ?? '');
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
  });

  it('reuse of a rotated refresh token is refused, revokes the whole chain and ends the sign-in session', async () => {
    const person = await personWithPassword(auth.server, coreConnection);
    const { tokens, browser } = await signIn(auth.issuer, { organization: person.slug, email: person.email, password: TEST_PASSWORD });
    expect(await hasSession(browser)).toBe(true);
    const rotated = await refresh(tokens.refresh_token ?? '');
    expect(rotated.status).toBe(200);

    // The first token again, as a thief who copied it would present it.
    const reused = await refresh(tokens.refresh_token ?? '');
    expect(reused.status).toBe(400);
    expect(reused.body).toMatchObject({ error: 'invalid_grant' });
    // The legitimate holder's newer token dies with the grant.
    const latest = await refresh(rotated.body.refresh_token ?? '');
    expect(latest.status).toBe(400);
    expect(latest.body).toMatchObject({ error: 'invalid_grant' });
    expect(latest.body.access_token).toBeUndefined();
    // And the person must sign in again.
    expect(await hasSession(browser)).toBe(false);
  });

  it('a made-up refresh token is refused', async () => {
    const made = await refresh('not-a-refresh-token');
    expect(made.status).toBe(400);
    expect(made.body).toMatchObject({ error: 'invalid_grant' });
  });
});

describe('deactivation', () => {
  it('a deactivated user, or a user of a deactivated tenant, gets no new access token from a refresh token', async () => {
    const fresh = await startAuth({ connection, coreConnection, env: { AUTH_DIRECTORY_TTL_MS: '0' } });
    try {
      for (const collection of ['users', 'customers'] as const) {
        const person = await personWithPassword(fresh.server, coreConnection);
        const { tokens } = await signIn(fresh.issuer, { organization: person.slug, email: person.email, password: TEST_PASSWORD });
        const _id = new mongoose.Types.ObjectId(collection === 'users' ? person.userId : person.tenantId);
        await coreConnection.collection(collection).updateOne({ _id }, { $set: { active: false } });
        const refused = await tokenRequest(fresh.issuer, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '' });
        expect(refused.status).toBe(400);
        expect(refused.body).toMatchObject({ error: 'invalid_grant' });
        expect(refused.body.access_token).toBeUndefined();
      }
    } finally {
      await fresh.stop();
    }
  });
});

describe('a password change', () => {
  it('ends the sessions and refresh tokens of the person, and only theirs', async () => {
    const person = await personWithPassword(auth.server, coreConnection);
    const other = await personWithPassword(auth.server, coreConnection);
    const [mine, theirs] = await Promise.all([
      signIn(auth.issuer, { organization: person.slug, email: person.email, password: TEST_PASSWORD }),
      signIn(auth.issuer, { organization: other.slug, email: other.email, password: TEST_PASSWORD }),
    ]);
    const link = await auth.server.credentials.issuePasswordToken({ tenantId: person.tenantId, slug: person.slug, userId: person.userId });
    expect(await auth.server.credentials.redeemPasswordToken(link, 'a new password after a theft')).toBe(true);

    const refused = await refresh(mine.tokens.refresh_token ?? '');
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'invalid_grant' });
    expect(await hasSession(mine.browser)).toBe(false);
    // Someone else's session is untouched.
    expect((await refresh(theirs.tokens.refresh_token ?? '')).status).toBe(200);
    expect(await hasSession(theirs.browser)).toBe(true);
  });
});

describe('sign-out', () => {
  it('ends the session: the refresh token is refused and the next authorization asks for the password', async () => {
    const person = await personWithPassword(auth.server, coreConnection);
    const { tokens, browser } = await signIn(auth.issuer, { organization: person.slug, email: person.email, password: TEST_PASSWORD });
    const end = new URL(`${auth.issuer}/session/end`);
    end.search = new URLSearchParams({
      client_id: 'attunelogic-web',
      id_token_hint: tokens.id_token ?? '',
      post_logout_redirect_uri: 'http://127.0.0.1:5173/',
    }).toString();
    const confirm = await browser.fetch(end.href);
    expect(confirm.status).toBe(200);
    const html = await confirm.text();
    const action = /<form[^>]*id="op.logoutForm"[^>]*action="([^"]+)"/.exec(html)?.[1] ?? /action="([^"]+)"[^>]*id="op.logoutForm"/.exec(html)?.[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    expect(action && xsrf).toBeTruthy();
    const done = await browser.follow(new URL(action ?? '', auth.issuer).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf: xsrf ?? '', logout: 'yes' }).toString(),
    });
    expect(done instanceof URL ? done.href : done.status).toBe('http://127.0.0.1:5173/');

    const after = await refresh(tokens.refresh_token ?? '');
    expect(after.status).toBe(400);
    expect(after.body).toMatchObject({ error: 'invalid_grant' });
    expect(await hasSession(browser)).toBe(false);
  });
});

describe('tenants', () => {
  it('a user of tenant A gets no token by naming tenant B, even where B has a user with the same email', async () => {
    const passwordOfA = 'the password of the person in A';
    const a = await personWithPassword(auth.server, coreConnection, ['owner'], passwordOfA);
    const b = await personWithPassword(auth.server, coreConnection);
    await coreConnection.collection('users').updateOne({ _id: new mongoose.Types.ObjectId(b.userId) }, { $set: { email: a.email } });
    const browser = new Browser();
    const { action } = await startSignIn(browser, auth.issuer, pkce().challenge);
    const refused = await submitSignIn(browser, action, { organization: b.slug, email: a.email, password: passwordOfA });
    if (refused instanceof URL) throw new Error('signed in to B with A’s password');
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain('data-code="UNAUTHENTICATED"');
    // A's own sign-in names A, whatever else exists.
    const { tokens } = await signIn(auth.issuer, { organization: a.slug, email: a.email, password: passwordOfA });
    expect(decodeJwt(tokens.access_token ?? '')).toMatchObject({ sub: a.userId, tenant: a.slug });
  });
});

describe('login throttling', () => {
  it('refuses an account after repeated failures (RATE_LIMITED), even with the right password, and not its neighbours', async () => {
    const throttled = await startAuth({ connection, coreConnection, env: { AUTH_ACCOUNT_FAILURES: '3', AUTH_ADDRESS_FAILURES: '100' } });
    try {
      const person = await personWithPassword(throttled.server, coreConnection);
      const other = await personWithPassword(throttled.server, coreConnection);
      const browser = new Browser();
      const { action } = await startSignIn(browser, throttled.issuer, pkce().challenge);
      for (let i = 0; i < 3; i++) {
        const res = await submitSignIn(browser, action, { organization: person.slug, email: person.email, password: `wrong password ${i}` }, 'application/json');
        if (res instanceof URL) throw new Error('signed in with a wrong password');
        expect(res.status).toBe(401);
        expect(await res.json()).toEqual({ errors: [{ message: SIGN_IN_REFUSED, extensions: { code: 'UNAUTHENTICATED' } }] });
      }
      const locked = await submitSignIn(browser, action, { organization: person.slug, email: person.email, password: TEST_PASSWORD }, 'application/json');
      if (locked instanceof URL) throw new Error('signed in while throttled');
      expect(locked.status).toBe(429);
      expect(await locked.json()).toEqual({ errors: [{ message: SIGN_IN_THROTTLED, extensions: { code: 'RATE_LIMITED' } }] });
      // Another account from the same address is not locked out by it.
      const { tokens } = await signIn(throttled.issuer, { organization: other.slug, email: other.email, password: TEST_PASSWORD });
      expect(decodeJwt(tokens.access_token ?? '')).toMatchObject({ sub: other.userId });
    } finally {
      await throttled.stop();
    }
  });

  it('refuses an address after repeated failures across accounts', async () => {
    const throttled = await startAuth({ connection, coreConnection, env: { AUTH_ACCOUNT_FAILURES: '100', AUTH_ADDRESS_FAILURES: '3' } });
    try {
      const person = await personWithPassword(throttled.server, coreConnection);
      const browser = new Browser();
      const { action } = await startSignIn(browser, throttled.issuer, pkce().challenge);
      for (let i = 0; i < 3; i++) {
        const res = await submitSignIn(
          browser,
          action,
          { organization: person.slug, email: `someone-${i}@${person.slug}.test`, password: 'guessing a password' },
          'application/json',
        );
        expect(res instanceof URL ? 0 : res.status).toBe(401);
      }
      const locked = await submitSignIn(browser, action, { organization: person.slug, email: person.email, password: TEST_PASSWORD }, 'application/json');
      expect(locked instanceof URL ? 0 : locked.status).toBe(429);
    } finally {
      await throttled.stop();
    }
  });
});
