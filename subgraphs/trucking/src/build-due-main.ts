// `pnpm --filter @attunelogic/subgraph-trucking build-due`: runs the maintenance due builder until
// no tenant has work left (an existing deployment's backfill, or after a bulk import), then exits.
// The running subgraph does the same in the background; this is for operators and scripts.
import { runSeedCommand } from '@attunelogic/shared/dev';
import { buildDueIndex } from './maintenance/due-index';
import { createTruckingModels } from './models';

await runSeedCommand('trucking', async ({ own, core }) => {
  const models = createTruckingModels(own, core);
  await Promise.all([models.MaintenanceDuePoint.init(), models.MaintenanceDueBuild.init()]);
  const { turns, vehicles, pairs } = await buildDueIndex(models);
  return [`maintenance due index built: ${vehicles} vehicles recomputed, ${pairs} pairs written, in ${turns} turns`];
});
