import { decodeJwt } from 'jose';
import mongoose, { type Connection } from 'mongoose';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestDatabase } from '@attunelogic/shared/testing';
import { SIGN_IN_THROTTLED } from './accounts';
import { RECOVERY_CODE_COUNT, resetSecondFactor } from './second-factor';
import { WRONG_CODE } from '../interactions/interactions';
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
  type TestPerson,
} from '../testing';

let connection: Connection;
let coreConnection: Connection;
let auth: RunningAuth;
// TOTP codes are per 30-second period and each is used once: the tests move this clock a period on
// between codes rather than wait.
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };
const nextPeriod = () => {
  offsetMs += 30_000;
};

beforeAll(async () => {
  [connection, coreConnection] = await Promise.all([connectTestDatabase('auth-totp-auth'), connectTestDatabase('auth-totp-core')]);
  auth = await startAuth({ connection, coreConnection, clock });
});

afterAll(async () => {
  await auth?.stop();
  await Promise.all([connection?.close(), coreConnection?.close()]);
});

const codeOf = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: clock.now().getTime() });

async function call(path: string, token: string | undefined, method = 'GET', body?: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${auth.issuer}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A person with a password and TOTP on: their access token, secret and recovery codes. */
async function enrolled(): Promise<{ person: TestPerson; token: string; secret: string; recoveryCodes: string[] }> {
  const person = await personWithPassword(auth.server, coreConnection);
  const { tokens } = await signIn(auth.issuer, { organization: person.slug, email: person.email, password: TEST_PASSWORD });
  const token = tokens.access_token ?? '';
  const begun = await call('/totp', token, 'POST');
  const secret = String(begun.body['secret']);
  const confirmed = await call('/totp/confirm', token, 'POST', { code: codeOf(secret) });
  expect(confirmed.status).toBe(200);
  nextPeriod();
  return { person, token, secret, recoveryCodes: confirmed.body['recoveryCodes'] as string[] };
}

/** The password step of a sign-in: the code page's form action (TOTP on), with the browser and verifier to finish it. */
async function passwordStep(person: TestPerson) {
  const browser = new Browser();
  const { verifier, challenge } = pkce();
  const { action } = await startSignIn(browser, auth.issuer, challenge);
  const res = await submitSignIn(browser, action, { organization: person.slug, email: person.email, password: TEST_PASSWORD });
  if (res instanceof URL) throw new Error('signed in without the second factor');
  expect(res.status).toBe(200);
  const html = await res.text();
  const codeAction = /<form method="post" action="([^"]+)"/.exec(html)?.[1] ?? '';
  expect(codeAction).toMatch(/\/interaction\/[^/]+\/totp$/);
  return { browser, verifier, codeAction: new URL(codeAction, auth.issuer).href };
}

const submitCode = (browser: Browser, action: string, code: string, accept = 'application/json') =>
  browser.follow(action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept }, body: new URLSearchParams({ code }).toString() });

async function tokensAfter(back: Response | URL, verifier: string) {
  if (!(back instanceof URL)) throw new Error(`refused: ${back.status} ${await back.text()}`);
  const code = back.searchParams.get('code') ?? '';
  return tokenRequest(auth.issuer, { grant_type: 'authorization_code', code, redirect_uri: TEST_REDIRECT_URI, code_verifier: verifier });
}

describe('TOTP enrolment', () => {
  it('shows the secret once (otpauth URI and QR code), turns on with a right code and gives ten recovery codes', async () => {
    const person = await personWithPassword(auth.server, coreConnection);
    const { tokens } = await signIn(auth.issuer, { organization: person.slug, email: person.email, password: TEST_PASSWORD });
    const token = tokens.access_token ?? '';
    expect(await call('/totp', token)).toEqual({ status: 200, body: { enabled: false, recoveryCodesLeft: 0 } });

    const begun = await call('/totp', token, 'POST');
    expect(begun.status).toBe(200);
    const secret = String(begun.body['secret']);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(begun.body['uri']).toBe(
      `otpauth://totp/AttuneLogic:${encodeURIComponent(person.email)}?issuer=AttuneLogic&secret=${secret}&algorithm=SHA1&digits=6&period=30`,
    );
    expect(String(begun.body['qrSvg'])).toMatch(/^<svg[^>]*>.*<\/svg>\s*$/s);
    // Not on before a code confirms it: sign-in still takes the password alone.
    expect(await call('/totp', token)).toEqual({ status: 200, body: { enabled: false, recoveryCodesLeft: 0 } });

    const wrong = await call('/totp/confirm', token, 'POST', { code: codeOf(secret) === '000000' ? '111111' : '000000' });
    expect(wrong).toEqual({ status: 400, body: { errors: [{ message: WRONG_CODE, extensions: { code: 'BAD_USER_INPUT' } }] } });

    const confirmed = await call('/totp/confirm', token, 'POST', { code: codeOf(secret) });
    expect(confirmed.status).toBe(200);
    const codes = confirmed.body['recoveryCodes'] as string[];
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);

    // Never again: the status has no secret, a new enrolment is refused while on, confirming again fails.
    expect(await call('/totp', token)).toEqual({ status: 200, body: { enabled: true, recoveryCodesLeft: RECOVERY_CODE_COUNT } });
    expect((await call('/totp', token, 'POST')).status).toBe(409);
    nextPeriod();
    expect((await call('/totp/confirm', token, 'POST', { code: codeOf(secret) })).status).toBe(400);

    // At rest: the secret is encrypted and the recovery codes hashed.
    const stored = await connection.collection('secondFactors').findOne({ _id: new mongoose.Types.ObjectId(person.userId) });
    const raw = JSON.stringify(stored);
    expect(raw).not.toContain(secret);
    for (const code of codes) expect(raw).not.toContain(code);
    expect(String(stored?.['secret'])).toMatch(/^v1\./);
  });

  it('needs a person: no token, and a token of no person, are 401', async () => {
    expect((await call('/totp', undefined)).status).toBe(401);
    expect((await call('/totp', 'not-a-token', 'POST')).status).toBe(401);
  });

  it('a secret copied to another person does not open for them (it is bound to its owner)', async () => {
    const { person } = await enrolled();
    const other = await personWithPassword(auth.server, coreConnection);
    const collection = connection.collection('secondFactors');
    const stored = await collection.findOne({ _id: new mongoose.Types.ObjectId(person.userId) });
    const { _id: _owner, ...copy } = stored ?? {};
    await collection.insertOne({ ...copy, _id: new mongoose.Types.ObjectId(other.userId) });
    const step = await passwordStep(other);
    // Whatever the code, nothing decrypts: refused.
    const res = await submitCode(step.browser, step.codeAction, '123456');
    expect(res instanceof URL ? 0 : res.status).toBe(401);
  });
});

describe('sign-in with TOTP on', () => {
  it('asks for the code after the password and signs in with a right one, once', async () => {
    const { person, secret } = await enrolled();
    const step = await passwordStep(person);
    const wrong = await submitCode(step.browser, step.codeAction, codeOf(secret) === '000000' ? '111111' : '000000');
    if (wrong instanceof URL) throw new Error('signed in with a wrong code');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ errors: [{ message: WRONG_CODE, extensions: { code: 'UNAUTHENTICATED' } }] });

    const code = codeOf(secret);
    const { status, body } = await tokensAfter(await submitCode(step.browser, step.codeAction, code), step.verifier);
    expect(status).toBe(200);
    expect(decodeJwt(body.access_token ?? '')).toMatchObject({ sub: person.userId, tenant: person.slug });

    // The same code again (a shoulder-surfer's replay) is refused in the same period.
    const again = await passwordStep(person);
    const replay = await submitCode(again.browser, again.codeAction, code);
    expect(replay instanceof URL ? 0 : replay.status).toBe(401);
  });

  it('the code step belongs to the browser whose password was right; without it there is nothing to finish', async () => {
    const { person, secret } = await enrolled();
    const step = await passwordStep(person);
    // Another browser (no interaction cookie) posting a right code.
    const stranger = await submitCode(new Browser(), step.codeAction, codeOf(secret));
    expect(stranger instanceof URL ? 0 : stranger.status).toBe(400);
    // A browser that has not passed the password step.
    const fresh = new Browser();
    const { action } = await startSignIn(fresh, auth.issuer, pkce().challenge);
    const skipped = await submitCode(fresh, action.replace(/\/login$/, '/totp'), codeOf(secret));
    expect(skipped instanceof URL ? 0 : skipped.status).toBe(400);
  });

  it('takes each recovery code once', async () => {
    const { person, token, recoveryCodes } = await enrolled();
    const [first = ''] = recoveryCodes;
    const step = await passwordStep(person);
    const { status } = await tokensAfter(await submitCode(step.browser, step.codeAction, first.toUpperCase()), step.verifier);
    expect(status).toBe(200);
    expect(await call('/totp', token)).toEqual({ status: 200, body: { enabled: true, recoveryCodesLeft: RECOVERY_CODE_COUNT - 1 } });
    const again = await passwordStep(person);
    const used = await submitCode(again.browser, again.codeAction, first);
    expect(used instanceof URL ? 0 : used.status).toBe(401);
  });

  it('throttles wrong codes with the passwords: past the account budget even the right code is RATE_LIMITED', async () => {
    const throttled = await startAuth({ connection, coreConnection, clock, env: { AUTH_ACCOUNT_FAILURES: '3', AUTH_ADDRESS_FAILURES: '100' } });
    try {
      const person = await personWithPassword(throttled.server, coreConnection);
      const { tokens } = await signIn(throttled.issuer, { organization: person.slug, email: person.email, password: TEST_PASSWORD });
      const secret = String(
        (
          await fetch(`${throttled.issuer}/totp`, { method: 'POST', headers: { authorization: `Bearer ${tokens.access_token}` } }).then(
            async (r) => (await r.json()) as Record<string, unknown>,
          )
        )['secret'],
      );
      const confirm = await fetch(`${throttled.issuer}/totp/confirm`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ code: codeOf(secret) }),
      });
      expect(confirm.status).toBe(200);
      nextPeriod();

      const browser = new Browser();
      const { action } = await startSignIn(browser, throttled.issuer, pkce().challenge);
      const page = await submitSignIn(browser, action, { organization: person.slug, email: person.email, password: TEST_PASSWORD });
      if (page instanceof URL) throw new Error('signed in without the second factor');
      const codeAction = new URL(/action="([^"]+)"/.exec(await page.text())?.[1] ?? '', throttled.issuer).href;
      const right = codeOf(secret);
      const wrong = right === '000000' ? '111111' : '000000';
      for (let i = 0; i < 3; i++) {
        const res = await submitCode(browser, codeAction, wrong);
        expect(res instanceof URL ? 0 : res.status).toBe(401);
      }
      const locked = await submitCode(browser, codeAction, right);
      if (locked instanceof URL) throw new Error('signed in while throttled');
      expect(locked.status).toBe(429);
      expect(await locked.json()).toEqual({ errors: [{ message: SIGN_IN_THROTTLED, extensions: { code: 'RATE_LIMITED' } }] });
      // The password step is locked too: entering the right password again does not reset the count.
      const again = await submitSignIn(browser, action, { organization: person.slug, email: person.email, password: TEST_PASSWORD }, 'application/json');
      expect(again instanceof URL ? 0 : again.status).toBe(429);
      const fresh = new Browser();
      const restarted = await startSignIn(fresh, throttled.issuer, pkce().challenge);
      const refused = await submitSignIn(fresh, restarted.action, { organization: person.slug, email: person.email, password: TEST_PASSWORD }, 'application/json');
      expect(refused instanceof URL ? 0 : refused.status).toBe(429);
    } finally {
      await throttled.stop();
    }
  });
});

describe('turning TOTP off', () => {
  it('needs a current code; then sign-in takes the password alone again', async () => {
    const { person, token, secret } = await enrolled();
    const wrong = await call('/totp', token, 'DELETE', { code: codeOf(secret) === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(400);
    expect(await call('/totp', token)).toMatchObject({ body: { enabled: true } });
    expect(await call('/totp', token, 'DELETE', { code: codeOf(secret) })).toEqual({ status: 200, body: { enabled: false } });
    expect(await call('/totp', token)).toEqual({ status: 200, body: { enabled: false, recoveryCodesLeft: 0 } });
    const { tokens } = await signIn(auth.issuer, { organization: person.slug, email: person.email, password: TEST_PASSWORD });
    expect(decodeJwt(tokens.access_token ?? '')).toMatchObject({ sub: person.userId });
  });

  it("one person's TOTP is theirs alone: another tenant's person neither sees nor turns it off, and signs in with a password", async () => {
    const { person, secret } = await enrolled();
    const other = await personWithPassword(auth.server, coreConnection);
    const { tokens } = await signIn(auth.issuer, { organization: other.slug, email: other.email, password: TEST_PASSWORD });
    const token = tokens.access_token ?? '';
    expect(await call('/totp', token)).toEqual({ status: 200, body: { enabled: false, recoveryCodesLeft: 0 } });
    expect((await call('/totp', token, 'DELETE', { code: codeOf(secret) })).status).toBe(400);
    // Still on for its owner.
    await passwordStep(person);
  });

  it("an operator's reset turns off the person's TOTP alone (a lost phone and lost codes)", async () => {
    const { person, token } = await enrolled();
    const other = await enrolled();
    expect(await resetSecondFactor(connection, person.userId)).toBe(true);
    expect(await call('/totp', token)).toEqual({ status: 200, body: { enabled: false, recoveryCodesLeft: 0 } });
    const { tokens } = await signIn(auth.issuer, { organization: person.slug, email: person.email, password: TEST_PASSWORD });
    expect(decodeJwt(tokens.access_token ?? '')).toMatchObject({ sub: person.userId });
    expect(await call('/totp', other.token)).toMatchObject({ body: { enabled: true } });
    expect(await resetSecondFactor(connection, person.userId)).toBe(false);
  });
});
