import { hasPermission, requireFeature, type SubgraphConcurrencyConfig, type TenantContext } from '@attunelogic/shared';
import { createDocuments, documentsEnv, withUploadSweep, type DocumentRoutes, type DocumentsConfig } from '@attunelogic/shared/documents';
import { forbidden } from '@attunelogic/shared/errors';
import { type SubgraphDeps, type SubgraphServer } from '@attunelogic/shared/subgraph';
import { placedCommandModels } from '@attunelogic/shared/tenancy';
import { z } from 'zod';
import { attachmentModel } from './attachments/attachments.model';
import { storedAttachment, sweepAttachmentUploads } from './attachments/attachments.service';
import { type ServiceConfig } from './env';
import { type ServiceModels } from './models';
import { subgraph } from './subgraph';
import { WORK_ORDERS_FEATURE } from './work-orders/work-orders.service';

export type ServiceServerDeps = SubgraphDeps;

/** The configuration the server reads: the keys of internal contexts, the concurrency limits and (defaults filled in) of documents. */
export type ServiceServerConfig = Pick<ServiceConfig, 'INTERNAL_CONTEXT_PUBLIC_KEYS'> & Partial<DocumentsConfig> & Partial<SubgraphConcurrencyConfig>;

/** The service subgraph's HTTP server, ready to `start()`; does not listen. Documents (job photos, signatures) are on when DOCUMENT_LINK_SECRET is set. */
export function createServiceServer(config: ServiceServerConfig, deps: ServiceServerDeps): SubgraphServer<ServiceModels> {
  const documents = createDocuments(z.object(documentsEnv).parse(config));
  // A download link names its tenant but carries no context: the tenant's placement is read from the directory.
  const attachmentsOf = placedCommandModels(deps.connection, deps.coreConnection ?? deps.connection, (connection) => attachmentModel(connection));
  const documentRoutes: DocumentRoutes | undefined = documents
    ? {
        documents,
        owner: 'service',
        // An upload is kept only to be attached (attachToWorkOrder needs workOrders:status): nobody else may fill the storage.
        authorizeUpload: (tenant: TenantContext) => {
          requireFeature(tenant, 'serviceRepair', WORK_ORDERS_FEATURE);
          if (!hasPermission(tenant.appType, tenant.roles, 'workOrders:status')) throw forbidden('Missing permission workOrders:status.');
        },
        find: async (tenantId, attachmentId) => storedAttachment(await attachmentsOf.of(tenantId), tenantId, attachmentId),
      }
    : undefined;
  const server = subgraph.createServer(config, { ...deps, ...(documentRoutes ? { documentRoutes } : {}) });
  const closing = {
    ...server,
    async stop() {
      await server.stop();
      await attachmentsOf.close();
    },
  };
  // Uploads never attached are removed once a day old: a sweep at start, then every hour.
  return documents ? withUploadSweep(closing, () => sweepAttachmentUploads((tenantId) => attachmentsOf.of(tenantId), documents, new Date()), deps.logger) : closing;
}
