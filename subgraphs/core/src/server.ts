import { systemClock } from '@attunelogic/shared';
import { createDocuments, documentsEnv, type DocumentRoutes, type DocumentsConfig } from '@attunelogic/shared/documents';
import { forbidden } from '@attunelogic/shared/errors';
import { type SubgraphServer } from '@attunelogic/shared/subgraph';
import { z } from 'zod';
import { type CoreConfig } from './env';
import { type CoreModels } from './models';
import { storedExport } from './portability/portability.service';
import { tenantExportModel } from './portability/tenant-exports.model';
import { subgraph, type CoreServerDeps } from './subgraph';

export type { CoreServerDeps } from './subgraph';

/** The configuration the server reads: the keys of internal contexts and (defaults filled in) of documents. */
export type CoreServerConfig = Pick<CoreConfig, 'INTERNAL_CONTEXT_PUBLIC_KEYS'> & Partial<DocumentsConfig>;

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
        authorizeUpload: () => {
          throw forbidden('Core keeps no uploads.');
        },
        find: (tenantId, exportId) => storedExport(TenantExport, tenantId, exportId, clock.now()),
      }
    : undefined;
  return subgraph.createServer(config, { ...deps, ...(documentRoutes ? { documentRoutes } : {}) });
}
