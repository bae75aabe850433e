// `pnpm --filter @attunelogic/subgraph-core seed` (and the first step of `pnpm seed`): the demo
// tenants and their users in the directory; idempotent.
import { runSeedCommand } from '@attunelogic/shared/dev';
import { apiClientModel, DEMO_API_CLIENT, directoryModels, seedDemoApiClient, seedDemoTenants } from '@attunelogic/shared/tenancy';
import { webhookDeliveryModel } from '@attunelogic/shared/events';
import { webhookEndpointModel } from './webhooks/webhooks.model';
import { DEMO_WEBHOOK_ENDPOINT, seedDemoWebhooks } from './webhooks/webhooks.seed';

await runSeedCommand('core', async ({ own }) => {
  const { tenants } = await seedDemoTenants(directoryModels(own));
  await seedDemoApiClient(apiClientModel(own), tenants);
  await seedDemoWebhooks(webhookEndpointModel(own), webhookDeliveryModel(own), tenants);
  return [
    `${tenants.length} demo tenants ready:`,
    ...tenants.map((t) => `  ${t.slug.padEnd(14)} ${t.appType.padEnd(13)} ${t.users.map((u) => u.email.split('@')[0]).join(', ')}`),
    `demo API client of ${DEMO_API_CLIENT.tenant} (${DEMO_API_CLIENT.roles.join(', ')}): client_id ${DEMO_API_CLIENT.id}, client_secret ${DEMO_API_CLIENT.secret}`,
    `demo webhook endpoint of ${DEMO_WEBHOOK_ENDPOINT.tenant} (disabled, 2 deliveries in its log): id ${DEMO_WEBHOOK_ENDPOINT.id}, secret ${DEMO_WEBHOOK_ENDPOINT.secret}`,
  ];
});
