// `pnpm --filter @attunelogic/subgraph-trucking sweep-uploads`: removes the uploads no document names
// once they are a day old, every tenant's, from where the subgraph keeps documents (its DOCUMENT_*
// settings). The running subgraph does the same every hour; this is for an operator who wants it now.
import { z } from 'zod';
import { createDocuments, documentsEnv } from '@attunelogic/shared/documents';
import { openCommandDatabases } from '@attunelogic/shared/dev';
import { placedCommandModels } from '@attunelogic/shared/tenancy';
import { documentModel } from './documents/documents.model';
import { sweepUploads } from './documents/documents.service';

const databases = await openCommandDatabases('trucking sweep-uploads', ['trucking', 'core']);
const documentsOf = placedCommandModels(databases.trucking, databases.core, (connection) => documentModel(connection));
try {
  const documents = createDocuments(z.object(documentsEnv).parse(process.env));
  if (!documents) console.log('no DOCUMENT_LINK_SECRET: documents are off, nothing to sweep');
  else {
    const { scanned, removed } = await sweepUploads((tenantId) => documentsOf.of(tenantId), documents, new Date());
    console.log(`${scanned} stored files looked at, ${removed} unattached upload${removed === 1 ? '' : 's'} older than a day removed`);
  }
} catch (error) {
  console.error(`trucking sweep-uploads: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await documentsOf.close();
  await databases.close();
}
