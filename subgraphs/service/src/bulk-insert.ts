// `pnpm --filter @attunelogic/subgraph-service bulk-insert`: batches of documents on stdin into this
// subgraph's database through its own models (the benchmark loads its data set this way).
import { runBulkInsert } from '@attunelogic/shared/dev';
import { createServiceModels } from './models';

await runBulkInsert('service', (connection) => createServiceModels(connection));
