import { fileURLToPath } from 'node:url';
import { loadEnvFile } from '@attunelogic/shared/env-file';
import { createCoreModels, seedCore } from '@attunelogic/subgraph-core';
import { createTruckingModels, seedTrucking } from '@attunelogic/subgraph-trucking';
import { createServiceModels, seedService } from '@attunelogic/subgraph-service';
import { connectOrExit, devEnv } from './dev-env';

/** Creates the demo tenants, users and industry data of the contract; idempotent. */
export async function runSeed(env: Record<string, string>): Promise<void> {
  const uri = env['MONGODB_URI']!;
  const prefix = env['MONGODB_DB_PREFIX']!;
  const [core, trucking, service] = await Promise.all([
    connectOrExit(uri, `${prefix}-core`),
    connectOrExit(uri, `${prefix}-trucking`),
    connectOrExit(uri, `${prefix}-service`),
  ]);
  try {
    const { tenants } = await seedCore(createCoreModels(core));
    await seedTrucking(createTruckingModels(trucking), tenants);
    await seedService(createServiceModels(service), tenants);
    console.log('seed       demo data ready:');
    console.table(tenants.map((t) => ({ slug: t.slug, appType: t.appType, users: t.users.map((u) => u.email.split('@')[0]).join(', ') })));
  } finally {
    await Promise.all([core.close(), trucking.close(), service.close()]);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  loadEnvFile();
  await runSeed(devEnv());
}
