import { z } from 'zod';

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
 * listener it has is on loopback.
 */
export const PUBLISHED_DEVELOPMENT_SECRETS = {
  JWT_SECRET: 'attunelogic-development-jwt-secret-not-for-production',
  INTERNAL_CONTEXT_SECRET: 'attunelogic-development-internal-context-secret-not-for-production',
} as const;

/** Whether a host to listen on is a loopback address (127.0.0.0/8, ::1, localhost). */
export const isLoopbackHost = (host: string): boolean => /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '::1' || host === 'localhost';

function publishedSecretsOffLoopback(config: Record<string, unknown>): string[] {
  const host = config['HOST'];
  if (typeof host !== 'string' || isLoopbackHost(host)) return [];
  return Object.entries(PUBLISHED_DEVELOPMENT_SECRETS)
    .filter(([key, value]) => config[key] === value)
    .map(([key]) => `${key}: the published development secret, refused while listening on ${host} (not loopback): set a secret of your own`);
}

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
  INTERNAL_CONTEXT_SECRET: z.string().min(32, 'must be at least 32 bytes'),
};

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);
