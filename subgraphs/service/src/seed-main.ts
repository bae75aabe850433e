// `pnpm --filter @attunelogic/subgraph-service seed` (spawned by `pnpm seed` once the directory is
// seeded): service areas, technicians, customers, inventory and work orders for the demo service
// tenants; idempotent.
import { runSeedCommand } from '@attunelogic/shared/dev';
import { directoryModels, readDemoTenants } from '@attunelogic/shared/tenancy';
import { createServiceModels } from './models';
import { seedService } from './seed';

await runSeedCommand('service', async ({ own, core }) => {
  const { created } = await seedService(createServiceModels(own), await readDemoTenants(directoryModels(core)));
  return [`demo service data ready (${created} records created)`];
});
