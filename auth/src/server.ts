import { type Server } from 'node:http';
import { type Redis } from 'ioredis';
import { type Connection } from 'mongoose';
import { close, createHttpServer, sendJson, errorBody, systemClock, type Clock, type Logger } from '@attunelogic/shared';
import { pingDatabase } from '@attunelogic/shared/mongo';
import { createCoreUserModel, createDirectory } from '@attunelogic/shared/tenancy';
import { createAccounts, type Accounts } from './accounts/accounts';
import { createCredentialStore, type CredentialStore } from './accounts/credentials';
import { createSecondFactors, type SecondFactors } from './accounts/second-factor';
import { createSecondFactorRoutes } from './accounts/second-factor-routes';
import { type AuthConfig } from './env';
import { createInteractions } from './interactions/interactions';
import { developmentSigningKeys, parseSigningKeys } from './keys/keys';
import { MongoAdapter, requestDevice } from './oidc/adapter';
import { createPersonOf, createSessionRoutes, createSessionStore, type SessionStore } from './sessions/sessions';
import { watchDeactivations } from './sessions/deactivations';
import { createProvider } from './oidc/provider';
import type Provider from 'oidc-provider';

/** The development cookie key, public like the other development secrets; production sets AUTH_COOKIE_KEYS. */
const DEVELOPMENT_COOKIE_KEY = 'attunelogic-development-auth-cookie-key-not-for-production';
/** The development key of TOTP secrets at rest, public likewise; production sets AUTH_TOTP_KEY. */
const DEVELOPMENT_TOTP_KEY = 'attunelogic-development-totp-key-not-for-production';
const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

export interface AuthServer {
  readonly http: Server;
  readonly provider: Provider;
  readonly accounts: Accounts;
  readonly credentials: CredentialStore;
  readonly sessions: SessionStore;
  readonly secondFactors: SecondFactors;
  /** Reads core's outbox now (deactivations, and invitations of new people); the server also does every AUTH_DEACTIVATION_POLL_MS. */
  readCoreEvents(): Promise<number>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface AuthServerDeps {
  /** The authorization server's own database (its artefacts, credentials, development key). */
  connection: Connection;
  /** Core's database, read for tenants and users. */
  coreConnection: Connection;
  logger: Logger;
  clock?: Clock;
  /** With several instances (REDIS_URL): where they count failed sign-ins together. */
  redis?: Redis | undefined;
}

/**
 * The authorization server's HTTP server (does not listen): oidc-provider under the issuer's path
 * (`/api/v1/auth`, so the gateway forwards its paths unchanged), the sign-in and password pages
 * beside it, `/healthz` and `/readyz`.
 */
export async function createAuthServer(config: AuthConfig, deps: AuthServerDeps): Promise<AuthServer> {
  const clock = deps.clock ?? systemClock;
  const mountPath = new URL(config.AUTH_ISSUER).pathname.replace(/\/$/, '');
  const signingKeys = config.AUTH_SIGNING_KEYS ? parseSigningKeys(config.AUTH_SIGNING_KEYS) : await developmentSigningKeys(deps.connection);
  await MongoAdapter.ensureIndexes(deps.connection);
  const credentials = createCredentialStore(deps.connection, clock);
  // Deactivations take effect at the next refresh once the directory has read the record again.
  const directory = createDirectory(deps.coreConnection, { ttlMs: config.AUTH_DIRECTORY_TTL_MS });
  const accounts = createAccounts({
    directory,
    users: createCoreUserModel(deps.coreConnection),
    credentials,
    throttle: {
      accountFailures: config.AUTH_ACCOUNT_FAILURES,
      addressFailures: config.AUTH_ADDRESS_FAILURES,
      lockoutSeconds: config.AUTH_LOCKOUT_SECONDS,
      redis: deps.redis,
    },
  });
  const secondFactors = createSecondFactors(deps.connection, { key: config.AUTH_TOTP_KEY ?? DEVELOPMENT_TOTP_KEY, clock });
  const provider = createProvider({
    issuer: config.AUTH_ISSUER,
    audience: config.JWT_AUDIENCE,
    signingKeys,
    cookieKeys: config.AUTH_COOKIE_KEYS ?? [DEVELOPMENT_COOKIE_KEY],
    spa: { redirectUris: config.AUTH_SPA_REDIRECT_URIS, postLogoutRedirectUris: config.AUTH_SPA_POST_LOGOUT_URIS },
    playground: { redirectUris: config.AUTH_PLAYGROUND_REDIRECT_URIS },
    accessTokenTtlSeconds: config.AUTH_ACCESS_TOKEN_TTL_SECONDS,
    sessionTtlSeconds: config.AUTH_SESSION_TTL_SECONDS,
    connection: deps.connection,
    coreConnection: deps.coreConnection,
    accounts,
    logger: deps.logger,
    clock,
  });
  const oidc = provider.callback();
  const sessions = createSessionStore(deps.connection, clock);
  const person = createPersonOf({ issuer: config.AUTH_ISSUER, audience: config.JWT_AUDIENCE, signingKeys, accounts });
  const sessionRoutes = createSessionRoutes({ person, sessions });
  const secondFactorRoutes = createSecondFactorRoutes({ person, accounts, secondFactors, users: createCoreUserModel(deps.coreConnection) });
  const deactivations = watchDeactivations({
    coreConnection: deps.coreConnection,
    sessions,
    intervalMs: config.AUTH_DEACTIVATION_POLL_MS,
    lookBackMs: config.AUTH_SESSION_TTL_SECONDS * 1000,
    logger: deps.logger,
    clock,
    // Invitations (createUser): the link is logged, so only where logs are the developer's own.
    ...(config.NODE_ENV === 'production'
      ? {}
      : {
          invite: async (user: { tenantId: string; slug: string; userId: string; email: string }) => {
            if (await credentials.get(user.userId)) return;
            const token = await credentials.issuePasswordToken(user);
            deps.logger.info({ tenant: user.slug, email: user.email, link: `${config.AUTH_ISSUER}/password/${token}` }, 'invitation: one-time link to set a password');
          },
        }),
  });
  const interactions = createInteractions({ provider, accounts, credentials, secondFactors, mountPath, logger: deps.logger });

  const http = createHttpServer(
    async (req, res) => {
      const url = req.url ?? '/';
      const path = url.split('?')[0] ?? '/';
      if (path === '/healthz') return sendJson(res, 200, { status: 'ok', service: 'auth' });
      if (path === '/readyz') {
        const database = await pingDatabase(deps.connection);
        return sendJson(res, database ? 200 : 503, { status: database ? 'ready' : 'unavailable', checks: { database } });
      }
      if (path !== mountPath && !path.startsWith(`${mountPath}/`)) return sendJson(res, 404, errorBody('NOT_FOUND', 'Not found.'));
      const rest = path.slice(mountPath.length) || '/';
      const interaction = /^\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/(login|totp))?$/.exec(rest);
      if (interaction?.[1]) {
        if (interaction[2] === 'login' && req.method === 'POST') return interactions.signIn(req, res, interaction[1]);
        if (interaction[2] === 'totp' && req.method === 'POST') return interactions.secondFactor(req, res, interaction[1]);
        if (!interaction[2] && req.method === 'GET') return interactions.show(req, res, interaction[1]);
        return sendJson(res, 405, errorBody('BAD_USER_INPUT', 'Method not allowed.'));
      }
      const password = /^\/password\/([A-Za-z0-9_-]{1,100})$/.exec(rest);
      if (password?.[1]) return interactions.password(req, res, password[1]);
      const session = /^\/sessions(?:\/([A-Za-z0-9_-]{1,64}))?$/.exec(rest);
      if (session) return sessionRoutes(req, res, session[1]);
      const totp = /^\/totp(?:\/(confirm))?$/.exec(rest);
      if (totp) return secondFactorRoutes(req, res, totp[1]);
      // oidc-provider, mounted: it sees the path below the mount, and builds its URLs from originalUrl.
      Object.assign(req, { originalUrl: url });
      req.url = url.slice(mountPath.length) || '/';
      // A session begun by this request keeps the browser's user agent ("my sessions").
      await requestDevice.run({ userAgent: String(req.headers['user-agent'] ?? '').slice(0, 300) }, () => oidc(req, res));
    },
    (error) => deps.logger.error({ err: error }, 'unhandled error'),
  );

  let sweeper: NodeJS.Timeout | undefined;
  return {
    http,
    provider,
    accounts,
    credentials,
    sessions,
    secondFactors,
    readCoreEvents: () => deactivations.poll(),
    async start() {
      deactivations.start();
      // Expired artefacts are refused on read; this only reclaims their space (no TTL index does).
      sweeper = setInterval(() => {
        MongoAdapter.sweep(deps.connection, clock).catch((error: unknown) => deps.logger.warn({ err: error }, 'sweeping expired artefacts failed'));
      }, SWEEP_INTERVAL_MS);
      sweeper.unref();
    },
    async stop() {
      clearInterval(sweeper);
      deactivations.stop();
      await close(http);
    },
  };
}
