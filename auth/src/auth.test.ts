import { decodeJwt, decodeProtectedHeader, createRemoteJWKSet, jwtVerify } from 'jose';
import { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestDatabase } from '@attunelogic/shared/testing';
import { SIGN_IN_REFUSED } from './accounts/accounts';
import {
  Browser,
  personWithPassword,
  pkce,
  signIn,
  startAuth,
  startSignIn,
  submitSignIn,
  tokenRequest,
  TEST_PASSWORD,
  TEST_REDIRECT_URI,
  type RunningAuth,
} from './testing';

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

describe('the provider', () => {
  it('publishes its discovery document and a JWKS of public EdDSA keys only', async () => {
    const discovery = (await (await fetch(`${auth.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery['issuer']).toBe(auth.issuer);
    expect(discovery['jwks_uri']).toBe(`${auth.issuer}/jwks`);
    expect(discovery['token_endpoint']).toBe(`${auth.issuer}/token`);
    expect(discovery['code_challenge_methods_supported']).toEqual(['S256']);
    const jwks = (await (await fetch(`${auth.issuer}/jwks`)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
      expect(key['d']).toBeUndefined();
    }
  });
});

describe('sign-in with a password', () => {
  it('refuses a wrong password with UNAUTHENTICATED and one message for every cause', async () => {
    const person = await personWithPassword(auth.server, coreConnection);
    const attempts = [
      { organization: person.slug, email: person.email, password: 'not the password at all' },
      { organization: person.slug, email: `nobody@${person.slug}.test`, password: TEST_PASSWORD },
      { organization: 'no-such-organization', email: person.email, password: TEST_PASSWORD },
    ];
    for (const form of attempts) {
      const browser = new Browser();
      const { action } = await startSignIn(browser, auth.issuer, pkce().challenge);
      const page = await submitSignIn(browser, action, form);
      if (page instanceof URL) throw new Error('signed in with a wrong credential');
      expect(page.status).toBe(401);
      const html = await page.text();
      expect(html).toContain('data-code="UNAUTHENTICATED"');
      expect(html).toContain(SIGN_IN_REFUSED.replace("'", '&#39;'));
      // The form comes back with what was typed, never the password.
      expect(html).not.toContain(form.password);

      const json = await submitSignIn(browser, action, form, 'application/json');
      if (json instanceof URL) throw new Error('signed in with a wrong credential');
      expect(json.status).toBe(401);
      expect(await json.json()).toEqual({ errors: [{ message: SIGN_IN_REFUSED, extensions: { code: 'UNAUTHENTICATED' } }] });
    }
  });

  it('gives a code for the right password, and tokens for the code with its PKCE verifier', async () => {
    const person = await personWithPassword(auth.server, coreConnection);
    const { tokens } = await signIn(auth.issuer, { organization: person.slug, email: person.email, password: TEST_PASSWORD });
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 300 });
    expect(tokens.refresh_token).toEqual(expect.any(String));
    const access = tokens.access_token ?? '';
    expect(decodeProtectedHeader(access)).toMatchObject({ alg: 'EdDSA', typ: 'at+jwt' });
    const { payload } = await jwtVerify(access, createRemoteJWKSet(new URL(`${auth.issuer}/jwks`)), { issuer: auth.issuer, audience: 'attunelogic-api' });
    expect(payload).toMatchObject({ sub: person.userId, tenant: person.slug, client_id: 'attunelogic-web', scope: expect.stringContaining('api') });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(300);
    expect(decodeJwt(tokens.id_token ?? '')).toMatchObject({ sub: person.userId, aud: 'attunelogic-web' });
  });

  it('refuses a code with the wrong or no PKCE verifier; the holder of the verifier still redeems it once', async () => {
    const person = await personWithPassword(auth.server, coreConnection);
    const browser = new Browser();
    const { verifier, challenge } = pkce();
    const { action } = await startSignIn(browser, auth.issuer, challenge);
    const back = await submitSignIn(browser, action, { organization: person.slug, email: person.email, password: TEST_PASSWORD });
    if (!(back instanceof URL)) throw new Error(`sign-in refused: ${back.status}`);
    const code = back.searchParams.get('code') ?? '';
    expect(back.searchParams.get('iss')).toBe(auth.issuer);

    const mismatch = await tokenRequest(auth.issuer, { grant_type: 'authorization_code', code, redirect_uri: TEST_REDIRECT_URI, code_verifier: pkce().verifier });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body).toMatchObject({ error: 'invalid_grant' });
    expect(mismatch.body.access_token).toBeUndefined();
    const missing = await tokenRequest(auth.issuer, { grant_type: 'authorization_code', code, redirect_uri: TEST_REDIRECT_URI });
    expect(missing.status).toBe(400);
    expect(missing.body.access_token).toBeUndefined();
    const right = await tokenRequest(auth.issuer, { grant_type: 'authorization_code', code, redirect_uri: TEST_REDIRECT_URI, code_verifier: verifier });
    expect(right.body.access_token).toEqual(expect.any(String));
    const again = await tokenRequest(auth.issuer, { grant_type: 'authorization_code', code, redirect_uri: TEST_REDIRECT_URI, code_verifier: verifier });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses an authorization request without PKCE', async () => {
    const url = new URL(`${auth.issuer}/auth`);
    url.search = new URLSearchParams({ client_id: 'attunelogic-web', response_type: 'code', redirect_uri: TEST_REDIRECT_URI, scope: 'openid' }).toString();
    const back = await new Browser().follow(url.href);
    if (!(back instanceof URL)) throw new Error(`expected a redirect with the error, got ${back.status}`);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('error_description')).toMatch(/PKCE/);
  });
});

describe('bad input at the sign-in form', () => {
  it('a body that is not JSON, not an object, or too large is BAD_USER_INPUT, not a server error', async () => {
    const browser = new Browser();
    const { action } = await startSignIn(browser, auth.issuer, pkce().challenge);
    const bodies: [string, string][] = [
      ['application/json', '{"organization":'],
      ['application/json', '["a","b"]'],
      ['application/x-www-form-urlencoded', `organization=${'a'.repeat(10_000)}`],
    ];
    for (const [type, body] of bodies) {
      const res = await browser.fetch(action, { method: 'POST', headers: { 'content-type': type, accept: 'application/json' }, body });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
    }
  });

  it('an unknown or finished interaction is BAD_USER_INPUT, and says to start again', async () => {
    const res = await fetch(`${auth.issuer}/interaction/not-an-interaction`, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      errors: [{ message: 'This sign-in has expired or was already completed. Start again from the application.', extensions: { code: 'BAD_USER_INPUT' } }],
    });
  });
});
