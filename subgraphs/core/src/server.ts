import { systemClock, type SubgraphConcurrencyConfig } from '@attunelogic/shared';
import { createDocuments, documentsEnv, type DocumentRoutes, type DocumentsConfig } from '@attunelogic/shared/documents';
import { forbidden } from '@attunelogic/shared/errors';
import { parseSecretKeys } from '@attunelogic/shared/events';
import { type SubgraphServer } from '@attunelogic/shared/subgraph';
import { z } from 'zod';
import { type CoreConfig } from './env';
import { type CoreModels } from './models';
import { storedExport } from './portability/portability.service';
import { tenantExportModel } from './portability/tenant-exports.model';
import { subgraph, type CoreServerDeps } from './subgraph';

export type { CoreServerDeps } from './subgraph';

/** The configuration the server reads: the keys of internal contexts and of webhook secrets, the concurrency limits and (defaults filled in) of documents. */
export type CoreServerConfig = Pick<CoreConfig, 'INTERNAL_CONTEXT_PUBLIC_KEYS'> &
  Partial<Pick<CoreConfig, 'WEBHOOK_SECRET_KEYS'>> &
  Partial<DocumentsConfig> &
  Partial<SubgraphConcurrencyConfig>;

/**
 * The core subgraph's HTTP server, ready to `start()`; does not listen. With DOCUMENT_LINK_SECRET set
 * it serves the downloads of owners' tenant archives (`exportTenantData`) and takes no uploads.
 */
export function createCoreServer(config: CoreServerConfig, deps: CoreServerDeps): SubgraphServer<CoreModels> {
  const documents = createDocuments(z.object(documentsEnv).parse(config));
  const TenantExport = tenantExportModel(deps.connection);
  const clock = deps.clock ?? systemClock;
  const documentRoutes: DocumentRoutes | undefined = documents
    ? {
        documents,
        owner: 'core',
        authorizeUpload: () => {
          throw forbidden('Core keeps no uploads.');
        },
        find: (tenantId, exportId) => storedExport(TenantExport, tenantId, exportId, clock.now()),
      }
    : undefined;
  return subgraph.createServer(config, {
    ...deps,
    ...(documentRoutes ? { documentRoutes } : {}),
    ...(config.WEBHOOK_SECRET_KEYS && !deps.webhookSecrets ? { webhookSecrets: parseSecretKeys(config.WEBHOOK_SECRET_KEYS) } : {}),
  });
}
