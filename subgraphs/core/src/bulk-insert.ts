// `pnpm --filter @attunelogic/subgraph-core bulk-insert`: batches of documents on stdin into this
// subgraph's database through its own models (the benchmark loads its data set this way).
import { runBulkInsert } from '@attunelogic/shared/dev';
import { createCoreModels } from './models';

await runBulkInsert('core', (connection) => createCoreModels(connection));
