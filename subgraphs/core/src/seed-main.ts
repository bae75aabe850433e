// `pnpm --filter @attunelogic/subgraph-core seed` (and the first step of `pnpm seed`): the demo
// tenants and their users in the directory; idempotent.
import { runSeedCommand } from '@attunelogic/shared/dev';
import { directoryModels, seedDemoTenants } from '@attunelogic/shared/tenancy';

await runSeedCommand('core', async ({ own }) => {
  const { tenants } = await seedDemoTenants(directoryModels(own));
  return [
    `${tenants.length} demo tenants ready:`,
    ...tenants.map((t) => `  ${t.slug.padEnd(14)} ${t.appType.padEnd(13)} ${t.users.map((u) => u.email.split('@')[0]).join(', ')}`),
  ];
});
