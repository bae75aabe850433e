import { z } from 'zod';
import { baseEnv, isLoopbackHost, loadConfig, port, redisUrlEnv } from '@attunelogic/shared';

const url = z.string().url();
const urlList = z
  .string()
  .min(1)
  .transform((value) => value.split(',').map((entry) => entry.trim()))
  .pipe(z.array(url).min(1));

/** The environment of the authorization server (`.env.example` lists the same variables). */
export const authEnv = z
  .object({
    ...baseEnv,
    PORT: port(4004),
    /**
     * The issuer, as clients and the gateway see it: the gateway's `/api/v1/auth`, which it proxies
     * here. Its `/jwks` is the gateway's `JWT_JWKS_URL`, and the gateway's `JWT_ISSUER` is this value.
     */
    AUTH_ISSUER: url.default('http://127.0.0.1:4000/api/v1/auth'),
    /** The `aud` of every access token: the gateway's `JWT_AUDIENCE`. */
    JWT_AUDIENCE: z.string().min(1).default('attunelogic-api'),
    /** Private signing keys, a JWK set as JSON, the signing key first (rotation: docs/AUTH.md). Development keeps one in its database when unset. */
    AUTH_SIGNING_KEYS: z.string().min(1).optional(),
    /** Keys of the authorization server's cookies (comma-separated, the first signs): >= 32 bytes each. */
    AUTH_COOKIE_KEYS: z
      .string()
      .min(1)
      .transform((value) => value.split(',').map((entry) => entry.trim()))
      .pipe(z.array(z.string().min(32, 'each cookie key must be at least 32 bytes')).min(1))
      .optional(),
    /** Where the reference SPA may receive its authorization code and return after sign-out. */
    AUTH_SPA_REDIRECT_URIS: urlList.default(['http://127.0.0.1:5173/callback']),
    AUTH_SPA_POST_LOGOUT_URIS: urlList.default(['http://127.0.0.1:5173/']),
    /** The partner Playground's address, the gateway's GraphQL URL: where it receives its code and returns after sign-out. */
    AUTH_PLAYGROUND_REDIRECT_URIS: urlList.default(['http://127.0.0.1:4000/api/v1/graphql']),
    AUTH_ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3_600).default(300),
    /** How long a refresh token, its grant and the sign-in session live at most. */
    AUTH_SESSION_TTL_SECONDS: z.coerce.number().int().min(3_600).max(2_592_000).default(1_209_600),
    /** Failed sign-ins before an account (organization + email) is refused for AUTH_LOCKOUT_SECONDS. */
    AUTH_ACCOUNT_FAILURES: z.coerce.number().int().min(1).default(5),
    /** Failed sign-ins from one address before it is refused for AUTH_LOCKOUT_SECONDS. */
    AUTH_ADDRESS_FAILURES: z.coerce.number().int().min(1).default(50),
    AUTH_LOCKOUT_SECONDS: z.coerce.number().int().min(1).default(900),
    /** Several instances: failed sign-ins are counted in this Redis, shared (each instance's memory when unset or while it is away). */
    REDIS_URL: redisUrlEnv,
    /** The key TOTP secrets are encrypted with at rest (>= 32 bytes); development uses a published one. Changing it turns every enrolment unreadable. */
    AUTH_TOTP_KEY: z.string().min(32, 'AUTH_TOTP_KEY must be at least 32 bytes').optional(),
    /** How long a tenant or user record is trusted before it is read again (a deactivation stops refreshes within it). */
    /** How often core's outbox is read: deactivated users' sessions end, new people are invited (docs/AUTH.md). */
    AUTH_DEACTIVATION_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
    AUTH_DIRECTORY_TTL_MS: z.coerce.number().int().min(0).max(300_000).default(5_000),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.AUTH_SIGNING_KEYS) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_SIGNING_KEYS'], message: 'production signs with keys of its own: AUTH_SIGNING_KEYS is required' });
    }
    if (env.NODE_ENV === 'production' && !env.AUTH_TOTP_KEY) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_TOTP_KEY'], message: 'the development TOTP key is public: AUTH_TOTP_KEY is required in production' });
    }
    if ((env.NODE_ENV === 'production' || !isLoopbackHost(env.HOST)) && !env.AUTH_COOKIE_KEYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_COOKIE_KEYS'],
        message: `the development cookie key is public: set AUTH_COOKIE_KEYS ${env.NODE_ENV === 'production' ? 'in production' : `to listen on ${env.HOST}`}`,
      });
    }
  });

export type AuthConfig = z.infer<typeof authEnv>;

/** Validates `env` (pure: never reads `process.env`); throws one `ConfigError` listing every problem. */
export const loadAuthConfig = (env: Record<string, string | undefined>): AuthConfig => loadConfig(authEnv, env);
