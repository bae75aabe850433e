import { type Connection } from 'mongoose';
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { systemClock, type Clock, type Logger } from '@attunelogic/shared';
import { type Accounts } from '../accounts/accounts';
import { SIGNING_ALG, type SigningKey } from '../keys/keys';
import { clientSecretMatches } from '@attunelogic/shared/tenancy';
import { MongoAdapter } from './adapter';
import { ApiClientAdapter } from './api-clients';
import { renderError, renderLogout, renderLogoutDone } from '../interactions/pages';

/** The reference SPA: a public client (no secret), so PKCE is its proof. */
export const SPA_CLIENT_ID = 'attunelogic-web';
/** The partner Playground (GraphiQL served by the gateway): a public client of its own, with its own redirect URI. */
export const PLAYGROUND_CLIENT_ID = 'attunelogic-playground';
/** The clients a browser runs, whose origins may call the token and revocation endpoints. */
const BROWSER_CLIENTS = new Set([SPA_CLIENT_ID, PLAYGROUND_CLIENT_ID]);
/** The one scope of the API's access tokens; what a person may do comes from their roles in core. */
export const API_SCOPE = 'api';
/** The resource indicator (RFC 8707) of the GraphQL API; its tokens carry the gateway's audience. */
export const API_RESOURCE = 'urn:attunelogic:api';

export interface ProviderOptions {
  issuer: string;
  audience: string;
  signingKeys: SigningKey[];
  cookieKeys: string[];
  spa: { redirectUris: string[]; postLogoutRedirectUris: string[] };
  /** The Playground's address (the gateway's GraphQL URL): where it receives its code and returns after sign-out. */
  playground: { redirectUris: string[] };
  accessTokenTtlSeconds: number;
  sessionTtlSeconds: number;
  connection: Connection;
  /** Core's database: the partners' API clients are read from its records. */
  coreConnection: Connection;
  accounts: Accounts;
  logger: Logger;
  clock?: Clock;
}

/**
 * The authorization server: oidc-provider with authorization code + PKCE for people, JWT access
 * tokens for the gateway (`aud`, `iss`, `sub` = core's user id, `tenant` = the user's tenant),
 * rotating refresh tokens whose reuse revokes the grant and ends the session, and sign-out.
 */
export function createProvider(options: ProviderOptions): Provider {
  const { audience, accounts } = options;
  const clock = options.clock ?? systemClock;
  const mountPath = new URL(options.issuer).pathname.replace(/\/$/, '');

  const configuration: Configuration = {
    adapter: (name: string) => (name === 'Client' ? new ApiClientAdapter(options.coreConnection) : new MongoAdapter(name, options.connection, clock)),
    clients: [
      {
        client_id: SPA_CLIENT_ID,
        client_name: 'AttuneLogic',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: options.spa.redirectUris,
        post_logout_redirect_uris: options.spa.postLogoutRedirectUris,
        id_token_signed_response_alg: SIGNING_ALG,
      },
      {
        client_id: PLAYGROUND_CLIENT_ID,
        client_name: 'AttuneLogic API Playground',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: options.playground.redirectUris,
        post_logout_redirect_uris: options.playground.redirectUris,
        id_token_signed_response_alg: SIGNING_ALG,
      },
    ],
    // A partner's client carries its tenant's slug (ApiClientAdapter), the `tenant` claim of its tokens.
    extraClientMetadata: { properties: ['tenant'] },
    clientDefaults: { id_token_signed_response_alg: SIGNING_ALG, grant_types: ['authorization_code'], response_types: ['code'] },
    jwks: { keys: options.signingKeys },
    cookies: { keys: options.cookieKeys },
    scopes: ['openid', 'offline_access'],
    claims: { openid: ['sub'], tenant: ['tenant'] },
    // Every client proves its code with PKCE (S256), not only the public ones.
    pkce: { required: () => true },
    async findAccount(_ctx, sub) {
      const account = await accounts.find(sub);
      if (!account) return undefined;
      return { accountId: account.userId, claims: () => ({ sub: account.userId, tenant: account.slug }) };
    },
    // The first-party SPA asks no consent: the grant is what it asked for, the API scope included.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { client, session, result } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = (result?.['consent'] as { grantId?: string } | undefined)?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId) {
        const existing = await ctx.oidc.provider.Grant.find(grantId);
        if (existing) return existing;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid');
      grant.addOIDCClaims(['tenant']);
      grant.addResourceScope(API_RESOURCE, API_SCOPE);
      await grant.save();
      return grant;
    },
    async extraTokenClaims(ctx, token) {
      // A partner's client-credentials token: `sub` is the client's id, `tenant` its tenant's slug.
      if (token.kind === 'ClientCredentials') {
        const tenant = (ctx.oidc.client as { tenant?: unknown } | undefined)?.tenant;
        if (typeof tenant !== 'string') throw new errors.InvalidClient('client has no tenant');
        return { tenant };
      }
      if (!('accountId' in token) || !token.accountId) return undefined;
      const account = await accounts.find(token.accountId);
      // An account gone or deactivated since sign-in gets no more tokens.
      if (!account) throw new errors.InvalidGrant('account is no longer active');
      // `gid`: the grant, so "my sessions" can tell which session a token comes from.
      return { tenant: account.slug, ...('grantId' in token && token.grantId ? { gid: token.grantId } : {}) };
    },
    // The SPA gets a refresh token without asking for offline_access (which OIDC honours only with
    // prompt=consent): it expires with the sign-in session, so signing out ends it too.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    expiresWithSession: async () => true,
    // Every refresh rotates; presenting a used one revokes its grant (oidc-provider) and ends its session (below).
    rotateRefreshToken: true,
    ttl: {
      AccessToken: options.accessTokenTtlSeconds,
      ClientCredentials: options.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      IdToken: options.accessTokenTtlSeconds,
      Interaction: 600,
      Session: options.sessionTtlSeconds,
      Grant: options.sessionTtlSeconds,
      // A rotated token keeps what its chain had left: a session lives no longer by being refreshed.
      RefreshToken: (ctx) => ctx?.oidc?.entities.RotatedRefreshToken?.remainingTTL ?? options.sessionTtlSeconds,
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      clientCredentials: { enabled: true },
      userinfo: { enabled: false },
      rpInitiatedLogout: { enabled: true, logoutSource: renderLogout, postLogoutSuccessSource: renderLogoutDone },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo(_ctx, resourceIndicator) {
          if (resourceIndicator !== API_RESOURCE) throw new errors.InvalidTarget();
          return { scope: API_SCOPE, audience, accessTokenTTL: options.accessTokenTtlSeconds, accessTokenFormat: 'jwt', jwt: { sign: { alg: SIGNING_ALG } } };
        },
      },
    },
    enabledJWA: { idTokenSigningAlgValues: [SIGNING_ALG] },
    interactions: { url: (_ctx, interaction) => `${mountPath}/interaction/${interaction.uid}` },
    renderError,
    // A browser's token and revocation requests carry its Origin: only the SPA's and the Playground's
    // own (the origin of one of the client's redirect URIs) are let in; partners call from servers, without one.
    clientBasedCORS: (_ctx, origin, client) =>
      BROWSER_CLIENTS.has(client.clientId) && (client.redirectUris ?? []).some((uri) => URL.canParse(uri) && new URL(uri).origin === origin),
  };

  const provider = new Provider(options.issuer, configuration);
  // Partners' secrets are stored hashed (core's apiClients): the presented secret is hashed and
  // compared with the record's, in constant time. The SPA, a public client, presents none.
  provider.Client.prototype.compareClientSecret = async function compareHashedSecret(this: { clientSecret?: string }, actual: string) {
    return typeof this.clientSecret === 'string' && clientSecretMatches(this.clientSecret, actual);
  };
  // Behind the gateway: its X-Forwarded-* headers say how the client reached it.
  provider.proxy = true;
  // The adapter ends a revoked grant's sessions with it (awaited, before the refusal is answered).
  provider.on('grant.revoked', (ctx: KoaContextWithOIDC, grantId: string) =>
    options.logger.info({ grantId, route: ctx.oidc?.route }, 'grant revoked; its sessions ended'),
  );
  provider.on('server_error', (_ctx: KoaContextWithOIDC, error: Error) => options.logger.error({ err: error }, 'authorization server error'));
  provider.on('grant.error', (_ctx: KoaContextWithOIDC, error: Error & { error_detail?: string }) =>
    options.logger.info({ error: error.message, detail: error.error_detail }, 'token request refused'),
  );
  return provider;
}
