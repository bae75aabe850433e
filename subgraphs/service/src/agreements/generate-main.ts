// `pnpm --filter @attunelogic/subgraph-service generate-agreements`: tops up the work orders of every
// service agreement in force to the 60-day horizon, for every serviceRepair tenant of the directory
// (`--tenant <slug>`, repeatable: only those). Run daily by the operator's scheduler; idempotent.
import { parseArgs } from 'node:util';
import { createLogger, systemClock } from '@attunelogic/shared';
import { openCommandDatabases } from '@attunelogic/shared/dev';
import { directoryModels, placedCommandModels } from '@attunelogic/shared/tenancy';
import { createServiceModels } from '../models';
import { generateForTenant } from './generator';

const { tenant: slugs = [] } = parseArgs({ options: { tenant: { type: 'string', multiple: true } } }).values;
const databases = await openCommandDatabases('generate-agreements', ['service', 'core']);
try {
  const { Tenant } = directoryModels(databases.core);
  const tenants = await Tenant.find({ appType: 'serviceRepair', active: true, ...(slugs.length > 0 && { slug: { $in: slugs } }) })
    .select({ slug: 1, metadata: 1 })
    .lean();
  // Every tenant in its own placement: a dedicated tenant's agreements are in its own database.
  const models = placedCommandModels(databases.service, databases.core, (connection) => createServiceModels(connection, databases.core));
  const log = createLogger('generate-agreements');
  for (const tenant of tenants) {
    const deps = { models: await models.of(tenant._id.toHexString()), clock: systemClock, log };
    const run = await generateForTenant(deps, { id: tenant._id.toHexString(), slug: tenant.slug, metadata: tenant.metadata });
    console.log(`${tenant.slug}: ${run.agreements} agreements, ${run.created} work orders created, ${run.refused} occurrences refused`);
  }
  await models.close();
} finally {
  await databases.close();
}
