import { z } from 'zod';
import { baseEnv, gatewayConcurrencyEnv, internalContextPrivateKeyEnv, loadConfig, port, redisUrlEnv } from '@attunelogic/shared';

const url = z.string().url();

const gatewayEnv = z
  .object({
    ...baseEnv,
    PORT: port(4000),
    /** The Ed25519 private key the internal contexts are signed with; the subgraphs hold its public key. */
    INTERNAL_CONTEXT_PRIVATE_KEY: internalContextPrivateKeyEnv,
    /** Prometheus metrics, served on loopback only, never on the public port (0 = a free port). */
    METRICS_PORT: z.coerce.number().int().min(0).max(65_535).default(9464),
    SUPERGRAPH_PATH: z.string().min(1).optional(),
    /** The registered operations (hash → document), as `pnpm compose` publishes them; the schema package's when unset. */
    REGISTERED_OPERATIONS_PATH: z.string().min(1).optional(),
    /** The OAuth clients (`client_id` of a person's token) that may run registered operations only (comma-separated; `none` for no client). */
    REGISTERED_OPERATIONS_CLIENTS: z
      .string()
      .default('attunelogic-web')
      .transform((value) =>
        value.trim() === 'none'
          ? []
          : value
              .split(',')
              .map((entry) => entry.trim())
              .filter(Boolean),
      ),
    SUBGRAPH_CORE_URL: url.default('http://127.0.0.1:4001/graphql'),
    SUBGRAPH_TRUCKING_URL: url.default('http://127.0.0.1:4002/graphql'),
    SUBGRAPH_SERVICE_URL: url.default('http://127.0.0.1:4003/graphql'),
    JWT_SECRET: z.string().min(32, 'must be at least 32 bytes').optional(),
    JWT_JWKS_URL: url.optional(),
    JWT_ISSUER: z.string().min(1).default('attunelogic'),
    /** The issuer of the tokens verified with JWT_JWKS_URL (the authorization server's issuer URL); JWT_ISSUER when unset. */
    JWT_JWKS_ISSUER: z.string().min(1).optional(),
    /** With JWT_JWKS_URL: also take JWT_SECRET's HS256 development tokens (`pnpm dev`, beside the authorization server). Never in production. */
    JWT_DEVELOPMENT_TOKENS: z.enum(['on', 'off']).default('off'),
    /** The authorization server, which the gateway proxies under /api/v1/auth (unset: those routes are 404). */
    AUTH_SERVER_URL: url.optional(),
    JWT_AUDIENCE: z.string().min(1).default('attunelogic-api'),
    /** The longest a token may live (exp − now) and the oldest it may be (now − iat), in seconds. */
    JWT_MAX_AGE_SECONDS: z.coerce.number().int().min(60).max(2_592_000).default(86_400),
    /** How long a tenant or user record is trusted before it is read again (suspensions take effect within it). */
    TENANT_CACHE_TTL_MS: z.coerce.number().int().min(0).max(300_000).default(30_000),
    BODY_LIMIT_BYTES: z.coerce.number().int().min(1_024).max(10_000_000).default(100_000),
    /** The largest upload to /api/v1/documents, refused before it is read (the subgraphs' DOCUMENT_MAX_BYTES is theirs to check too). */
    DOCUMENT_MAX_BYTES: z.coerce.number().int().min(1_024).max(50_000_000).default(10_000_000),
    SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    /** Identical subgraph queries of the same user in flight at the same time are sent once (`off` to measure what that saves). */
    SUBGRAPH_DEDUPE: z.enum(['on', 'off']).default('on'),
    /** Shared state for several gateway instances (rate limits); in-process memory when unset. */
    REDIS_URL: redisUrlEnv,
    RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),
    /** Budgets per window of the standard plan; starter and enterprise tenants get a share of them (shared/src/tenancy/plans.ts). */
    RATE_LIMIT_TENANT_REQUESTS: z.coerce.number().int().min(1).default(3_000),
    RATE_LIMIT_USER_REQUESTS: z.coerce.number().int().min(1).default(1_200),
    RATE_LIMIT_TENANT_COST: z.coerce.number().int().min(1).default(1_000_000),
    /** The gateway's limits on what runs at once and for how long (shared/src/concurrency.ts). */
    ...gatewayConcurrencyEnv,
    /** Failed authentications per client address and window; past it the address is refused (429) before anything is verified. */
    RATE_LIMIT_ADDRESS_FAILURES: z.coerce.number().int().min(1).default(120),
    /** The live event stream (GET /api/v1/events): how often this instance's one reader of the event log polls it. */
    EVENTS_STREAM_POLL_MS: z.coerce.number().int().min(10).max(10_000).default(200),
    /** How long a missing position in the event log is waited for (a writer that took it and has not inserted yet) before it is passed. */
    EVENTS_STREAM_SETTLE_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
    /** A comment on a quiet stream this often; the caller's membership and roles are verified again then. */
    EVENTS_STREAM_HEARTBEAT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
    /** Open event streams of one user, and of one tenant, per gateway instance; more are refused (429). */
    EVENTS_STREAM_PER_USER: z.coerce.number().int().min(1).max(1_000).default(5),
    EVENTS_STREAM_PER_TENANT: z.coerce.number().int().min(1).max(100_000).default(200),
  })
  .superRefine((env, ctx) => {
    if (!env.JWT_JWKS_URL && !env.JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'JWT_SECRET (development) or JWT_JWKS_URL (production) is required' });
    }
    if (env.NODE_ENV === 'production' && env.JWT_DEVELOPMENT_TOKENS === 'on') {
      ctx.addIssue({ code: 'custom', path: ['JWT_DEVELOPMENT_TOKENS'], message: 'development tokens are never taken in production' });
    }
    if (env.NODE_ENV === 'production' && !env.JWT_JWKS_URL) {
      ctx.addIssue({ code: 'custom', path: ['JWT_JWKS_URL'], message: 'production verifies tokens with asymmetric keys: JWT_JWKS_URL is required' });
    }
  });

export type GatewayConfig = z.infer<typeof gatewayEnv>;

/** The gateway's configuration from an environment; throws a ConfigError listing every problem. */
export const loadGatewayConfig = (env: Record<string, string | undefined>): GatewayConfig => loadConfig(gatewayEnv, env);

/** Every variable the gateway reads (checked against .env.example by a test). */
export const gatewayEnvKeys = (): string[] => Object.keys(gatewayEnv.shape);
