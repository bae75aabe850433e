import { z } from 'zod';
import { loadConfig, port, subgraphBaseEnv } from '@attunelogic/shared';
import { documentsEnv } from '@attunelogic/shared/documents';

/** The environment of the service subgraph (`.env.example` lists the same variables). */
export const serviceEnv = z.object({
  ...subgraphBaseEnv,
  ...documentsEnv,
  PORT: port(4003),
});

export type ServiceConfig = z.infer<typeof serviceEnv>;

/** Validates `env` (pure: never reads `process.env`); throws one `ConfigError` listing every problem. */
export const loadServiceConfig = (env: Record<string, string | undefined>): ServiceConfig => loadConfig(serviceEnv, env);
