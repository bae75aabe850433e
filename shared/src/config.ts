import { z } from 'zod';
import { subgraphConcurrencyEnv } from './concurrency';
import { DEVELOPMENT_WEBHOOK_SECRET_KEYS, holdsDevelopmentKey } from './events/secrets';
import { internalContextKey, internalContextPublicKeys } from './internal-context';

/** Thrown by `loadConfig` with every problem of the environment at once. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Validates an environment against a zod schema and returns the typed config, or throws one
 * `ConfigError` listing every problem. Pure: it never reads `process.env` or exits.
 * @example loadConfig(gatewayEnv, process.env)
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`));
  }
  const published = publishedSecretsOffLoopback(result.data as Record<string, unknown>);
  if (published.length > 0) throw new ConfigError(published);
  return result.data;
}

/**
 * The development secrets, published in this repository (`pnpm dev` fills them in when unset). Anyone
 * can sign tokens and internal contexts with them, so a service accepts them only while every
 * listener it has is on loopback. The development key pair of internal contexts is refused in either
 * form: the gateway's private key, or its public key among a subgraph's keys (whatever the encoding).
 */
export const PUBLISHED_DEVELOPMENT_SECRETS = {
  JWT_SECRET: 'attunelogic-development-jwt-secret-not-for-production',
  INTERNAL_CONTEXT_PRIVATE_KEY: '{"kty":"OKP","crv":"Ed25519","x":"6Ewz5jp1WXLp7s6e2GJhAgSmg5D1Z90EcH-McQC5jFg","d":"XDpr9SqloDapd2mSo5fvnnab678VX4Qbs_wcHu8HKOQ"}',
  INTERNAL_CONTEXT_PUBLIC_KEYS: '{"kty":"OKP","crv":"Ed25519","x":"6Ewz5jp1WXLp7s6e2GJhAgSmg5D1Z90EcH-McQC5jFg"}',
  /** The key webhook signing secrets are sealed with at rest (core and the events process). */
  WEBHOOK_SECRET_KEYS: DEVELOPMENT_WEBHOOK_SECRET_KEYS,
} as const;

/** Whether `value` of the variable `key` is (or, for the keys of internal contexts, contains) the published one. */
function isPublished(key: keyof typeof PUBLISHED_DEVELOPMENT_SECRETS, value: string): boolean {
  if (key === 'JWT_SECRET') return value === PUBLISHED_DEVELOPMENT_SECRETS.JWT_SECRET;
  // The development key under any id, current or kept for opening.
  if (key === 'WEBHOOK_SECRET_KEYS') return holdsDevelopmentKey(value);
  const published = internalContextKey(PUBLISHED_DEVELOPMENT_SECRETS.INTERNAL_CONTEXT_PRIVATE_KEY).kid;
  if (key === 'INTERNAL_CONTEXT_PRIVATE_KEY') return internalContextKey(value).kid === published;
  return internalContextPublicKeys(value).has(published);
}

/** Whether a host to listen on is a loopback address (127.0.0.0/8, ::1, localhost). */
export const isLoopbackHost = (host: string): boolean => /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '::1' || host === 'localhost';

const OWN_SECRET: Record<keyof typeof PUBLISHED_DEVELOPMENT_SECRETS, string> = {
  JWT_SECRET: 'a secret',
  INTERNAL_CONTEXT_PRIVATE_KEY: 'a key pair',
  INTERNAL_CONTEXT_PUBLIC_KEYS: 'a key pair',
  WEBHOOK_SECRET_KEYS: 'a key (id:base64 of 32 random bytes)',
};

function publishedSecretsOffLoopback(config: Record<string, unknown>): string[] {
  const host = config['HOST'];
  if (typeof host !== 'string' || isLoopbackHost(host)) return [];
  return (Object.keys(PUBLISHED_DEVELOPMENT_SECRETS) as (keyof typeof PUBLISHED_DEVELOPMENT_SECRETS)[])
    .filter((key) => typeof config[key] === 'string' && isPublished(key, config[key]))
    .map(
      (key) =>
        `${key}: the published development ${key === 'JWT_SECRET' ? 'secret' : 'key'}, refused while listening on ${host} (not loopback): set ${OWN_SECRET[key]} of your own`,
    );
}

/** A key given as text, checked by `parse` when the configuration is loaded (the message names the problem, never the key). */
const keyText = (parse: (text: string) => unknown) =>
  z
    .string()
    .min(1)
    .superRefine((text, ctx) => {
      try {
        parse(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    });

/** The gateway's Ed25519 private key that signs internal contexts (a JWK, or PKCS#8 PEM): `pnpm context-keys` makes a pair. */
export const internalContextPrivateKeyEnv = keyText(internalContextKey);
/** The public keys a subgraph accepts internal contexts from (a JWK, a JWK Set or SPKI PEM blocks): two during a rotation. */
export const internalContextPublicKeysEnv = keyText(internalContextPublicKeys);

/** Variables every service reads. */
export const baseEnv = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URI')
    .default('mongodb://127.0.0.1:27017/'),
  MONGODB_DB_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,40}$/)
    .default('attunelogic'),
};

/** A Redis server shared by several instances of a service (rate limits, replay refusal, caches). */
export const redisUrlEnv = z
  .string()
  .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
  .optional();

/** Variables every subgraph reads: the service's, the public keys of the gateway, and Redis when several instances run. */
export const subgraphBaseEnv = {
  ...baseEnv,
  INTERNAL_CONTEXT_PUBLIC_KEYS: internalContextPublicKeysEnv,
  /** With several instances of a subgraph: where they remember the contexts they accepted, so a replay to another instance is refused too. */
  REDIS_URL: redisUrlEnv,
  ...subgraphConcurrencyEnv,
};

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);
