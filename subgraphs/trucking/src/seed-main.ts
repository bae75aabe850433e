// `pnpm --filter @attunelogic/subgraph-trucking seed` (spawned by `pnpm seed` once the directory is
// seeded): fleet, drivers and loads for the demo trucking tenants; idempotent.
// `--tenant <slug>` (repeatable) seeds the same data for those tenants of the directory instead (the
// system tests seed a fresh tenant so).
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createDocuments, documentsEnv } from '@attunelogic/shared/documents';
import { runSeedCommand } from '@attunelogic/shared/dev';
import { directoryModels, placedCommandModels, readDemoTenants, readTenants } from '@attunelogic/shared/tenancy';
import { buildDueIndex } from './maintenance/due-index';
import { createTruckingModels } from './models';
import { seedTrucking } from './seed';

const { tenant: slugs = [] } = parseArgs({ options: { tenant: { type: 'string', multiple: true } } }).values;

await runSeedCommand('trucking', async ({ own, core }) => {
  const tenants = slugs.length ? await readTenants(directoryModels(core), slugs) : await readDemoTenants(directoryModels(core));
  // The demo POD photo goes where the subgraph keeps documents (its DOCUMENT_* settings).
  const documents = createDocuments(z.object(documentsEnv).parse(process.env));
  // Each tenant's data goes to its own placement (a dedicated tenant's databases, or the pool).
  const models = placedCommandModels(own, core, (connection) => createTruckingModels(connection));
  // With the due builder on (MAINTENANCE_DUE_BUILD_INTERVAL_MS), the demo's index is built now rather than by its first turns.
  const buildDue = Number(process.env['MAINTENANCE_DUE_BUILD_INTERVAL_MS'] ?? 0) > 0;
  let created = 0;
  let pairs = 0;
  try {
    const placements = new Set<Awaited<ReturnType<typeof models.of>>>();
    for (const tenant of tenants) {
      const placed = await models.of(tenant.id);
      created += (await seedTrucking(placed, [tenant], documents)).created;
      placements.add(placed);
    }
    // The builder works per database (the pool's every tenant at once, a dedicated tenant's own).
    if (buildDue) for (const placed of placements) pairs += (await buildDueIndex(placed)).pairs;
  } finally {
    await models.close();
  }
  return [
    `demo trucking data ready (${created} records created${buildDue ? `, ${pairs} maintenance due pairs` : ''})`,
    ...(documents ? [] : ['no DOCUMENT_LINK_SECRET: the demo POD photo is left out']),
  ];
});
