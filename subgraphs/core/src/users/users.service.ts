import mongoose from 'mongoose';
import { z } from 'zod';
import { paginate, requirePermission, ROLES, singleLine, type Connection, type ConnectionArgs, type Lean } from '@attunelogic/shared';
import { conflict, notFound } from '@attunelogic/shared/errors';
import { parseId, tenantScope } from '@attunelogic/shared/mongo';
import { type EventDraft } from '@attunelogic/shared/events';
import { createOwned, findOwned, loadOwned, updateOwned } from '@attunelogic/shared/subgraph';
import { auditFailure } from '../audit/audit.service';
import { type CoreContext } from '../models';
import { withOwnerLease } from './owner-lease';
import { assertMayChangeRoles, assertMayManage, parseRoles } from './roles';
import { type UserDocument } from './users.model';

type User = Lean<UserDocument>;

/** The signed-in user (or API client). The gateway has verified membership; a miss here means the principal was just removed. */
export async function currentUser(ctx: CoreContext): Promise<User> {
  const user = await principal(ctx, ctx.tenant.userId);
  if (!user) throw notFound('User');
  return user;
}

/**
 * A user referenced by another subgraph. Through the loader, so twenty references cost one query;
 * another tenant's id (or no valid id at all) is `null`, as for a missing user.
 */
export const userReference = (ctx: CoreContext, id: unknown): Promise<User | null> => (typeof id === 'string' ? principal(ctx, id) : Promise.resolve(null));

/**
 * The user behind an id, or the tenant's API client of that id shown as one (an API client is the
 * principal of what it does: `createdBy` of its records, the actor of its audit events). Its name
 * says it is a client; it has no email.
 */
async function principal(ctx: CoreContext, id: string): Promise<User | null> {
  const user = await ctx.loaders.byId(ctx.models.User).load(id);
  if (user) return user;
  const client = await ctx.loaders.byId(ctx.models.ApiClient).load(id);
  if (!client) return null;
  return {
    _id: client._id,
    parentCompany: client.parentCompany,
    email: '',
    name: `${client.name} (API client)`,
    roles: client.roles,
    active: client.active,
    createdAt: client.createdAt,
    updatedAt: client.updatedAt,
  } as User;
}

/**
 * The fields of a user that only callers who may read users (`users:read`) see, whoever reached the
 * user: `user`, `users`, or a reference (`createdBy`, `driver.user`, ...) from any subgraph. The
 * caller's own record is excepted; `id` and `name` are what every member of the tenant sees on records.
 */
export function readableField<T>(ctx: CoreContext, user: User, value: T): T {
  if (user._id.toHexString() === ctx.tenant.userId) return value;
  requirePermission(ctx.tenant, 'users:read');
  return value;
}

const userFilter = z
  .object({
    role: z.enum(ROLES).nullish(),
    active: z.boolean().nullish(),
    search: singleLine(100).nullish(),
  })
  .nullish();

export type UserFilter = z.input<typeof userFilter>;

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The tenant's users, newest first; by role, active state, or a case-insensitive part of name or email. */
export async function listUsers(ctx: CoreContext, args: ConnectionArgs & { filter?: UserFilter }): Promise<Connection<User>> {
  requirePermission(ctx.tenant, 'users:read');
  const filter = userFilter.parse(args.filter);
  const query: Record<string, unknown> = {};
  if (filter?.role) query['roles'] = filter.role;
  if (filter?.active !== undefined && filter?.active !== null) query['active'] = filter.active;
  if (filter?.search) {
    const pattern = mongoose.trusted({ $regex: escapeRegex(filter.search), $options: 'i' });
    query['$or'] = [{ name: pattern }, { email: pattern }];
  }
  return paginate(ctx.models.User, ctx.tenant, query, args);
}

/** One of the tenant's users; `NOT_FOUND` when missing or another tenant's. */
export async function getUser(ctx: CoreContext, id: unknown): Promise<User> {
  requirePermission(ctx.tenant, 'users:read');
  return loadOwned(ctx, ctx.models.User, id, 'User');
}

const createUserInput = z.object({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
  name: singleLine(100),
  roles: z.array(z.string()),
});

export type CreateUserInput = z.input<typeof createUserInput>;

/** Adds a user to the tenant with roles no higher than the caller's; an email already used in the tenant is `CONFLICT`. */
export async function createUser(ctx: CoreContext, raw: unknown): Promise<User> {
  requirePermission(ctx.tenant, 'users:manage');
  const input = createUserInput.parse(raw);
  const roles = parseRoles(ctx.tenant.appType, input.roles);
  assertMayChangeRoles(ctx.tenant, [], roles);
  return createOwned(
    ctx,
    ctx.models.User,
    { email: input.email, name: input.name, roles, active: true },
    {
      what: 'User',
      duplicate: () => conflict(`A user with the email ${input.email} already exists in this tenant.`, { field: 'email' }),
      events: [{ type: 'user.created', payload: { email: input.email, name: input.name, roles } }],
    },
  );
}

/**
 * Gives a user a new set of roles. The write is guarded by the roles and state it was decided on,
 * so a concurrent change makes it `CONFLICT` instead of silently overriding the checks; removing the
 * owner role from an active owner holds the tenant's owner lease and keeps at least one owner.
 */
export function updateUserRoles(ctx: CoreContext, id: unknown, rawRoles: unknown): Promise<User> {
  return auditFailure(ctx, 'User', id, async () => {
    requirePermission(ctx.tenant, 'users:manage');
    const _id = parseId(id);
    const roles = parseRoles(ctx.tenant.appType, rawRoles);
    const before = await findUser(ctx, _id);
    assertMayChangeRoles(ctx.tenant, before.roles, roles);
    const same = roles.length === before.roles.length && roles.every((role, i) => role === before.roles[i]);
    if (same) {
      ctx.audit.record('User', _id.toHexString(), { ...before }, { ...before });
      return before;
    }
    const removesOwner = before.active && before.roles.includes('owner') && !roles.includes('owner');
    return changeUser(ctx, before, { roles }, removesOwner);
  });
}

/** Deactivates a user: their tokens stop working at the gateway within its cache lifetime. The last active owner stays. */
export function deactivateUser(ctx: CoreContext, id: unknown): Promise<User> {
  return auditFailure(ctx, 'User', id, async () => {
    requirePermission(ctx.tenant, 'users:manage');
    const before = await findUser(ctx, parseId(id));
    assertMayManage(ctx.tenant, before.roles);
    if (!before.active) {
      ctx.audit.record('User', before._id.toHexString(), { ...before }, { ...before });
      return before;
    }
    return changeUser(ctx, before, { active: false }, before.roles.includes('owner'));
  });
}

/** Reactivates a deactivated user (a no-op for an active one). */
export function reactivateUser(ctx: CoreContext, id: unknown): Promise<User> {
  return auditFailure(ctx, 'User', id, async () => {
    requirePermission(ctx.tenant, 'users:manage');
    const before = await findUser(ctx, parseId(id));
    assertMayManage(ctx.tenant, before.roles);
    if (before.active) {
      ctx.audit.record('User', before._id.toHexString(), { ...before }, { ...before });
      return before;
    }
    return changeUser(ctx, before, { active: true }, false);
  });
}

const findUser = (ctx: CoreContext, _id: mongoose.Types.ObjectId): Promise<User> => findOwned(ctx, ctx.models.User, _id, 'User');

/** The events of a change of a user: its roles, its deactivation or reactivation. */
function userEvents(before: User, set: Partial<Pick<UserDocument, 'roles' | 'active'>>): EventDraft[] {
  const { email } = before;
  return [
    ...(set.roles ? [{ type: 'user.roles_changed' as const, payload: { email, from: [...before.roles], to: [...set.roles] } }] : []),
    ...(set.active === false ? [{ type: 'user.deactivated' as const, payload: { email } }] : []),
    ...(set.active === true ? [{ type: 'user.reactivated' as const, payload: { email } }] : []),
  ];
}

/**
 * Writes a change decided on `before`, only if the user still has the roles and state it was
 * decided on. When the change removes an active owner, it runs under the owner lease and only
 * while another active owner remains.
 */
async function changeUser(ctx: CoreContext, before: User, set: Partial<Pick<UserDocument, 'roles' | 'active'>>, removesOwner: boolean): Promise<User> {
  const { User: model, Tenant } = ctx.models;
  const write = () =>
    updateOwned(
      ctx,
      model,
      before,
      { $set: set },
      {
        what: 'User',
        guard: { roles: before.roles, active: before.active },
        changed: 'The user was changed by another request; try again.',
        events: userEvents(before, set),
      },
    );

  if (!removesOwner) return write();
  return withOwnerLease(Tenant, ctx.tenant.tenantId, async () => {
    const others = await model.countDocuments({ ...tenantScope(ctx.tenant), roles: 'owner', active: true, _id: mongoose.trusted({ $ne: before._id }) });
    if (others === 0) throw conflict('The last active owner of a tenant cannot be removed or deactivated.', { reason: 'LAST_OWNER' });
    return write();
  });
}
