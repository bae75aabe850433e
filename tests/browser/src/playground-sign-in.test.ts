// A partner's person signs in from the Playground, in Chromium: "Sign in" sends the browser to the
// authorization server's page on the gateway's origin (the Playground's own client and redirect URI),
// the code comes back to the Playground, which trades it with its PKCE verifier and puts the access
// token on its queries; it refreshes before expiry, keeps no token in the tab's storage, signs in again
// without a form after a reload, and signs out at the server (its refresh token refused afterwards).
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Page, type Request } from 'playwright-core';
import { connectDatabase } from '@attunelogic/shared/mongo';
import { freePort, startAuth, tokenRequest, type RunningAuth } from '@attunelogic/auth/testing';
import { freshTenant, startStack, type Stack } from '@attunelogic/e2e-tests/stack';
import { launchBrowser, type Browser } from './chromium';
import { replaceEditorText } from './monaco';

const PASSWORD = 'a password of the playground partner';
/** Short-lived access tokens, so the Playground refreshes within the test (at half their life). */
const ACCESS_TOKEN_SECONDS = 60;
const PLAYGROUND_CLIENT_ID = 'attunelogic-playground';
const claimsOf = (jwt: string): Record<string, unknown> => JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

let auth: RunningAuth;
let stack: Stack;
let browser: Browser;
let connections: Awaited<ReturnType<typeof connectDatabase>>[] = [];

beforeAll(async () => {
  const uri = inject('mongodbUri');
  connections = await Promise.all([connectDatabase(uri, 'e2e-auth'), connectDatabase(uri, 'e2e-core')]);
  // The gateway's address is the Playground's redirect URI, so it is chosen first.
  const port = await freePort();
  const playgroundUrl = `http://127.0.0.1:${port}/api/v1/graphql`;
  auth = await startAuth({
    connection: connections[0]!,
    coreConnection: connections[1]!,
    env: { AUTH_PLAYGROUND_REDIRECT_URIS: playgroundUrl, AUTH_ACCESS_TOKEN_TTL_SECONDS: String(ACCESS_TOKEN_SECONDS) },
  });
  stack = await startStack({
    port,
    gatewayEnv: { JWT_JWKS_URL: `${auth.issuer}/jwks`, JWT_JWKS_ISSUER: auth.issuer, AUTH_SERVER_URL: new URL(auth.issuer).origin },
  });
  browser = await launchBrowser(stack.url);
});

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') await browser?.screenshot(`playground-sign-in-failed-${task.name.replace(/\W+/g, '-')}.png`);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await auth?.stop();
  await Promise.all(connections.map((c) => c.close()));
});

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

/** Runs `query` from the editor (no header set) and returns the request the Playground sent and the JSON answer. */
async function runQuery(page: Page, query: string, name: string): Promise<{ sent: Request; body: unknown }> {
  await replaceEditorText(page, page.locator('.graphiql-query-editor .monaco-editor'), query);
  await page.locator('.graphiql-tab', { hasText: name }).waitFor();
  const isQuery = (r: Request) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/graphql' && (r.postData() ?? '').includes(name);
  const [sent, answered] = await Promise.all([
    page.waitForRequest(isQuery),
    page.waitForResponse((r) => isQuery(r.request())),
    page.locator('.graphiql-execute-button').click(),
  ]);
  return { sent, body: (await answered.json()) as unknown };
}

describe('signing in from the partner Playground, in Chromium', () => {
  it('signs in with code + PKCE, queries with the token, refreshes, survives a reload, signs out at the server', async () => {
    const tenant = await freshTenant(stack, 'trucking');
    const dispatcher = tenant.users.find((u) => u.roles.includes('dispatcher'));
    if (!dispatcher) throw new Error(`no dispatcher in ${tenant.slug}`);
    await auth.server.credentials.setPassword({ tenantId: tenant.id, slug: tenant.slug, userId: dispatcher.id }, PASSWORD);
    const page = browser.page;
    const refreshTokens = recordRefreshTokens(page);
    const playground = `${stack.url}/api/v1/graphql`;

    await page.goto(playground);
    const account = page.getByRole('region', { name: 'Account' });
    await account.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Sign in to AttuneLogic' }).waitFor();
    expect(new URL(page.url()).origin).toBe(stack.url);
    await page.getByLabel('Organization').fill(tenant.slug);
    await page.getByLabel('Email').fill(dispatcher.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await account.getByText(`Signed in to ${tenant.slug}`).waitFor();
    // Back on the Playground, the code and state gone from the address.
    expect(page.url()).toBe(playground);
    await page.locator('.graphiql-query-editor .monaco-editor').waitFor();

    // A query with no header of its own carries the signed-in person's token (the Playground's client).
    const first = await runQuery(page, 'query SignedInCheck { me { email } tenant { slug } }', 'SignedInCheck');
    expect(first.body).toEqual({ data: { me: { email: dispatcher.email }, tenant: { slug: tenant.slug } } });
    const bearer = /^Bearer (.+)$/.exec(first.sent.headers()['authorization'] ?? '')?.[1] ?? '';
    expect(claimsOf(bearer)).toMatchObject({ sub: dispatcher.id, tenant: tenant.slug, client_id: PLAYGROUND_CLIENT_ID });

    // Tokens are kept in the script's memory, not in the tab's storage.
    await expect.poll(() => refreshTokens.length).toBe(1);
    const stored = async () => page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
    expect(await stored()).not.toContain(refreshTokens[0]);
    expect(await stored()).not.toContain('eyJ');

    // Half the access token's life later it refreshes (rotation: a new refresh token), and queries carry the new token.
    await expect.poll(() => refreshTokens.length, { timeout: ACCESS_TOKEN_SECONDS * 1000, interval: 1000 }).toBe(2);
    expect(refreshTokens[1]).not.toBe(refreshTokens[0]);
    const second = await runQuery(page, 'query AfterRefresh { me { email } }', 'AfterRefresh');
    expect(second.body).toEqual({ data: { me: { email: dispatcher.email } } });
    expect(second.sent.headers()['authorization']).not.toBe(first.sent.headers()['authorization']);
    await browser.screenshot('playground-sign-in.png');

    // A reload loses the memory; the tab was signed in, so the server is asked again without a form.
    await page.reload();
    await account.getByText(`Signed in to ${tenant.slug}`).waitFor();
    await expect.poll(() => refreshTokens.length).toBe(3);
    expect(await page.getByRole('heading', { name: 'Sign in to AttuneLogic' }).count()).toBe(0);

    // Sign-out confirms at the server and comes back signed out; the last refresh token is refused.
    await account.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await account.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(page.url()).toBe(playground);
    const refused = await tokenRequest(auth.issuer, { grant_type: 'refresh_token', refresh_token: refreshTokens[2]!, client_id: PLAYGROUND_CLIENT_ID });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'invalid_grant' });

    // Signed out, a query carries no token: the API asks for one.
    const after = await runQuery(page, 'query SignedOutCheck { me { email } }', 'SignedOutCheck');
    expect(after.sent.headers()['authorization']).toBe('Bearer <token>');
    expect(JSON.stringify(after.body)).toContain('UNAUTHENTICATED');
    expect(browser.foreignRequests()).toEqual([]);
  });
});
