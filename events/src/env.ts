import { z } from 'zod';
import { baseEnv, loadConfig, port } from '@attunelogic/shared';
import { EVENT_SOURCES, webhookSecretKeysEnv } from '@attunelogic/shared/events';

/** The environment of the event relay (`.env.example` lists the same variables). */
export const relayEnv = z.object({
  ...baseEnv,
  PORT: port(4005),
  /** The subgraphs whose outboxes the relay drains (comma-separated). */
  EVENTS_SOURCES: z
    .string()
    .default(EVENT_SOURCES.join(','))
    .transform((value) =>
      value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(EVENT_SOURCES as [string, ...string[]])).min(1)),
  /** How long the relay waits after a pass that found nothing to do. */
  EVENTS_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  /** How many events one pass takes from one outbox. */
  EVENTS_BATCH: z.coerce.number().int().min(1).max(1_000).default(100),
  /** Prometheus metrics (`GET /metrics`), on loopback only: a scraper on the same host reads them. */
  EVENTS_METRICS_PORT: port(9465),
  /** Webhook deliveries to private, loopback and link-local addresses: off except for tests and a partner on the same network. */
  WEBHOOKS_ALLOW_PRIVATE: z.enum(['on', 'off']).default('off'),
  /** How long one delivery attempt may take before it counts as failed. */
  WEBHOOKS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Attempts sent at once by one dispatcher. */
  WEBHOOKS_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /** The wait before the first retry, the longest wait, and the attempts before a delivery is parked. */
  WEBHOOKS_RETRY_BASE_MS: z.coerce.number().int().min(1).max(3_600_000).default(5_000),
  WEBHOOKS_RETRY_MAX_MS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3_600_000)
    .default(6 * 3_600_000),
  WEBHOOKS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** An endpoint is disabled after this many deliveries parked in a row (none succeeded in between)... */
  WEBHOOKS_DISABLE_AFTER_PARKED: z.coerce.number().int().min(1).max(10_000).default(5),
  /** ...or when its deliveries have failed, with no success in between, for this long. */
  WEBHOOKS_DISABLE_AFTER_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(3 * 24 * 3_600_000),
  /** The keys the endpoints' signing secrets are sealed with (`id:base64-key`, comma-separated; the first seals, all open): core's. */
  WEBHOOK_SECRET_KEYS: webhookSecretKeysEnv,
  /** Tenants named in the queue-depth metric (the deepest queues); the rest are summed under `other`. */
  WEBHOOKS_METRICS_TOP_TENANTS: z.coerce.number().int().min(0).max(100).default(10),
});

export type RelayConfig = z.infer<typeof relayEnv>;

/** Validates `env` (pure: never reads `process.env`); throws one `ConfigError` listing every problem. */
export const loadRelayConfig = (env: Record<string, string | undefined>): RelayConfig => loadConfig(relayEnv, env);
