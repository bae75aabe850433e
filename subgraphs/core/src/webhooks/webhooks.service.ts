import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import mongoose from 'mongoose';
import { paginate, requirePermission, singleLine, type Connection, type ConnectionArgs, type Lean } from '@attunelogic/shared';
import { badInput } from '@attunelogic/shared/errors';
import { parseId, tenantScope } from '@attunelogic/shared/mongo';
import { DELIVERY_STATUSES, endpointSecretContext, EVENT_TYPES, isEventType, sealSecret, type WebhookDeliveryDocument } from '@attunelogic/shared/events';
import { createOwned, findOwned, loadOwned, ownedFilter, updateOwned } from '@attunelogic/shared/subgraph';
import { type CoreContext } from '../models';
import { type WebhookEndpointDocument } from './webhooks.model';

export type WebhookEndpoint = Lean<WebhookEndpointDocument>;

const PERMISSION = 'config:write';

const url = z
  .string()
  .max(2_000)
  .refine((value) => {
    try {
      const parsed = new URL(value);
      return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && !parsed.username && !parsed.password;
    } catch {
      return false;
    }
  }, 'must be an http(s) URL without credentials');

const eventTypes = z
  .array(z.string().refine(isEventType, { message: `must be one of ${EVENT_TYPES.join(', ')}` }))
  .min(1)
  .max(EVENT_TYPES.length)
  .transform((types) => [...new Set(types)]);

const createInput = z.object({ url, eventTypes, description: singleLine(200).nullish() });
const updateInput = z.object({ url: url.nullish(), eventTypes: eventTypes.nullish(), description: singleLine(200).nullish() });

/** The view the audit log keeps: never the secret. */
const auditView = ({ secret: _secret, ...endpoint }: WebhookEndpoint): Record<string, unknown> => ({ ...endpoint });

/** A new signing secret: `whsec_` and 32 random bytes in base64 (Standard Webhooks). */
const newSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

export function webhookEventTypes(ctx: CoreContext): string[] {
  requirePermission(ctx.tenant, PERMISSION);
  return EVENT_TYPES;
}

export function listWebhookEndpoints(ctx: CoreContext, args: ConnectionArgs): Promise<Connection<WebhookEndpoint>> {
  requirePermission(ctx.tenant, PERMISSION);
  return paginate(ctx.models.WebhookEndpoint, ctx.tenant, {}, args);
}

/** Registers an endpoint; its secret is in the answer this once. */
export async function createWebhookEndpoint(ctx: CoreContext, raw: unknown): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  requirePermission(ctx.tenant, PERMISSION);
  const input = createInput.parse(raw);
  const secret = newSecret();
  // Stored sealed, bound to this endpoint of this tenant: only the events process opens it, to sign.
  const _id = new mongoose.Types.ObjectId();
  const sealed = sealSecret(ctx.models.webhookSecrets, secret, endpointSecretContext(ctx.tenant.tenantId, _id.toHexString()));
  const endpoint = await createOwned(
    ctx,
    ctx.models.WebhookEndpoint,
    {
      _id,
      url: input.url,
      eventTypes: input.eventTypes,
      description: input.description ?? null,
      secret: sealed,
      active: true,
      disabledReason: null,
      createdAt: ctx.clock.now(),
    },
    { what: 'WebhookEndpoint', audit: auditView },
  );
  return { endpoint, secret };
}

export async function updateWebhookEndpoint(ctx: CoreContext, id: unknown, raw: unknown): Promise<WebhookEndpoint> {
  requirePermission(ctx.tenant, PERMISSION);
  const input = updateInput.parse(raw);
  const before = await findOwned(ctx, ctx.models.WebhookEndpoint, id, 'WebhookEndpoint');
  const set: Partial<WebhookEndpointDocument> = {};
  if (input.url) set.url = input.url;
  if (input.eventTypes) set.eventTypes = input.eventTypes;
  if (input.description !== undefined) set.description = input.description;
  return updateOwned(ctx, ctx.models.WebhookEndpoint, before, { $set: set }, { what: 'WebhookEndpoint', audit: auditView });
}

/** Disables (reason: by a user) or enables an endpoint. */
export async function setWebhookEndpointActive(ctx: CoreContext, id: unknown, active: boolean): Promise<WebhookEndpoint> {
  requirePermission(ctx.tenant, PERMISSION);
  const before = await findOwned(ctx, ctx.models.WebhookEndpoint, id, 'WebhookEndpoint');
  if (before.active === active) return before;
  return updateOwned(
    ctx,
    ctx.models.WebhookEndpoint,
    before,
    // Enabled again, it starts with a clean record: the auto-disable rule counts from here.
    { $set: active ? { active, disabledReason: null, failingSince: null, consecutiveParked: 0 } : { active, disabledReason: 'disabled by a user' } },
    { what: 'WebhookEndpoint', guard: { active: before.active }, audit: auditView },
  );
}

/** Removes an endpoint for good (`NOT_FOUND` for another tenant's or a missing one). */
export async function deleteWebhookEndpoint(ctx: CoreContext, id: unknown): Promise<boolean> {
  requirePermission(ctx.tenant, PERMISSION);
  const before = await findOwned(ctx, ctx.models.WebhookEndpoint, id, 'WebhookEndpoint');
  const { deletedCount } = await ctx.models.WebhookEndpoint.deleteOne(ownedFilter(ctx, before._id));
  const key = before._id.toHexString();
  ctx.loaders.byId(ctx.models.WebhookEndpoint).clear(key);
  ctx.audit.record('WebhookEndpoint', key, auditView(before), null);
  return deletedCount === 1;
}

export type WebhookDelivery = Lean<WebhookDeliveryDocument>;

/** The longest time range one `replayWebhookDeliveries` may cover. */
export const REPLAY_RANGE_MAX_DAYS = 31;

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
const deliveriesArgs = z.object({ status: z.enum(DELIVERY_STATUSES).nullish() });
const replayRange = z.object({ from: instant, to: instant });

/** `[from, to)`, forwards and at most `REPLAY_RANGE_MAX_DAYS` long, or `BAD_USER_INPUT`. */
function parseReplayRange(raw: { from: unknown; to: unknown }): { from: Date; to: Date } {
  const { from, to } = replayRange.parse(raw);
  if (from >= to) throw badInput('"from" must be before "to".', { field: 'to' });
  if (to.getTime() - from.getTime() > REPLAY_RANGE_MAX_DAYS * 24 * 3_600_000) {
    throw badInput(`A replay covers at most ${REPLAY_RANGE_MAX_DAYS} days.`, { field: 'to' });
  }
  return { from, to };
}

/** A delivery queued again from its first attempt: the dispatcher sends it as soon as it passes by, with the same webhook-id. */
const replayUpdate = (now: Date) => ({
  $set: { status: 'pending', attempts: 0, nextAttemptAt: now, leaseOwner: null, leaseUntil: null, updatedAt: now },
  $inc: { replays: 1 },
});

/** An endpoint's deliveries, newest first (`NOT_FOUND` for another tenant's endpoint): one read of the endpoint, one of the page. */
export async function listWebhookDeliveries(ctx: CoreContext, args: ConnectionArgs & { endpointId: unknown; status?: unknown }): Promise<Connection<WebhookDelivery>> {
  requirePermission(ctx.tenant, PERMISSION);
  const endpoint = await loadOwned(ctx, ctx.models.WebhookEndpoint, parseId(args.endpointId, 'endpointId'), 'WebhookEndpoint', 'endpointId');
  const { status } = deliveriesArgs.parse({ status: args.status });
  return paginate(ctx.models.WebhookDelivery, ctx.tenant, { endpoint: endpoint._id, ...(status ? { status } : {}) }, args);
}

/** Queues one delivery again (`NOT_FOUND` for another tenant's). */
export async function replayWebhookDelivery(ctx: CoreContext, id: unknown): Promise<WebhookDelivery> {
  requirePermission(ctx.tenant, PERMISSION);
  const before = await findOwned(ctx, ctx.models.WebhookDelivery, id, 'WebhookDelivery');
  return updateOwned(ctx, ctx.models.WebhookDelivery, before, replayUpdate(ctx.clock.now()), {
    what: 'WebhookDelivery',
    audit: ({ status, attempts, replays, eventId }) => ({ status, attempts, replays, eventId }),
  });
}

/** Queues again every delivery of an endpoint whose event occurred in [from, to); returns how many. */
export async function replayWebhookDeliveries(ctx: CoreContext, args: { endpointId: unknown; from: unknown; to: unknown }): Promise<number> {
  requirePermission(ctx.tenant, PERMISSION);
  const endpointId = parseId(args.endpointId, 'endpointId');
  const { from, to } = parseReplayRange(args);
  const endpoint = await findOwned(ctx, ctx.models.WebhookEndpoint, endpointId, 'WebhookEndpoint');
  const { modifiedCount } = await ctx.models.WebhookDelivery.updateMany(
    { ...tenantScope(ctx.tenant), endpoint: endpoint._id, occurredAt: mongoose.trusted({ $gte: from, $lt: to }) },
    replayUpdate(ctx.clock.now()),
  );
  ctx.audit.record('WebhookEndpoint', endpoint._id.toHexString(), { replayed: null }, { replayed: { from, to, deliveries: modifiedCount } });
  return modifiedCount;
}
