// `pnpm --filter @attunelogic/subgraph-service seed` (spawned by `pnpm seed` once the directory is
// seeded): service areas, technicians, customers, inventory and work orders for the demo service
// tenants; idempotent.
// `--tenant <slug>` (repeatable) seeds the same data for those tenants of the directory instead (the
// system tests seed a fresh tenant so).
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createDocuments, documentsEnv } from '@attunelogic/shared/documents';
import { runSeedCommand } from '@attunelogic/shared/dev';
import { directoryModels, placedCommandModels, readDemoTenants, readTenants } from '@attunelogic/shared/tenancy';
import { createServiceModels } from './models';
import { seedService } from './seed';

const { tenant: slugs = [] } = parseArgs({ options: { tenant: { type: 'string', multiple: true } } }).values;

await runSeedCommand('service', async ({ own, core }) => {
  const tenants = slugs.length ? await readTenants(directoryModels(core), slugs) : await readDemoTenants(directoryModels(core));
  // The demo job's photo and signature go where the subgraph keeps documents (its DOCUMENT_* settings).
  const documents = createDocuments(z.object(documentsEnv).parse(process.env));
  // Each tenant's data goes to its own placement (a dedicated tenant's databases, or the pool).
  const models = placedCommandModels(own, core, (connection) => createServiceModels(connection));
  let created = 0;
  try {
    for (const tenant of tenants) created += (await seedService(await models.of(tenant.id), [tenant], new Date(), documents)).created;
  } finally {
    await models.close();
  }
  return [`demo service data ready (${created} records created)`, ...(documents ? [] : ['no DOCUMENT_LINK_SECRET: the demo job photo and signature are left out'])];
});
