// `pnpm --filter @attunelogic/subgraph-trucking seed` (spawned by `pnpm seed` once the directory is
// seeded): fleet, drivers and loads for the demo trucking tenants; idempotent.
// `--tenant <slug>` (repeatable) seeds the same data for those tenants of the directory instead (the
// system tests seed a fresh tenant so).
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createDocuments, documentsEnv } from '@attunelogic/shared/documents';
import { runSeedCommand } from '@attunelogic/shared/dev';
import { directoryModels, placedCommandModels, readDemoTenants, readTenants } from '@attunelogic/shared/tenancy';
import { createTruckingModels } from './models';
import { seedTrucking } from './seed';

const { tenant: slugs = [] } = parseArgs({ options: { tenant: { type: 'string', multiple: true } } }).values;

await runSeedCommand('trucking', async ({ own, core }) => {
  const tenants = slugs.length ? await readTenants(directoryModels(core), slugs) : await readDemoTenants(directoryModels(core));
  // The demo POD photo goes where the subgraph keeps documents (its DOCUMENT_* settings).
  const documents = createDocuments(z.object(documentsEnv).parse(process.env));
  // Each tenant's data goes to its own placement (a dedicated tenant's databases, or the pool).
  const models = placedCommandModels(own, core, (connection) => createTruckingModels(connection));
  // The maintenance due index is built by the trucking process's builder on its first turn (until
  // then maintenanceDue computes in memory, with the same answer).
  let created = 0;
  try {
    for (const tenant of tenants) created += (await seedTrucking(await models.of(tenant.id), [tenant], documents)).created;
  } finally {
    await models.close();
  }
  return [`demo trucking data ready (${created} records created)`, ...(documents ? [] : ['no DOCUMENT_LINK_SECRET: the demo POD photo is left out'])];
});
