import mongoose from 'mongoose';
import { z } from 'zod';
import { APP_TYPES, requirePermission, SLUG_PATTERN, type Lean, singleLine } from '@attunelogic/shared';
import { badInput, conflict, isDuplicateKey, notFound } from '@attunelogic/shared/errors';
import { recordOperatorEvent } from '../audit/audit.service';
import { type CoreContext, type CoreModels } from '../models';
import { type UserDocument } from '../users/users.model';
import { DEFAULT_PLAN, PLACEMENT_MODES, PLAN_PLACEMENT, PLANS, type Plan } from '@attunelogic/shared/tenancy';
import { PAYMENT_STATUSES, type PaymentStatus, type TenantDocument } from './tenants.model';

type Tenant = Lean<TenantDocument>;

/**
 * The tenant the request is for. Tenants are not tenant-owned data, so there is no `byId` loader:
 * this per-request loader can only ever return the caller's own tenant, whatever key it is asked for.
 */
export async function currentTenant(ctx: CoreContext): Promise<Tenant> {
  const { Tenant } = ctx.models;
  const loader = ctx.loaders.custom<string, Tenant | null>('Tenant.current', async (tenant, keys) => {
    const own = mongoose.isObjectIdOrHexString(tenant.tenantId) ? await Tenant.findById(tenant.tenantId).lean<Tenant>() : null;
    return keys.map((key) => (key === tenant.tenantId ? own : null));
  });
  const tenant = await loader.load(ctx.tenant.tenantId);
  if (!tenant) throw notFound('Tenant');
  return tenant;
}

const tenantName = singleLine(100);

/** Renames the caller's tenant (permission tenant:write: owners only). */
export async function renameTenant(ctx: CoreContext, rawName: unknown): Promise<Tenant> {
  requirePermission(ctx.tenant, 'tenant:write');
  const name = tenantName.parse(rawName);
  const _id = new mongoose.Types.ObjectId(ctx.tenant.tenantId);
  const before = await ctx.models.Tenant.findById(_id).lean<Tenant>();
  if (!before) throw notFound('Tenant');
  const after = await ctx.models.Tenant.findOneAndUpdate({ _id }, { $set: { name } }, { returnDocument: 'after', runValidators: true }).lean<Tenant>();
  if (!after) throw notFound('Tenant');
  ctx.audit.record('Tenant', ctx.tenant.tenantId, { ...before }, { ...after });
  return after;
}

// --- Operators' lifecycle (the `tenant` script). Not exposed through GraphQL: a tenant cannot
// --- suspend, reinstate or bill itself. Each change writes an audit event into the tenant's chain.

const provisionInput = z.object({
  slug: z.string().regex(SLUG_PATTERN, 'A slug is 3-63 lowercase letters, digits and hyphens, not starting or ending with a hyphen.'),
  name: tenantName,
  appType: z.enum(APP_TYPES),
  paymentStatus: z.enum(PAYMENT_STATUSES).default('trialing'),
  plan: z.enum(PLANS).default(DEFAULT_PLAN),
  /** The tenant's databases; by default the plan's (PLAN_PLACEMENT: enterprise tenants get their own). */
  placement: z.enum(PLACEMENT_MODES).optional(),
  owner: z.object({
    email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
    name: singleLine(100),
  }),
});

export type CreateTenantInput = z.input<typeof provisionInput>;

/** Operators' input parsed like GraphQL input: every problem as a `BAD_USER_INPUT` with its issues. */
function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw badInput('Invalid input.', { issues: result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })) });
  }
  return result.data;
}

export interface TenantChange {
  readonly before: Tenant;
  readonly after: Tenant;
}

/**
 * Provisions a new tenant with its first owner. A slug in use is `CONFLICT`; invalid input is
 * `BAD_USER_INPUT` before anything is written. Without transactions, a failure to create the owner removes the
 * tenant again, so no tenant is left without an owner.
 */
export async function createTenant(models: CoreModels, raw: CreateTenantInput, actor: string): Promise<{ tenant: Tenant; owner: Lean<UserDocument> }> {
  const input = parseInput(provisionInput, raw);
  await Promise.all([models.Tenant.init(), models.User.init()]);
  let tenant: Tenant;
  try {
    const created = await models.Tenant.create({
      slug: input.slug,
      name: input.name,
      appType: input.appType,
      paymentStatus: input.paymentStatus,
      plan: input.plan,
      placement: { mode: input.placement ?? PLAN_PLACEMENT[input.plan], version: 0, moving: null },
      active: true,
    });
    tenant = created.toObject<Tenant>();
  } catch (error) {
    if (isDuplicateKey(error)) throw conflict(`A tenant with the slug ${input.slug} already exists.`, { field: 'slug' });
    throw error;
  }
  let owner: Lean<UserDocument>;
  try {
    const created = await models.User.create({ parentCompany: tenant._id, email: input.owner.email, name: input.owner.name, roles: ['owner'], active: true });
    owner = created.toObject<Lean<UserDocument>>();
  } catch (error) {
    await models.Tenant.deleteOne({ _id: tenant._id });
    throw error;
  }
  const tenantId = tenant._id.toHexString();
  await recordOperatorEvent(models.audit, tenantId, {
    actor,
    operation: 'provisionTenant',
    targetType: 'Tenant',
    targetId: tenantId,
    before: null,
    after: { ...tenant },
  });
  await recordOperatorEvent(models.audit, tenantId, {
    actor,
    operation: 'createUser',
    targetType: 'User',
    targetId: owner._id.toHexString(),
    before: null,
    after: { ...owner },
  });
  return { tenant, owner };
}

async function changeTenant(
  models: CoreModels,
  slug: string,
  set: Partial<Pick<TenantDocument, 'active' | 'paymentStatus' | 'name' | 'plan'>>,
  operation: string,
  actor: string,
): Promise<TenantChange> {
  const before = await models.Tenant.findOne({ slug }).lean<Tenant>();
  if (!before) throw notFound('Tenant', slug);
  const after = await models.Tenant.findOneAndUpdate({ _id: before._id }, { $set: set }, { returnDocument: 'after', runValidators: true }).lean<Tenant>();
  if (!after) throw notFound('Tenant', slug);
  const tenantId = before._id.toHexString();
  await recordOperatorEvent(models.audit, tenantId, { actor, operation, targetType: 'Tenant', targetId: tenantId, before: { ...before }, after: { ...after } });
  return { before, after };
}

/** Lets the tenant's users in again (the gateway notices within its cache lifetime). */
export const activateTenant = (models: CoreModels, slug: string, actor: string): Promise<TenantChange> =>
  changeTenant(models, slug, { active: true }, 'activateTenant', actor);

/** Shuts the tenant out: every request is TENANT_INACTIVE at the gateway within its cache lifetime. Nothing is deleted. */
export const deactivateTenant = (models: CoreModels, slug: string, actor: string): Promise<TenantChange> =>
  changeTenant(models, slug, { active: false }, 'deactivateTenant', actor);

/** `past_due` makes the tenant read-only (402 on mutations); `canceled` shuts it out like deactivation. */
export async function setPaymentStatus(models: CoreModels, slug: string, status: PaymentStatus, actor: string): Promise<TenantChange> {
  return changeTenant(models, slug, { paymentStatus: parseInput(z.enum(PAYMENT_STATUSES), status) }, 'setPaymentStatus', actor);
}

export async function renameTenantBySlug(models: CoreModels, slug: string, name: string, actor: string): Promise<TenantChange> {
  return changeTenant(models, slug, { name: parseInput(tenantName, name) }, 'renameTenant', actor);
}

/** Puts the tenant on a plan: its budgets at the gateway (shared/src/tenancy/plans.ts), within the gateway's cache lifetime. */
export async function setPlan(models: CoreModels, slug: string, plan: Plan, actor: string): Promise<TenantChange> {
  return changeTenant(models, slug, { plan: parseInput(z.enum(PLANS), plan) }, 'setPlan', actor);
}
