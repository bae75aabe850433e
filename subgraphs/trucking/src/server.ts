import { hasPermission, requireFeature, type SubgraphConcurrencyConfig, type TenantContext } from '@attunelogic/shared';
import { createDocuments, documentsEnv, withUploadSweep, type DocumentRoutes, type DocumentsConfig } from '@attunelogic/shared/documents';
import { forbidden } from '@attunelogic/shared/errors';
import { type SubgraphDeps, type SubgraphServer } from '@attunelogic/shared/subgraph';
import { placedCommandModels } from '@attunelogic/shared/tenancy';
import { z } from 'zod';
import { storedDocument, sweepUploads } from './documents/documents.service';
import { documentModel } from './documents/documents.model';
import { LOADS_FEATURE } from './loads/loads.service';
import { type TruckingConfig } from './env';
import { type TruckingModels } from './models';
import { subgraph } from './subgraph';

export type TruckingServerDeps = SubgraphDeps;

/** The configuration the server reads: the keys of internal contexts and (defaults filled in) of documents. */
export type TruckingServerConfig = Pick<TruckingConfig, 'INTERNAL_CONTEXT_PUBLIC_KEYS'> & Partial<DocumentsConfig> & Partial<SubgraphConcurrencyConfig>;

/** The trucking subgraph's HTTP server, ready to `start()`; does not listen. Documents are on when DOCUMENT_LINK_SECRET is set. */
export function createTruckingServer(config: TruckingServerConfig, deps: TruckingServerDeps): SubgraphServer<TruckingModels> {
  const documents = createDocuments(z.object(documentsEnv).parse(config));
  // A download link names its tenant but carries no context: the tenant's placement is read from the directory.
  const documentsOf = placedCommandModels(deps.connection, deps.coreConnection ?? deps.connection, (connection) => documentModel(connection));
  const documentRoutes: DocumentRoutes | undefined = documents
    ? {
        documents,
        owner: 'trucking',
        // An upload is kept only to be attached (attachDocument needs loads:status): nobody else may fill the storage.
        authorizeUpload: (tenant: TenantContext) => {
          requireFeature(tenant, 'trucking', LOADS_FEATURE);
          if (!hasPermission(tenant.appType, tenant.roles, 'loads:status')) throw forbidden('Missing permission loads:status.');
        },
        find: async (tenantId, documentId) => storedDocument(await documentsOf.of(tenantId), tenantId, documentId),
      }
    : undefined;
  const server = subgraph.createServer(config, { ...deps, ...(documentRoutes ? { documentRoutes } : {}) });
  const closing = {
    ...server,
    async stop() {
      await server.stop();
      await documentsOf.close();
    },
  };
  // Uploads never attached are removed once a day old: a sweep at start, then every hour.
  return documents ? withUploadSweep(closing, () => sweepUploads((tenantId) => documentsOf.of(tenantId), documents, new Date()), deps.logger) : closing;
}
