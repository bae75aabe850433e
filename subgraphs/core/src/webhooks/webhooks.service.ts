import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { paginate, requirePermission, singleLine, type Connection, type ConnectionArgs, type Lean } from '@attunelogic/shared';
import { EVENT_TYPES, isEventType } from '@attunelogic/shared/events';
import { createOwned, findOwned, ownedFilter, updateOwned } from '@attunelogic/shared/subgraph';
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
  const endpoint = await createOwned(
    ctx,
    ctx.models.WebhookEndpoint,
    { url: input.url, eventTypes: input.eventTypes, description: input.description ?? null, secret, active: true, disabledReason: null, createdAt: ctx.clock.now() },
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
    { $set: { active, disabledReason: active ? null : 'disabled by a user' } },
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
