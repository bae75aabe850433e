import { z } from 'zod';
import { loadConfig, port, subgraphBaseEnv } from '@attunelogic/shared';
import { webhookSecretKeysEnv } from '@attunelogic/shared/events';
import { documentsEnv } from '@attunelogic/shared/documents';

/** The environment of the core subgraph (`.env.example` lists the same variables). */
export const coreEnv = z.object({
  ...subgraphBaseEnv,
  PORT: port(4001),
  /** The keys webhook signing secrets are sealed with at rest (`id:base64-key`, comma-separated; the first seals, all open). */
  WEBHOOK_SECRET_KEYS: webhookSecretKeysEnv,
  // Owners' archives of their tenant (exportTenantData) are kept in the document storage and downloaded through signed links.
  ...documentsEnv,
});

export type CoreConfig = z.infer<typeof coreEnv>;

/** Validates `env` (pure: never reads `process.env`); throws one `ConfigError` listing every problem. */
export const loadCoreConfig = (env: Record<string, string | undefined>): CoreConfig => loadConfig(coreEnv, env);
