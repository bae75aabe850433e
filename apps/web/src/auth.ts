// Sign-in with the platform's authorization server (docs/AUTH.md): authorization code + PKCE for the
// public client `attunelogic-web`, through oauth4webapi. Tokens live in this module's memory, for the
// tab: never in storage. Only the PKCE verifier and state wait in sessionStorage while the browser is
// at the sign-in page, and are removed as it comes back.
import * as oauth from 'oauth4webapi';

export const CLIENT_ID = 'attunelogic-web';
const client: oauth.Client = { client_id: CLIENT_ID, id_token_signed_response_alg: 'EdDSA' };
const clientAuth = oauth.None();

/** The verifier and state of a sign-in under way (sessionStorage: they must survive the round trip). */
const PENDING_KEY = 'attunelogic.sign-in';
/** Set while this tab is signed in with a password, so a reload signs in again (silently, while the server's session lasts). */
const ACTIVE_KEY = 'attunelogic.signed-in';

export const CALLBACK_PATH = '/callback';
const redirectUri = () => new URL(CALLBACK_PATH, window.location.origin).href;
const postLogoutUri = () => new URL('/', window.location.origin).href;

// Plain http only for a loopback development server; anywhere else oauth4webapi's https rule holds.
const isLoopback = () => ['127.0.0.1', 'localhost', '[::1]'].includes(window.location.hostname);
const options = () => (isLoopback() ? { [oauth.allowInsecureRequests]: true } : {});

let discovered: Promise<oauth.AuthorizationServer> | undefined;

/**
 * The authorization server's metadata, read on the SPA's own origin (the server that serves the SPA
 * forwards `/api` to the gateway, which forwards `/api/v1/auth`) and checked against the issuer the
 * SPA was built for. Its endpoints are on this origin too: the server builds them from the Host.
 */
function authorizationServer(): Promise<oauth.AuthorizationServer> {
  discovered ??= (async () => {
    const issuer = new URL(__AUTH_ISSUER__);
    const response = await fetch(new URL(`${issuer.pathname.replace(/\/$/, '')}/.well-known/openid-configuration`, window.location.origin));
    return oauth.processDiscoveryResponse(issuer, response);
  })();
  discovered.catch(() => (discovered = undefined));
  return discovered;
}

/** Sends the browser to the sign-in page; it comes back to CALLBACK_PATH with a code. */
export async function beginSignIn(): Promise<void> {
  const as = await authorizationServer();
  if (!as.authorization_endpoint) throw new Error('the authorization server has no authorization endpoint');
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state }));
  const url = new URL(as.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: CLIENT_ID,
    response_type: 'code',
    redirect_uri: redirectUri(),
    scope: 'openid api',
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  }).toString();
  window.location.assign(url.href);
}

/** Whether this page is the authorization server sending the browser back. */
export const isCallback = () => window.location.pathname === CALLBACK_PATH;

/** Whether this tab was signed in with a password before a reload. */
export const wasSignedIn = () => sessionStorage.getItem(ACTIVE_KEY) === '1';

interface TokenSet {
  accessToken: string;
  refreshToken: string | undefined;
  idToken: string | undefined;
  /** ms since the epoch */
  expiresAt: number;
  lifetimeMs: number;
}

function tokenSet(response: oauth.TokenEndpointResponse, previous?: TokenSet): TokenSet {
  const lifetimeMs = (response.expires_in ?? 300) * 1000;
  return {
    accessToken: response.access_token,
    refreshToken: response.refresh_token ?? previous?.refreshToken,
    idToken: response.id_token ?? previous?.idToken,
    expiresAt: Date.now() + lifetimeMs,
    lifetimeMs,
  };
}

/** When to refresh: a minute before expiry, but never before half the token's life (short test lifetimes). */
const refreshDelay = (tokens: TokenSet) => Math.max(tokens.lifetimeMs / 2, tokens.lifetimeMs - 60_000) - (tokens.lifetimeMs - (tokens.expiresAt - Date.now()));

/**
 * A signed-in person's tokens, in memory: the access token for each request, refreshed (rotating
 * the refresh token) before it expires. A refused refresh (the session ended, the refresh token was
 * reused elsewhere, the account was deactivated) calls `onEnded` and forgets everything.
 */
export class PasswordSession {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ended = false;

  private constructor(
    private tokens: TokenSet,
    private readonly onEnded: (reason: string) => void,
  ) {
    this.schedule();
  }

  /** Completes the sign-in on the callback page: checks state and `iss`, trades the code (with the verifier) for tokens. */
  static async complete(onEnded: (reason: string) => void): Promise<PasswordSession> {
    const pending = sessionStorage.getItem(PENDING_KEY);
    sessionStorage.removeItem(PENDING_KEY);
    const here = new URL(window.location.href);
    window.history.replaceState(null, '', '/');
    if (!pending) throw new Error('This sign-in was not started here (or was already used). Sign in again.');
    const { verifier, state } = JSON.parse(pending) as { verifier: string; state: string };
    const as = await authorizationServer();
    const parameters = oauth.validateAuthResponse(as, client, here, state);
    const response = await oauth.authorizationCodeGrantRequest(as, client, clientAuth, parameters, redirectUri(), verifier, options());
    const result = await oauth.processAuthorizationCodeResponse(as, client, response);
    sessionStorage.setItem(ACTIVE_KEY, '1');
    return new PasswordSession(tokenSet(result), onEnded);
  }

  /** The current access token (the typed client asks for it at every request). */
  accessToken = (): string | undefined => (this.ended ? undefined : this.tokens.accessToken);

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), Math.max(1_000, refreshDelay(this.tokens)));
  }

  /** Trades the refresh token for new tokens; the server rotates it, so the old one is used up. */
  async refresh(): Promise<void> {
    const { refreshToken } = this.tokens;
    if (this.ended || !refreshToken) return;
    try {
      const as = await authorizationServer();
      const response = await oauth.refreshTokenGrantRequest(as, client, clientAuth, refreshToken, options());
      this.tokens = tokenSet(await oauth.processRefreshTokenResponse(as, client, response), this.tokens);
      this.schedule();
    } catch (error) {
      // A refusal ends the session; a network failure is tried again shortly, while the token lives.
      if (error instanceof oauth.ResponseBodyError) return this.end('Your session has ended. Sign in again.');
      if (Date.now() < this.tokens.expiresAt) this.timer = setTimeout(() => void this.refresh(), 5_000);
      else this.end('Your session expired. Sign in again.');
    }
  }

  private end(reason: string): void {
    this.forget();
    this.onEnded(reason);
  }

  /** Forgets the tokens without going to the server's sign-out page (the session was ended already). */
  forget(): void {
    this.ended = true;
    clearTimeout(this.timer);
    sessionStorage.removeItem(ACTIVE_KEY);
  }

  /**
   * Signs out at the server (RP-initiated logout): the browser goes to the server's sign-out page,
   * which ends the session and with it every refresh token of the sign-in, then comes back here.
   */
  async signOut(): Promise<void> {
    const { idToken } = this.tokens;
    this.forget();
    const as = await authorizationServer();
    if (!as.end_session_endpoint) throw new Error('the authorization server has no sign-out endpoint');
    const url = new URL(as.end_session_endpoint);
    url.search = new URLSearchParams({ client_id: CLIENT_ID, post_logout_redirect_uri: postLogoutUri(), ...(idToken ? { id_token_hint: idToken } : {}) }).toString();
    window.location.assign(url.href);
  }
}

/** One sign-in session of the person, as the authorization server's `/sessions` lists it. */
export interface SignInSession {
  id: string;
  userAgent: string;
  createdAt: string | null;
  lastUsedAt: string | null;
  expiresAt: string | null;
  current: boolean;
}

/** A request to the authorization server's own routes (my sessions, TOTP), with the password session's access token. */
async function accountRequest<T>(password: PasswordSession, method: 'GET' | 'POST' | 'DELETE', path: string, form?: Record<string, string>): Promise<T> {
  const base = new URL(__AUTH_ISSUER__).pathname.replace(/\/$/, '');
  const token = password.accessToken();
  const res = await fetch(new URL(`${base}${path}`, window.location.origin), {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(form ? { 'content-type': 'application/json' } : {}) },
    ...(form ? { body: JSON.stringify(form) } : {}),
  });
  const body = (await res.json()) as T & { errors?: { message: string; extensions?: { code?: string } }[] };
  if (!res.ok) throw new Error(body.errors?.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; ') ?? `HTTP ${res.status}`);
  return body;
}

/** "My sessions" at the authorization server. */
const sessionsRequest = (password: PasswordSession, method: 'GET' | 'DELETE', id?: string) =>
  accountRequest<{ sessions?: SignInSession[] }>(password, method, `/sessions${id ? `/${encodeURIComponent(id)}` : ''}`);

export const listSessions = async (password: PasswordSession) => (await sessionsRequest(password, 'GET')).sessions ?? [];
export const endSession = (password: PasswordSession, id: string) => sessionsRequest(password, 'DELETE', id).then(() => undefined);
export const endAllSessions = (password: PasswordSession) => sessionsRequest(password, 'DELETE').then(() => undefined);

/** The person's TOTP (two-step sign-in) at the authorization server. */
export interface TotpStatus {
  enabled: boolean;
  recoveryCodesLeft: number;
}

/** A started enrolment: shown once, never again. */
export interface TotpEnrolment {
  secret: string;
  uri: string;
  qrSvg: string;
}

export const totpStatus = (password: PasswordSession) => accountRequest<TotpStatus>(password, 'GET', '/totp');
export const beginTotp = (password: PasswordSession) => accountRequest<TotpEnrolment>(password, 'POST', '/totp');
export const confirmTotp = async (password: PasswordSession, code: string) =>
  (await accountRequest<{ recoveryCodes: string[] }>(password, 'POST', '/totp/confirm', { code })).recoveryCodes;
export const disableTotp = (password: PasswordSession, code: string) => accountRequest<{ enabled: false }>(password, 'DELETE', '/totp', { code }).then(() => undefined);
