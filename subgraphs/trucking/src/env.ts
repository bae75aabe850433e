import { z } from 'zod';
import { loadConfig, port, subgraphBaseEnv } from '@attunelogic/shared';
import { documentsEnv } from '@attunelogic/shared/documents';

/** The environment of the trucking subgraph (`.env.example` lists the same variables). */
export const truckingEnv = z.object({
  ...subgraphBaseEnv,
  ...documentsEnv,
  PORT: port(4002),
  /**
   * Pause of the maintenance due builder between turns once caught up (ms); 0 leaves it off, and
   * maintenanceDue computes in memory for every tenant (docs/DATABASE.md).
   */
  MAINTENANCE_DUE_BUILD_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(5_000),
  /** Vehicles whose maintenance due pairs the builder recomputes per tenant per turn. */
  MAINTENANCE_DUE_BUILD_BATCH: z.coerce.number().int().min(1).max(10_000).default(100),
});

export type TruckingConfig = z.infer<typeof truckingEnv>;

/** Validates `env` (pure: never reads `process.env`); throws one `ConfigError` listing every problem. */
export const loadTruckingConfig = (env: Record<string, string | undefined>): TruckingConfig => loadConfig(truckingEnv, env);
