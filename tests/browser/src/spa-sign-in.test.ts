// A person signs in to the reference SPA with a password, in Chromium: the SPA sends the browser to
// the authorization server's page (through its own origin: the SPA's server forwards /api to the
// gateway, which forwards /api/v1/auth), gets the code back, trades it with its PKCE verifier, uses
// the API, refreshes before the access token expires, and signs out at the server. The refresh
// tokens the browser received are then tried at the token endpoint directly, as a thief would.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { Secret, TOTP } from 'otpauth';
import { type Page } from 'playwright-core';
import { connectDatabase } from '@attunelogic/shared/mongo';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { freePort, signIn, startAuth, tokenRequest, TEST_REDIRECT_URI, type RunningAuth } from '@attunelogic/auth/testing';
import { freshTenant, startStack, tokenFor, type Stack } from '@attunelogic/e2e-tests/stack';
import { launchBrowser, type Browser } from './chromium';
import { api, buildAndServeSpa, type ServedSpa } from './spa';

const PASSWORD = 'a password of the browser dispatcher';
/** Short-lived access tokens, so the SPA refreshes within the test (at half their life). */
const ACCESS_TOKEN_SECONDS = 60;

let auth: RunningAuth;
let stack: Stack;
let spa: ServedSpa;
let browser: Browser;
let connections: Awaited<ReturnType<typeof connectDatabase>>[] = [];

beforeAll(async () => {
  const uri = inject('mongodbUri');
  connections = await Promise.all([connectDatabase(uri, 'e2e-auth'), connectDatabase(uri, 'e2e-core')]);
  // The SPA's address is the authorization server's redirect URI, so it is chosen first.
  const spaUrl = `http://127.0.0.1:${await freePort()}`;
  auth = await startAuth({
    connection: connections[0]!,
    coreConnection: connections[1]!,
    env: {
      // The SPA's, and the one a sign-in outside the browser uses (another device, in a test).
      AUTH_SPA_REDIRECT_URIS: `${spaUrl}/callback,${TEST_REDIRECT_URI}`,
      AUTH_SPA_POST_LOGOUT_URIS: `${spaUrl}/`,
      AUTH_ACCESS_TOKEN_TTL_SECONDS: String(ACCESS_TOKEN_SECONDS),
    },
  });
  stack = await startStack({
    // Development tokens too: the test seeds its data as the tenant's owner with one.
    gatewayEnv: { JWT_JWKS_URL: `${auth.issuer}/jwks`, JWT_JWKS_ISSUER: auth.issuer, AUTH_SERVER_URL: new URL(auth.issuer).origin, JWT_DEVELOPMENT_TOKENS: 'on' },
  });
  spa = await buildAndServeSpa(stack, { port: Number(new URL(spaUrl).port), authIssuer: auth.issuer });
  expect(spa.url).toBe(spaUrl);
});

afterAll(async () => {
  await spa?.close();
  await stack?.stop();
  await auth?.stop();
  await Promise.all(connections.map((c) => c.close()));
});

beforeEach(async () => {
  browser = await launchBrowser(spa.url);
});

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') await browser.screenshot(`spa-sign-in-failed-${task.name.replace(/\W+/g, '-')}.png`);
  await browser.close();
});

/** A trucking tenant with one load, and its dispatcher's password. */
async function dispatcherWithLoad(): Promise<{ tenant: ProvisionedTenant; email: string }> {
  const tenant = await freshTenant(stack, 'trucking');
  const dispatcher = tenant.users.find((u) => u.roles.includes('dispatcher'));
  if (!dispatcher) throw new Error(`no dispatcher in ${tenant.slug}`);
  await auth.server.credentials.setPassword({ tenantId: tenant.id, slug: tenant.slug, userId: dispatcher.id }, PASSWORD);
  const at = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
  const stop = (type: 'pickup' | 'delivery', city: string, hours: number) => ({
    type,
    name: `${city} dock`,
    address: { line1: '1 Main St', city, state: 'IL', postalCode: '60601' },
    location: { latitude: 41.886, longitude: -87.624 },
    window: { start: at(hours), end: at(hours + 4) },
  });
  await api(stack, await tokenFor(tenant, 'owner'), 'mutation($input: CreateLoadInput!) { createLoad(input: $input) { id } }', {
    input: {
      referenceNumber: 'L-7001',
      customerReference: 'PO-7001',
      rateCents: 120_000,
      weightLbs: 20_000,
      tender: true,
      stops: [stop('pickup', 'Chicago', 24), stop('delivery', 'Joliet', 30)],
    },
  });
  return { tenant, email: dispatcher.email };
}

/** Every refresh token the token endpoint gave the page, in order. */
function recordRefreshTokens(page: Page): string[] {
  const tokens: string[] = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname !== '/api/v1/auth/token' || response.status() !== 200) return;
    void response.json().then((body: { refresh_token?: string }) => {
      if (body.refresh_token) tokens.push(body.refresh_token);
    });
  });
  return tokens;
}

/** From the SPA's sign-in card through the authorization server's page back to the SPA, signed in. */
async function signInWithPassword(page: Page, form: { organization: string; email: string; password: string }): Promise<void> {
  await page.goto(spa.url);
  await page.getByRole('button', { name: 'Continue with email and password' }).click();
  await page.getByRole('heading', { name: 'Sign in to AttuneLogic' }).waitFor();
  expect(new URL(page.url()).origin).toBe(spa.url);
  await page.getByLabel('Organization').fill(form.organization);
  await page.getByLabel('Email').fill(form.email);
  await page.getByLabel('Password').fill(form.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('region', { name: 'Session' }).waitFor();
}

describe('signing in to the reference SPA with a password, in Chromium', () => {
  it('signs in, lists the loads, refreshes with rotation, signs out at the server; the old refresh tokens are refused', async () => {
    const { tenant, email } = await dispatcherWithLoad();
    const owner = await tokenFor(tenant, 'owner');
    const page = browser.page;
    const refreshTokens = recordRefreshTokens(page);
    await signInWithPassword(page, { organization: tenant.slug, email, password: PASSWORD });
    await expect.poll(() => page.getByRole('region', { name: 'Session' }).innerText()).toContain(email);
    const loads = page.getByRole('region', { name: 'Loads' });
    await expect.poll(() => loads.locator('tbody tr[data-id]').count()).toBe(1);
    expect(await loads.innerText()).toContain('L-7001');
    // Tokens are kept in memory, not in the tab's storage.
    const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
    expect(refreshTokens).toHaveLength(1);
    expect(stored).not.toContain(refreshTokens[0]);
    expect(stored).not.toContain('eyJ');

    // Half the access token's life later, the SPA refreshes: a new refresh token, and the API still answers.
    await expect.poll(() => refreshTokens.length, { timeout: ACCESS_TOKEN_SECONDS * 1000, interval: 1000 }).toBe(2);
    expect(refreshTokens[1]).not.toBe(refreshTokens[0]);
    // The next request carries the refreshed access token: an edit saved after the refresh.
    await loads.getByRole('button', { name: 'Edit…' }).click();
    const edit = page.getByRole('form', { name: 'Edit load L-7001' });
    await edit.getByLabel('Notes').fill('Dock 4, after the refresh');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => {
        const { loads: page1 } = await api<{ loads: { edges: { node: { notes: string | null } }[] } }>(stack, owner, '{ loads(first: 5) { edges { node { notes } } } }');
        return page1.edges[0]?.node.notes;
      })
      .toBe('Dock 4, after the refresh');
    await browser.screenshot('spa-sign-in.png');

    // Sign-out goes to the server's page; confirming ends the session there and comes back signed out.
    await page.getByRole('region', { name: 'Session' }).getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Continue with email and password' }).waitFor();
    expect(new URL(page.url()).origin).toBe(spa.url);
    expect(await page.getByRole('region', { name: 'Session' }).count()).toBe(0);

    const refused = await tokenRequest(auth.issuer, { grant_type: 'refresh_token', refresh_token: refreshTokens[1]! });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'invalid_grant' });
    expect(refused.body.access_token).toBeUndefined();

    // Signing in again asks for the password: the server's session is gone, not only the tab's.
    await page.getByRole('button', { name: 'Continue with email and password' }).click();
    await page.getByRole('heading', { name: 'Sign in to AttuneLogic' }).waitFor();
    expect(browser.foreignRequests()).toEqual([]);
  });

  it('a refresh token used by someone else first: the SPA presenting it again ends the whole session', async () => {
    const { tenant, email } = await dispatcherWithLoad();
    const page = browser.page;
    const refreshTokens = recordRefreshTokens(page);
    await signInWithPassword(page, { organization: tenant.slug, email, password: PASSWORD });
    await expect.poll(() => refreshTokens.length).toBe(1);

    // A thief who copied the refresh token uses it first and gets tokens of their own.
    const stolen = await tokenRequest(auth.issuer, { grant_type: 'refresh_token', refresh_token: refreshTokens[0]! });
    expect(stolen.status).toBe(200);
    const thiefsRefresh = stolen.body.refresh_token ?? '';
    expect(thiefsRefresh).not.toBe('');

    // The SPA's own refresh now presents a used token: refused, and the SPA is signed out.
    await expect.poll(() => page.getByRole('alert').count(), { timeout: ACCESS_TOKEN_SECONDS * 1000, interval: 1000 }).toBe(1);
    expect(await page.getByRole('alert').innerText()).toContain('Your session has ended');
    expect(await page.getByRole('region', { name: 'Session' }).count()).toBe(0);

    // The whole grant is revoked: the thief's newer refresh token too, and the sign-in session.
    const thiefAgain = await tokenRequest(auth.issuer, { grant_type: 'refresh_token', refresh_token: thiefsRefresh });
    expect(thiefAgain.status).toBe(400);
    expect(thiefAgain.body).toMatchObject({ error: 'invalid_grant' });
    await page.getByRole('button', { name: 'Continue with email and password' }).click();
    await page.getByRole('heading', { name: 'Sign in to AttuneLogic' }).waitFor();
    await browser.screenshot('spa-sign-in-reuse.png');
    expect(browser.foreignRequests()).toEqual([]);
  });

  it('my sessions: the panel lists this browser and another device, ends the other, then signs out everywhere', async () => {
    const { tenant, email } = await dispatcherWithLoad();
    const elsewhere = await signIn(auth.issuer, { organization: tenant.slug, email, password: PASSWORD });
    const page = browser.page;
    // The SPA's client runs registered operations only: every GraphQL request names one by its id.
    const operations: Record<string, unknown>[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/v1/graphql') operations.push(JSON.parse(request.postData() ?? '{}') as Record<string, unknown>);
    });
    const refreshTokens = recordRefreshTokens(page);
    await signInWithPassword(page, { organization: tenant.slug, email, password: PASSWORD });
    const panel = page.getByRole('region', { name: 'Where you are signed in' });
    await expect.poll(() => panel.locator('tbody tr').count()).toBe(2);
    const current = panel.locator('tr[data-current="true"]');
    expect(await current.innerText()).toContain('HeadlessChrome');
    expect(await current.innerText()).toContain('(this browser)');
    await browser.screenshot('spa-my-sessions.png');
    expect(operations.length).toBeGreaterThan(1);
    for (const body of operations) {
      expect(body['documentId']).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(body['query']).toBeUndefined();
    }

    await panel.locator('tr[data-current="false"]').getByRole('button', { name: 'End session' }).click();
    await expect.poll(() => panel.locator('tbody tr').count()).toBe(1);
    expect(await tokenRequest(auth.issuer, { grant_type: 'refresh_token', refresh_token: elsewhere.tokens.refresh_token ?? '' })).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });

    await panel.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByRole('button', { name: 'Continue with email and password' }).waitFor();
    expect(await page.getByRole('alert').innerText()).toBe('Signed out everywhere.');
    expect(refreshTokens).toHaveLength(1);
    expect((await tokenRequest(auth.issuer, { grant_type: 'refresh_token', refresh_token: refreshTokens[0]! })).status).toBe(400);
    expect(browser.foreignRequests()).toEqual([]);
  });

  it('a wrong password stays on the sign-in page with the one message, and the SPA is not signed in', async () => {
    const { tenant, email } = await dispatcherWithLoad();
    const page = browser.page;
    await page.goto(spa.url);
    await page.getByRole('button', { name: 'Continue with email and password' }).click();
    await page.getByLabel('Organization').fill(tenant.slug);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toBe('Wrong organization, email or password.');
    expect(await page.getByRole('alert').getAttribute('data-code')).toBe('UNAUTHENTICATED');
    expect(new URL(page.url()).pathname).not.toBe('/callback');
  });

  it('two-step sign-in: turned on in the SPA with an authenticator code, asked for after the password, turned off with a code', async () => {
    const { tenant, email } = await dispatcherWithLoad();
    const page = browser.page;
    await signInWithPassword(page, { organization: tenant.slug, email, password: PASSWORD });
    const card = page.getByRole('region', { name: 'Two-step sign-in' });
    await card.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    // The app's side: the key the page shows (and the QR code holds) makes the codes.
    const secret = (await card.getByTestId('totp-secret').innerText()).trim();
    expect(await card.getByRole('img', { name: 'QR code for your authenticator app' }).getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    const totp = new TOTP({ secret: Secret.fromBase32(secret) });
    const confirm = card.getByRole('form', { name: 'Confirm two-step sign-in' });
    await confirm.getByLabel('Code').fill(totp.generate());
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    const codes = card.getByLabel('Recovery codes').locator('li');
    await expect.poll(() => codes.count()).toBe(10);
    const recovery = (await codes.first().innerText()).trim();
    await browser.screenshot('spa-two-step-on.png');
    await card.getByRole('button', { name: 'I have saved them' }).click();
    await expect.poll(() => card.innerText()).toContain('10 recovery codes left');

    // Signed out, the next sign-in asks for a code after the password; a recovery code does, once.
    await page.getByRole('region', { name: 'Session' }).getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Continue with email and password' }).click();
    await page.getByLabel('Organization').fill(tenant.slug);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Enter your code' }).waitFor();
    await page.getByLabel(/authenticator app/).fill('000000' === totp.generate() ? '111111' : '000000');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toBe('That code is not right. Try the current one.');
    await page.getByLabel(/authenticator app/).fill(recovery);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('region', { name: 'Session' }).waitFor();
    await expect.poll(() => card.innerText()).toContain('9 recovery codes left');

    // Off with a code of the app (the next period's: the one used at enrolment is spent).
    const off = card.getByRole('form', { name: 'Turn off two-step sign-in' });
    await off.getByLabel('Current code').fill(totp.generate({ timestamp: Date.now() + 30_000 }));
    await off.getByRole('button', { name: 'Turn off' }).click();
    await expect.poll(() => card.innerText()).toContain('Off: signing in takes your password only.');
    expect(browser.foreignRequests()).toEqual([]);
  });
});
