import { type AppType } from './tenant';

/** A tenant as the core seed returns it, for the industry subgraphs' seeds: ids of the tenant and its users. */
export interface SeedTenant {
  readonly id: string;
  readonly slug: string;
  readonly appType: AppType;
  readonly users: readonly { readonly id: string; readonly email: string; readonly roles: readonly string[] }[];
}

/** The id of the user a tenant's demo data is created by: its owner. */
export function seedOwner(tenant: SeedTenant): string {
  const owner = tenant.users.find((user) => user.roles.includes('owner'));
  if (!owner) throw new Error(`seed: tenant ${tenant.slug} has no owner`);
  return owner.id;
}
