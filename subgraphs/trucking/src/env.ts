import { z } from 'zod';
import { loadConfig, port, subgraphBaseEnv } from '@attunelogic/shared';
import { documentsEnv } from '@attunelogic/shared/documents';

/** The environment of the trucking subgraph (`.env.example` lists the same variables). */
export const truckingEnv = z.object({
  ...subgraphBaseEnv,
  ...documentsEnv,
  PORT: port(4002),
});

export type TruckingConfig = z.infer<typeof truckingEnv>;

/** Validates `env` (pure: never reads `process.env`); throws one `ConfigError` listing every problem. */
export const loadTruckingConfig = (env: Record<string, string | undefined>): TruckingConfig => loadConfig(truckingEnv, env);
