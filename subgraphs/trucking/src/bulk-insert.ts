// `pnpm --filter @attunelogic/subgraph-trucking bulk-insert`: batches of documents on stdin into this
// subgraph's database through its own models (the benchmark loads its data set this way).
import { runBulkInsert } from '@attunelogic/shared/dev';
import { createTruckingModels } from './models';

await runBulkInsert('trucking', (connection) => createTruckingModels(connection));
