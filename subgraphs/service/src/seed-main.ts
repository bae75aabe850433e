// `pnpm --filter @attunelogic/subgraph-service seed` (spawned by `pnpm seed` once the directory is
// seeded): service areas, technicians, customers, inventory and work orders for the demo service
// tenants; idempotent.
// `--tenant <slug>` (repeatable) seeds the same data for those tenants of the directory instead (the
// system tests seed a fresh tenant so).
import { parseArgs } from 'node:util';
import { runSeedCommand } from '@attunelogic/shared/dev';
import { directoryModels, placedCommandModels, readDemoTenants, readTenants } from '@attunelogic/shared/tenancy';
import { createServiceModels } from './models';
import { seedService } from './seed';

const { tenant: slugs = [] } = parseArgs({ options: { tenant: { type: 'string', multiple: true } } }).values;

await runSeedCommand('service', async ({ own, core }) => {
  const tenants = slugs.length ? await readTenants(directoryModels(core), slugs) : await readDemoTenants(directoryModels(core));
  // Each tenant's data goes to its own placement (a dedicated tenant's databases, or the pool).
  const models = placedCommandModels(own, core, (connection) => createServiceModels(connection));
  let created = 0;
  try {
    for (const tenant of tenants) created += (await seedService(await models.of(tenant.id), [tenant])).created;
  } finally {
    await models.close();
  }
  return [`demo service data ready (${created} records created)`];
});
