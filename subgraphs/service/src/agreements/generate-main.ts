// `pnpm --filter @attunelogic/subgraph-service generate-agreements`: tops up the work orders of every
// service agreement in force to the 60-day horizon, for every serviceRepair tenant of the directory
// (`--tenant <slug>`, repeatable: only those). Run daily by the operator's scheduler; idempotent.
import { parseArgs } from 'node:util';
import { createLogger, systemClock } from '@attunelogic/shared';
import { openCommandDatabases } from '@attunelogic/shared/dev';
import { directoryModels } from '@attunelogic/shared/tenancy';
import { createServiceModels } from '../models';
import { generateForTenant } from './generator';

const { tenant: slugs = [] } = parseArgs({ options: { tenant: { type: 'string', multiple: true } } }).values;
const databases = await openCommandDatabases('generate-agreements', ['service', 'core']);
try {
  const { Tenant } = directoryModels(databases.core);
  const tenants = await Tenant.find({ appType: 'serviceRepair', active: true, ...(slugs.length > 0 && { slug: { $in: slugs } }) })
    .select({ slug: 1, metadata: 1 })
    .lean();
  const deps = { models: createServiceModels(databases.service, databases.core), clock: systemClock, log: createLogger('generate-agreements') };
  for (const tenant of tenants) {
    const run = await generateForTenant(deps, { id: tenant._id.toHexString(), slug: tenant.slug, metadata: tenant.metadata });
    console.log(`${tenant.slug}: ${run.agreements} agreements, ${run.created} work orders created, ${run.refused} occurrences refused`);
  }
} finally {
  await databases.close();
}
