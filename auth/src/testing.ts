// Test helpers of the authorization server: a server on a free port against the run's database, a
// tenant with a user who has a password, and a client that signs in the way the SPA's browser does.
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { type Redis } from 'ioredis';
import mongoose, { type Connection } from 'mongoose';
import { createLogger, listen, type Clock, type Logger, type Role } from '@attunelogic/shared';
import { apiClientModel, createCoreUserModel, hashClientSecret, newClientSecret } from '@attunelogic/shared/tenancy';
import { addCoreUser, makeTenantContext, uniqueSlug } from '@attunelogic/shared/testing';
import { loadAuthConfig } from './env';
import { SPA_CLIENT_ID } from './oidc/provider';
import { createAuthServer, type AuthServer } from './server';

export const TEST_REDIRECT_URI = 'http://127.0.0.1:5173/callback';
export const TEST_PASSWORD = 'correct horse battery staple';

export interface RunningAuth {
  readonly server: AuthServer;
  /** The issuer, e.g. http://127.0.0.1:PORT/api/v1/auth; its /jwks is what the gateway reads. */
  readonly issuer: string;
  stop(): Promise<void>;
}

/** A port no one listens on now (for a server whose address another must know before it starts). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** An authorization server listening on a free port; its issuer is its own address (no gateway in front). */
export async function startAuth(options: {
  connection: Connection;
  coreConnection: Connection;
  env?: Record<string, string>;
  clock?: Clock;
  /** Silent when absent. */
  logger?: Logger;
  /** Failed sign-ins counted in this Redis (as REDIS_URL does). */
  redis?: Redis;
}): Promise<RunningAuth> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}/api/v1/auth`;
  const config = loadAuthConfig({
    NODE_ENV: 'test',
    AUTH_ISSUER: issuer,
    AUTH_SPA_REDIRECT_URIS: TEST_REDIRECT_URI,
    ...options.env,
  });
  const server = await createAuthServer(config, {
    connection: options.connection,
    coreConnection: options.coreConnection,
    logger: options.logger ?? createLogger('auth', 'silent'),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.redis ? { redis: options.redis } : {}),
  });
  await server.start();
  await listen(server.http, port, '127.0.0.1');
  return { server, issuer, stop: () => server.stop() };
}

export interface TestPerson {
  readonly tenantId: string;
  readonly slug: string;
  readonly userId: string;
  readonly email: string;
}

/** A new tenant in core's `customers` with one user (roles as given) in core's `users`, and that user's password. */
export async function personWithPassword(auth: AuthServer, coreConnection: Connection, roles: string[] = ['dispatcher'], password = TEST_PASSWORD): Promise<TestPerson> {
  const tenantId = new mongoose.Types.ObjectId();
  const slug = uniqueSlug('auth');
  await coreConnection.collection('customers').insertOne({ _id: tenantId, slug, name: `Tenant ${slug}`, appType: 'trucking', active: true, paymentStatus: 'active' });
  const tenant = makeTenantContext({ tenantId: tenantId.toHexString(), slug });
  const userId = await addCoreUser(createCoreUserModel(coreConnection), tenant, roles);
  const user = await coreConnection.collection('users').findOne({ _id: new mongoose.Types.ObjectId(userId) });
  await auth.credentials.setPassword({ tenantId: tenant.tenantId, slug, userId }, password);
  return { tenantId: tenant.tenantId, slug, userId, email: String(user?.['email']) };
}

/** A cookie jar and fetch without automatic redirects: what a browser does, step by step. */
export class Browser {
  private readonly cookies = new Map<string, string>();

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (!name) continue;
      const expired = attributes.some((a) => /^\s*max-age=0/i.test(a) || (/^\s*expires=/i.test(a) && new Date(a.split('=')[1] ?? '').getTime() < Date.now()));
      if (expired) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.join('='));
    }
    return res;
  }

  /** Follows redirects from `url` until one leaves the server (the redirect URI) or a page answers. */
  async follow(url: string, init: RequestInit = {}): Promise<Response | URL> {
    let res = await this.fetch(url, init);
    let current = new URL(url);
    for (let hops = 0; hops < 10 && res.status >= 300 && res.status < 400; hops++) {
      const next = new URL(res.headers.get('location') ?? '', current);
      if (next.origin !== current.origin) return next;
      current = next;
      res = await this.fetch(next.href);
    }
    return res;
  }
}

export interface Pkce {
  verifier: string;
  challenge: string;
}

export function pkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Starts an authorization request in the browser and returns the sign-in page's form action. */
export async function startSignIn(
  browser: Browser,
  issuer: string,
  challenge: string,
  state = randomBytes(8).toString('hex'),
): Promise<{ action: string; state: string }> {
  const authorize = new URL(`${issuer}/auth`);
  authorize.search = new URLSearchParams({
    client_id: SPA_CLIENT_ID,
    response_type: 'code',
    redirect_uri: TEST_REDIRECT_URI,
    scope: 'openid api',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  }).toString();
  const page = await browser.follow(authorize.href);
  if (page instanceof URL) throw new Error(`expected the sign-in page, got a redirect to ${page.href}`);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (page.status !== 200 || !action) throw new Error(`expected the sign-in page, got ${page.status}: ${html.slice(0, 200)}`);
  return { action: new URL(action.replaceAll('&amp;', '&'), issuer).href, state };
}

/** Submits the sign-in form; the response, or the URL the browser was sent back to (with the code). */
export async function submitSignIn(
  browser: Browser,
  action: string,
  form: { organization: string; email: string; password: string },
  accept = 'text/html',
): Promise<Response | URL> {
  return browser.follow(action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept },
    body: new URLSearchParams(form).toString(),
  });
}

export interface TokenResponse {
  access_token?: string;
  refresh_token?: string;
  id_token?: string;
  expires_in?: number;
  token_type?: string;
  scope?: string;
  error?: string;
  error_description?: string;
}

/** POSTs to the token endpoint as the SPA (a public client). */
export async function tokenRequest(issuer: string, params: Record<string, string>): Promise<{ status: number; body: TokenResponse }> {
  const res = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: SPA_CLIENT_ID, ...params }).toString(),
  });
  return { status: res.status, body: (await res.json()) as TokenResponse };
}

/** The whole sign-in of a person: authorization request, form, code, tokens. */
export async function signIn(
  issuer: string,
  form: { organization: string; email: string; password: string },
  browser = new Browser(),
): Promise<{ tokens: TokenResponse; browser: Browser }> {
  const { verifier, challenge } = pkce();
  const { action } = await startSignIn(browser, issuer, challenge);
  const back = await submitSignIn(browser, action, form);
  if (!(back instanceof URL)) throw new Error(`sign-in refused: ${back.status} ${await back.text()}`);
  const code = back.searchParams.get('code');
  if (!code) throw new Error(`no code in ${back.href}`);
  const { body } = await tokenRequest(issuer, { grant_type: 'authorization_code', code, redirect_uri: TEST_REDIRECT_URI, code_verifier: verifier });
  return { tokens: body, browser };
}

export interface TestApiClient {
  readonly tenantId: string;
  readonly slug: string;
  readonly clientId: string;
  readonly secret: string;
}

/** A new tenant in core's `customers` with one API client (roles as given) in core's `apiClients`, as core's createApiClient writes it. */
export async function apiClientOfNewTenant(coreConnection: Connection, roles: Role[] = ['viewer']): Promise<TestApiClient> {
  const tenantId = new mongoose.Types.ObjectId();
  const slug = uniqueSlug('partner');
  await coreConnection.collection('customers').insertOne({ _id: tenantId, slug, name: `Tenant ${slug}`, appType: 'trucking', active: true, paymentStatus: 'active' });
  const secret = newClientSecret();
  const client = await apiClientModel(coreConnection).create({
    parentCompany: tenantId,
    name: 'Partner',
    roles,
    secretHash: hashClientSecret(secret),
    active: true,
    createdBy: new mongoose.Types.ObjectId(),
  });
  return { tenantId: tenantId.toHexString(), slug, clientId: client._id.toHexString(), secret };
}

/** POSTs a client-credentials token request, authenticated by HTTP Basic as a partner's client does. */
export async function clientCredentials(
  issuer: string,
  clientId: string,
  secret: string,
  params: Record<string, string> = {},
): Promise<{ status: number; body: TokenResponse }> {
  const res = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...params }).toString(),
  });
  return { status: res.status, body: (await res.json()) as TokenResponse };
}
