import { z } from 'zod';
import { baseEnv, loadConfig, port } from '@attunelogic/shared';
import { EVENT_SOURCES } from '@attunelogic/shared/events';

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
});

export type RelayConfig = z.infer<typeof relayEnv>;

/** Validates `env` (pure: never reads `process.env`); throws one `ConfigError` listing every problem. */
export const loadRelayConfig = (env: Record<string, string | undefined>): RelayConfig => loadConfig(relayEnv, env);
