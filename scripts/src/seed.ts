import { fileURLToPath } from 'node:url';
import { createCredentialStore } from '@attunelogic/auth';
import { loadEnvFile } from '@attunelogic/shared/env-file';
import { createCoreModels, seedCore } from '@attunelogic/subgraph-core';
import { createTruckingModels, seedTrucking } from '@attunelogic/subgraph-trucking';
import { createServiceModels, seedService } from '@attunelogic/subgraph-service';
import { connectOrExit, devEnv } from './dev-env';

/** The development password of every demo user (README, demo section); public, like the demo data. */
export const DEMO_PASSWORD = 'attunelogic-demo';

/** Creates the demo tenants, users and industry data of the contract, and the demo users' passwords; idempotent. */
export async function runSeed(env: Record<string, string>): Promise<void> {
  const uri = env['MONGODB_URI']!;
  const prefix = env['MONGODB_DB_PREFIX']!;
  const [core, trucking, service, auth] = await Promise.all([
    connectOrExit(uri, `${prefix}-core`),
    connectOrExit(uri, `${prefix}-trucking`),
    connectOrExit(uri, `${prefix}-service`),
    connectOrExit(uri, `${prefix}-auth`),
  ]);
  try {
    const { tenants } = await seedCore(createCoreModels(core));
    await seedTrucking(createTruckingModels(trucking), tenants);
    await seedService(createServiceModels(service), tenants);
    // A password the person has changed since is kept: only users without one get the demo password.
    const credentials = createCredentialStore(auth);
    for (const tenant of tenants) {
      for (const user of tenant.users) {
        if (!(await credentials.get(user.id))) await credentials.setPassword({ tenantId: tenant.id, slug: tenant.slug, userId: user.id }, DEMO_PASSWORD);
      }
    }
    console.log(`seed       demo data ready (every demo user's password: ${DEMO_PASSWORD}):`);
    console.table(tenants.map((t) => ({ slug: t.slug, appType: t.appType, users: t.users.map((u) => u.email.split('@')[0]).join(', ') })));
  } finally {
    await Promise.all([core.close(), trucking.close(), service.close(), auth.close()]);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  loadEnvFile();
  await runSeed(devEnv());
}
