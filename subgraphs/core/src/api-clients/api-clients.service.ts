import { z } from 'zod';
import { paginate, requirePermission, singleLine, type Connection, type ConnectionArgs, type Lean } from '@attunelogic/shared';
import { badInput, forbidden } from '@attunelogic/shared/errors';
import { parseId } from '@attunelogic/shared/mongo';
import { createOwned, findOwned, updateOwned } from '@attunelogic/shared/subgraph';
import { hashClientSecret, newClientSecret } from '@attunelogic/shared/tenancy';
import { auditFailure } from '../audit/audit.service';
import { type CoreContext } from '../models';
import { assertMayChangeRoles, assertMayManage, parseRoles } from '../users/roles';
import { API_CLIENT_ROLES, type ApiClientDocument } from './api-clients.model';

type ApiClient = Lean<ApiClientDocument>;

/** A client and its secret: the one answer that carries the secret. */
export interface ApiClientSecretView {
  client: ApiClient;
  secret: string;
}

/** What the audit log keeps of a client: everything but the hash of its secret. */
const auditView = ({ secretHash: _secretHash, ...client }: ApiClient): Record<string, unknown> => ({ ...client });

/**
 * API clients are managed by the tenant's owners and admins (`users:manage`), people only: a client
 * cannot mint, rotate or revoke clients (its principal is not one of the tenant's users).
 */
async function requirePersonWhoManages(ctx: CoreContext): Promise<void> {
  requirePermission(ctx.tenant, 'users:manage');
  const person = await ctx.loaders.byId(ctx.models.User).load(ctx.tenant.userId);
  if (!person?.active) throw forbidden('API clients are managed by people of the tenant, not by API clients.');
}

/** The tenant's API clients, newest first, revoked ones included. */
export async function listApiClients(ctx: CoreContext, args: ConnectionArgs): Promise<Connection<ApiClient>> {
  await requirePersonWhoManages(ctx);
  return paginate(ctx.models.ApiClient, ctx.tenant, {}, args);
}

const createInput = z.object({ name: singleLine(100), roles: z.array(z.string()) });

/** The scopes of a client: roles of the tenant's industry that a client may hold, none above the caller's. */
function parseScopes(ctx: CoreContext, raw: unknown): ApiClientDocument['roles'] {
  const roles = parseRoles(ctx.tenant.appType, raw);
  const refused = roles.find((role) => !(API_CLIENT_ROLES as readonly string[]).includes(role));
  if (refused) throw badInput(`An API client cannot hold the role ${refused}: give it ${API_CLIENT_ROLES.join(', ')}.`, { field: 'roles' });
  assertMayChangeRoles(ctx.tenant, [], roles);
  return roles as ApiClientDocument['roles'];
}

/** Creates an API client with scopes no higher than the caller's roles; the secret is returned once, stored hashed. */
export async function createApiClient(ctx: CoreContext, raw: unknown): Promise<ApiClientSecretView> {
  await requirePersonWhoManages(ctx);
  const input = createInput.parse(raw);
  const roles = parseScopes(ctx, input.roles);
  const secret = newClientSecret();
  const client = await createOwned(
    ctx,
    ctx.models.ApiClient,
    { name: input.name, roles, secretHash: hashClientSecret(secret), active: true, rotatedAt: null, revokedAt: null },
    { what: 'ApiClient', audit: auditView, events: [{ type: 'api_client.created', payload: { name: input.name, roles } }] },
  );
  return { client, secret };
}

/** A new secret for an active client; the old one is refused from the next token request on. */
export function rotateApiClientSecret(ctx: CoreContext, id: unknown): Promise<ApiClientSecretView> {
  return auditFailure(ctx, 'ApiClient', id, async () => {
    await requirePersonWhoManages(ctx);
    const before = await findOwned(ctx, ctx.models.ApiClient, parseId(id), 'ApiClient');
    assertMayManage(ctx.tenant, before.roles);
    if (!before.active) throw badInput('A revoked API client cannot be given a new secret; create another one.', { reason: 'REVOKED' });
    const secret = newClientSecret();
    const rotatedAt = ctx.clock.now();
    const client = await updateOwned(
      ctx,
      ctx.models.ApiClient,
      before,
      { $set: { secretHash: hashClientSecret(secret), rotatedAt } },
      {
        what: 'ApiClient',
        guard: { secretHash: before.secretHash, active: true },
        changed: 'The API client was changed by another request; try again.',
        audit: auditView,
        events: [{ type: 'api_client.rotated', payload: { name: before.name, rotatedAt } }],
      },
    );
    return { client, secret };
  });
}

/** Revokes a client: no more tokens, and its tokens are refused at the gateway. Revoking a revoked client changes nothing. */
export function revokeApiClient(ctx: CoreContext, id: unknown): Promise<ApiClient> {
  return auditFailure(ctx, 'ApiClient', id, async () => {
    await requirePersonWhoManages(ctx);
    const before = await findOwned(ctx, ctx.models.ApiClient, parseId(id), 'ApiClient');
    assertMayManage(ctx.tenant, before.roles);
    if (!before.active) {
      ctx.audit.record('ApiClient', before._id.toHexString(), auditView(before), auditView(before));
      return before;
    }
    const revokedAt = ctx.clock.now();
    return updateOwned(
      ctx,
      ctx.models.ApiClient,
      before,
      { $set: { active: false, revokedAt } },
      {
        what: 'ApiClient',
        guard: { active: true },
        changed: 'The API client was changed by another request; try again.',
        audit: auditView,
        events: [{ type: 'api_client.revoked', payload: { name: before.name, revokedAt } }],
      },
    );
  });
}
