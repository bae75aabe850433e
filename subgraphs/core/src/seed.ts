import { z } from 'zod';
import { APP_TYPES, SLUG_PATTERN, type AppType, type Lean, type SeedTenant } from '@attunelogic/shared';
import { type CoreModels } from './models';
import { PAYMENT_STATUSES, type PaymentStatus, type TenantDocument } from './tenants/tenants.model';
import { ROLES, type Role, type UserDocument } from './users/users.model';

const provisionInput = z.object({
  slug: z.string().regex(SLUG_PATTERN),
  name: z.string().trim().min(1),
  appType: z.enum(APP_TYPES),
  paymentStatus: z.enum(PAYMENT_STATUSES).default('active'),
  active: z.boolean().default(true),
  users: z
    .array(
      z.object({
        email: z.string().trim().toLowerCase().pipe(z.email()),
        name: z.string().trim().min(1),
        roles: z.array(z.enum(ROLES)),
        active: z.boolean().default(true),
      }),
    )
    .default([]),
});

export type ProvisionTenantInput = z.input<typeof provisionInput>;

export interface ProvisionedUser {
  readonly id: string;
  readonly email: string;
  readonly roles: readonly Role[];
}

/** A provisioned tenant; what the industry subgraphs' seeds take (`SeedTenant`), with typed roles. */
export interface ProvisionedTenant extends SeedTenant {
  readonly users: readonly ProvisionedUser[];
}

export interface CoreSeed {
  tenants: ProvisionedTenant[];
}

// Upserts, not transactions: FerretDB has none, and an upsert keyed by the natural key is what makes
// provisioning safe to repeat.
const UPSERT = { upsert: true, returnDocument: 'after', runValidators: true, setDefaultsOnInsert: true } as const;

/**
 * Creates a tenant and its users, or brings existing ones (same slug; same tenant and email) back to
 * the given state. Used by the seed and by tests, which provision a fresh tenant each.
 */
export async function provisionTenant(models: CoreModels, input: ProvisionTenantInput): Promise<ProvisionedTenant> {
  const { slug, name, appType, paymentStatus, active, users } = provisionInput.parse(input);
  // The unique indexes must exist before the first upsert, or a repeated run could insert twice.
  await Promise.all([models.Tenant.init(), models.User.init()]);

  const tenant = await models.Tenant.findOneAndUpdate({ slug }, { $set: { name, appType, paymentStatus, active } }, UPSERT).lean<Lean<TenantDocument>>();
  if (!tenant) throw new Error(`upsert of tenant ${slug} returned nothing`);
  const parentCompany = tenant._id;

  const provisioned = await Promise.all(
    users.map(async (user) => {
      const doc = await models.User.findOneAndUpdate(
        { parentCompany, email: user.email },
        { $set: { name: user.name, roles: user.roles, active: user.active } },
        UPSERT,
      ).lean<Lean<UserDocument>>();
      if (!doc) throw new Error(`upsert of user ${user.email} returned nothing`);
      return { id: doc._id.toHexString(), email: doc.email, roles: doc.roles };
    }),
  );
  return { id: parentCompany.toHexString(), slug: tenant.slug, appType: tenant.appType, users: provisioned };
}

/** The demo tenants of the contract (docs/CONTRACT.md, "Demo data"). */
export const DEMO_TENANTS = [
  { slug: 'acme-trucking', name: 'Acme Trucking', appType: 'trucking' },
  { slug: 'beta-freight', name: 'Beta Freight', appType: 'trucking' },
  { slug: 'rapid-repair', name: 'Rapid Repair', appType: 'serviceRepair' },
  { slug: 'fixit-pros', name: 'FixIt Pros', appType: 'serviceRepair' },
  { slug: 'late-payer', name: 'Late Payer Logistics', appType: 'trucking', paymentStatus: 'past_due' },
  { slug: 'dormant-co', name: 'Dormant Co', appType: 'serviceRepair', active: false },
] as const satisfies readonly { slug: string; name: string; appType: AppType; paymentStatus?: PaymentStatus; active?: boolean }[];

const OFFICE_STAFF = [
  { mailbox: 'owner', name: 'Olivia Owens', roles: ['owner'] },
  { mailbox: 'admin', name: 'Aaron Adams', roles: ['admin'] },
  { mailbox: 'dispatcher', name: 'Dana Diaz', roles: ['dispatcher'] },
  { mailbox: 'viewer', name: 'Victor Vance', roles: ['viewer'] },
] as const satisfies readonly { mailbox: string; name: string; roles: readonly Role[] }[];

const FIELD_STAFF = {
  trucking: { mailbox: 'driver', name: 'Drew Dawson', roles: ['driver'] },
  serviceRepair: { mailbox: 'tech', name: 'Terry Tran', roles: ['technician'] },
} as const satisfies Record<AppType, { mailbox: string; name: string; roles: readonly Role[] }>;

const demoUsers = (slug: string, appType: AppType) =>
  [...OFFICE_STAFF, FIELD_STAFF[appType]].map((user) => ({ email: `${user.mailbox}@${slug}.test`, name: user.name, roles: [...user.roles] }));

/**
 * Upserts the demo tenants and their users; running it again changes nothing. Returns ids so the
 * other subgraphs' seeds can create industry data for the same tenants and users.
 */
export async function seedCore(models: CoreModels): Promise<CoreSeed> {
  const tenants: ProvisionedTenant[] = [];
  // One tenant after the other keeps the seed's output and log order stable.
  for (const demo of DEMO_TENANTS) {
    tenants.push(await provisionTenant(models, { ...demo, users: demoUsers(demo.slug, demo.appType) }));
  }
  return { tenants };
}
