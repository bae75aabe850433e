import mongoose from 'mongoose';
import { type WebhookDeliveryModel } from '@attunelogic/shared/events';
import { type ProvisionedTenant } from '@attunelogic/shared/tenancy';
import { type WebhookEndpointModel } from './webhooks.model';

/**
 * The demo partner's webhook endpoint of acme-trucking, with a public development secret (like the
 * demo partner's client secret) and a short delivery log: one delivered, one parked. It is seeded
 * disabled — its URL reaches no one — so a newcomer points it at a receiver, enables it and replays.
 */
export const DEMO_WEBHOOK_ENDPOINT = {
  id: '64e000000000000000000001',
  tenant: 'acme-trucking',
  url: 'https://partner.example/acme/webhooks',
  eventTypes: ['load.created', 'load.status_changed', 'load.delivered'],
  secret: `whsec_${Buffer.from('attunelogic-demo-webhook-secret!').toString('base64')}`,
} as const;

/** Upserts the demo endpoint and its two deliveries; idempotent. */
export async function seedDemoWebhooks(endpoints: WebhookEndpointModel, deliveries: WebhookDeliveryModel, tenants: readonly ProvisionedTenant[]): Promise<void> {
  const tenant = tenants.find((t) => t.slug === DEMO_WEBHOOK_ENDPOINT.tenant);
  const owner = tenant?.users.find((u) => u.roles.includes('owner'));
  if (!tenant || !owner) throw new Error(`the demo tenant ${DEMO_WEBHOOK_ENDPOINT.tenant} and its owner must be seeded first`);
  const parentCompany = new mongoose.Types.ObjectId(tenant.id);
  const endpoint = new mongoose.Types.ObjectId(DEMO_WEBHOOK_ENDPOINT.id);
  const createdAt = new Date('2026-01-05T08:00:00Z');
  await endpoints.updateOne(
    { _id: endpoint, parentCompany },
    {
      $set: { url: DEMO_WEBHOOK_ENDPOINT.url, eventTypes: [...DEMO_WEBHOOK_ENDPOINT.eventTypes], secret: DEMO_WEBHOOK_ENDPOINT.secret },
      $setOnInsert: {
        description: 'Demo partner (seeded): point it at your receiver, enable it, replay',
        active: false,
        disabledReason: 'seeded disabled: its URL reaches no one',
        createdBy: new mongoose.Types.ObjectId(owner.id),
        createdAt,
      },
    },
    { upsert: true },
  );
  const demo = [
    { id: '64e000000000000000000011', status: 'succeeded', code: 204, error: null, at: new Date('2026-01-05T09:00:00Z') },
    { id: '64e000000000000000000012', status: 'parked', code: 503, error: 'HTTP 503', at: new Date('2026-01-05T10:00:00Z') },
  ] as const;
  for (const { id, status, code, error, at } of demo) {
    const eventId = `evt_${id}`;
    const event = {
      id: eventId,
      type: 'load.status_changed' as const,
      version: 1,
      tenant: tenant.id,
      occurredAt: at,
      subject: { type: 'Load', id },
      payload: { from: 'assigned', to: 'in_transit' },
    };
    await deliveries.updateOne(
      { _id: new mongoose.Types.ObjectId(id), parentCompany },
      {
        $setOnInsert: {
          endpoint,
          eventId,
          eventType: event.type,
          occurredAt: at,
          event,
          status,
          attempts: status === 'parked' ? 8 : 1,
          nextAttemptAt: null,
          leaseOwner: null,
          leaseUntil: null,
          lastAttemptAt: at,
          lastResponseCode: code,
          lastError: error,
          succeededAt: status === 'succeeded' ? at : null,
          replays: 0,
          createdAt: at,
          updatedAt: at,
        },
      },
      { upsert: true },
    );
  }
}
