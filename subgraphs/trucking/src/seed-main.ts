// `pnpm --filter @attunelogic/subgraph-trucking seed` (spawned by `pnpm seed` once the directory is
// seeded): fleet, drivers and loads for the demo trucking tenants; idempotent.
import { runSeedCommand } from '@attunelogic/shared/dev';
import { directoryModels, readDemoTenants } from '@attunelogic/shared/tenancy';
import { createTruckingModels } from './models';
import { seedTrucking } from './seed';

await runSeedCommand('trucking', async ({ own, core }) => {
  const { created } = await seedTrucking(createTruckingModels(own), await readDemoTenants(directoryModels(core)));
  return [`demo trucking data ready (${created} records created)`];
});
