import { type SubgraphConcurrencyConfig } from '@attunelogic/shared';
import { parseSecretKeys } from '@attunelogic/shared/events';
import { type SubgraphServer } from '@attunelogic/shared/subgraph';
import { type CoreConfig } from './env';
import { type CoreModels } from './models';
import { subgraph, type CoreServerDeps } from './subgraph';

export type { CoreServerDeps } from './subgraph';

/** The core subgraph's HTTP server, ready to `start()`; does not listen. */
export const createCoreServer = (
  config: Pick<CoreConfig, 'INTERNAL_CONTEXT_PUBLIC_KEYS'> & Partial<Pick<CoreConfig, 'WEBHOOK_SECRET_KEYS'>> & Partial<SubgraphConcurrencyConfig>,
  deps: CoreServerDeps,
): SubgraphServer<CoreModels> =>
  subgraph.createServer(config, {
    ...deps,
    ...(config.WEBHOOK_SECRET_KEYS && !deps.webhookSecrets ? { webhookSecrets: parseSecretKeys(config.WEBHOOK_SECRET_KEYS) } : {}),
  });
