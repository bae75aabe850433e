// Provisioning: writing a tenant and its users into the directory, idempotently. The demo seed, the
// system tests and core's own tests create tenants this way; the industry subgraphs' seeds read the
// demo tenants back from the directory (`readDemoTenants`) rather than being handed them.
import mongoose, { type Connection } from 'mongoose';
import { z } from 'zod';
import { type Lean } from '../loaders';
import { ROLES, type Role } from '../permissions';
import { type SeedTenant } from '../seeding';
import { APP_TYPES, SLUG_PATTERN, type AppType } from '../tenant';
import { hashClientSecret, type ApiClientModel } from './api-clients';
import { DEFAULT_PLAN, PLANS, type Plan } from './plans';
import { PLACEMENT_MODES, type PlacementMode } from './placement';
import { PAYMENT_STATUSES, tenantModel, userModel, type PaymentStatus, type TenantDocument, type TenantModel, type UserDocument, type UserModel } from './records';

/** The directory's models provisioning writes through (core's models are such). */
export interface DirectoryModels {
  readonly Tenant: TenantModel;
  readonly User: UserModel;
}

/** The directory's models on a connection to core's database. */
export const directoryModels = (connection: Connection): DirectoryModels => ({ Tenant: tenantModel(connection), User: userModel(connection) });

const provisionInput = z.object({
  slug: z.string().regex(SLUG_PATTERN),
  name: z.string().trim().min(1),
  appType: z.enum(APP_TYPES),
  paymentStatus: z.enum(PAYMENT_STATUSES).default('active'),
  active: z.boolean().default(true),
  plan: z.enum(PLANS).default(DEFAULT_PLAN),
  /** A new tenant's placement (an existing tenant keeps its own: `pnpm tenant move` changes it). */
  placement: z.enum(PLACEMENT_MODES).default('pooled'),
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

export interface DemoSeed {
  tenants: ProvisionedTenant[];
}

// Upserts, not transactions: FerretDB has none, and an upsert keyed by the natural key is what makes
// provisioning safe to repeat.
const UPSERT = { upsert: true, returnDocument: 'after', runValidators: true, setDefaultsOnInsert: true } as const;

/**
 * Creates a tenant and its users, or brings existing ones (same slug; same tenant and email) back to
 * the given state. Used by the seed and by tests, which provision a fresh tenant each.
 */
export async function provisionTenant(models: DirectoryModels, input: ProvisionTenantInput): Promise<ProvisionedTenant> {
  const { slug, name, appType, paymentStatus, active, plan, placement, users } = provisionInput.parse(input);
  // The unique indexes must exist before the first upsert, or a repeated run could insert twice.
  await Promise.all([models.Tenant.init(), models.User.init()]);

  const tenant = await models.Tenant.findOneAndUpdate(
    { slug },
    { $set: { name, appType, paymentStatus, active, plan }, $setOnInsert: { placement: { mode: placement, version: 0, moving: null } } },
    UPSERT,
  ).lean<Lean<TenantDocument>>();
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
  { slug: 'acme-trucking', name: 'Acme Trucking', appType: 'trucking', plan: 'enterprise' },
  { slug: 'beta-freight', name: 'Beta Freight', appType: 'trucking', plan: 'starter' },
  { slug: 'rapid-repair', name: 'Rapid Repair', appType: 'serviceRepair', plan: 'standard' },
  { slug: 'fixit-pros', name: 'FixIt Pros', appType: 'serviceRepair', plan: 'starter' },
  { slug: 'late-payer', name: 'Late Payer Logistics', appType: 'trucking', paymentStatus: 'past_due', plan: 'standard' },
  { slug: 'dormant-co', name: 'Dormant Co', appType: 'serviceRepair', active: false, plan: 'standard' },
  // Its data in databases of its own (placement.ts): the same API, the same demo data.
  { slug: 'summit-haulage', name: 'Summit Haulage', appType: 'trucking', plan: 'enterprise', placement: 'dedicated' },
] as const satisfies readonly {
  slug: string;
  name: string;
  appType: AppType;
  paymentStatus?: PaymentStatus;
  active?: boolean;
  plan: Plan;
  placement?: PlacementMode;
}[];

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
export async function seedDemoTenants(models: DirectoryModels): Promise<DemoSeed> {
  const tenants: ProvisionedTenant[] = [];
  // One tenant after the other keeps the seed's output and log order stable.
  for (const demo of DEMO_TENANTS) {
    tenants.push(await provisionTenant(models, { ...demo, users: demoUsers(demo.slug, demo.appType) }));
  }
  return { tenants };
}

/**
 * The demo tenants of the contract as provisioned in the directory, with their users: what each
 * industry subgraph's seed creates its data for. Throws, naming the command to run, when the
 * directory has not been seeded.
 */
export const readDemoTenants = (models: DirectoryModels): Promise<ProvisionedTenant[]> =>
  readTenants(
    models,
    DEMO_TENANTS.map((demo) => demo.slug),
    (slug) => `the demo tenant ${slug} is not in the directory: run pnpm seed (it seeds the directory first)`,
  );

/**
 * Tenants of the directory by slug, with their users, in the order given (a seed run for named
 * tenants). Throws `missing(slug)` for the first one, in that order, that is not there.
 */
export async function readTenants(
  models: DirectoryModels,
  slugs: readonly string[],
  missing = (slug: string) => `no tenant ${slug} in the directory`,
): Promise<ProvisionedTenant[]> {
  const read = await Promise.allSettled(
    slugs.map(async (slug) => {
      const tenant = await models.Tenant.findOne({ slug }).select({ slug: 1, appType: 1 }).lean<Lean<TenantDocument>>();
      if (!tenant) throw new Error(missing(slug));
      const users = await models.User.find({ parentCompany: tenant._id }).sort({ _id: 1 }).select({ email: 1, roles: 1 }).lean<Lean<UserDocument>[]>();
      return {
        id: tenant._id.toHexString(),
        slug: tenant.slug,
        appType: tenant.appType,
        users: users.map((u) => ({ id: u._id.toHexString(), email: u.email, roles: u.roles })),
      };
    }),
  );
  // The first missing tenant in the order given, whichever read finished first: one message, always the same.
  const failed = read.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return read.map((result) => (result as PromiseFulfilledResult<ProvisionedTenant>).value);
}

/**
 * The demo partner: an API client of acme-trucking with the viewer scope and a public development
 * secret (like the demo users' password), so a newcomer can try client credentials (docs/QUICKSTART.md).
 */
export const DEMO_API_CLIENT = {
  id: '64d000000000000000000001',
  tenant: 'acme-trucking',
  name: 'Demo partner',
  roles: ['viewer'],
  secret: 'attunelogic-demo-partner-secret',
} as const satisfies { id: string; tenant: string; name: string; roles: readonly Role[]; secret: string };

/** Upserts the demo API client (active, its demo secret, its scopes) for the seeded demo tenant; idempotent. */
export async function seedDemoApiClient(model: ApiClientModel, tenants: readonly ProvisionedTenant[]): Promise<void> {
  const tenant = tenants.find((t) => t.slug === DEMO_API_CLIENT.tenant);
  const owner = tenant?.users.find((u) => u.roles.includes('owner'));
  if (!tenant || !owner) throw new Error(`the demo tenant ${DEMO_API_CLIENT.tenant} and its owner must be seeded first`);
  const parentCompany = new mongoose.Types.ObjectId(tenant.id);
  await model.updateOne(
    { _id: new mongoose.Types.ObjectId(DEMO_API_CLIENT.id), parentCompany },
    {
      $set: { name: DEMO_API_CLIENT.name, roles: [...DEMO_API_CLIENT.roles], secretHash: hashClientSecret(DEMO_API_CLIENT.secret), active: true, revokedAt: null },
      $setOnInsert: { createdBy: new mongoose.Types.ObjectId(owner.id), rotatedAt: null },
    },
    { upsert: true, runValidators: true },
  );
}
