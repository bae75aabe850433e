import { forbidden } from './errors/domain-error';
import { type AppType, type TenantContext } from './tenant';

/** Roles a user can hold; `driver` exists only in trucking tenants, `technician` only in serviceRepair. */
export const ROLES = ['owner', 'admin', 'dispatcher', 'viewer', 'driver', 'technician'] as const;
export type Role = (typeof ROLES)[number];

const COMMON = ['tenant:read', 'tenant:write', 'users:read', 'users:manage', 'config:read', 'config:write', 'audit:read'] as const;

const TRUCKING = [
  'vehicles:read',
  'vehicles:write',
  'drivers:read',
  'drivers:write',
  'loads:read',
  'loads:write',
  'loads:assign',
  'loads:status',
  'routes:optimize',
  'tracking:read',
  'tracking:write',
  'maintenance:read',
  'maintenance:write',
  'hours:read',
  'hours:write',
] as const;

const SERVICE = [
  'serviceAreas:read',
  'serviceAreas:write',
  'technicians:read',
  'technicians:write',
  'customers:read',
  'customers:write',
  'workOrders:read',
  'workOrders:write',
  'workOrders:dispatch',
  'workOrders:status',
  'inventory:read',
  'inventory:write',
  'inventory:consume',
] as const;

export type Permission = (typeof COMMON)[number] | (typeof TRUCKING)[number] | (typeof SERVICE)[number];

const INDUSTRY_PERMISSIONS: Record<AppType, readonly Permission[]> = {
  trucking: [...COMMON, ...TRUCKING],
  serviceRepair: [...COMMON, ...SERVICE],
};

const reads = (list: readonly Permission[]) => list.filter((p) => p.endsWith(':read'));

/**
 * The one permission matrix: what each role may do, per industry. A role not listed for an
 * industry (a `driver` in a service tenant) has no permissions there.
 */
export const PERMISSION_MATRIX: Record<AppType, Partial<Record<Role, ReadonlySet<Permission>>>> = {
  trucking: {
    owner: new Set(INDUSTRY_PERMISSIONS.trucking),
    admin: new Set(INDUSTRY_PERMISSIONS.trucking.filter((p) => p !== 'tenant:write')),
    dispatcher: new Set<Permission>([
      ...reads(INDUSTRY_PERMISSIONS.trucking).filter((p) => p !== 'audit:read'),
      'vehicles:write',
      'drivers:write',
      'loads:write',
      'loads:assign',
      'loads:status',
      'routes:optimize',
      'tracking:write',
      'maintenance:write',
      'hours:write',
    ]),
    viewer: new Set(reads(INDUSTRY_PERMISSIONS.trucking).filter((p) => p !== 'audit:read')),
    driver: new Set<Permission>([
      'tenant:read',
      'vehicles:read',
      'drivers:read',
      'loads:read',
      'loads:status',
      'routes:optimize',
      'tracking:write',
      'maintenance:read',
      'hours:read',
      'hours:write',
    ]),
  },
  serviceRepair: {
    owner: new Set(INDUSTRY_PERMISSIONS.serviceRepair),
    admin: new Set(INDUSTRY_PERMISSIONS.serviceRepair.filter((p) => p !== 'tenant:write')),
    dispatcher: new Set<Permission>([
      ...reads(INDUSTRY_PERMISSIONS.serviceRepair).filter((p) => p !== 'audit:read'),
      'customers:write',
      'technicians:write',
      'workOrders:write',
      'workOrders:dispatch',
      'workOrders:status',
      'inventory:write',
      'inventory:consume',
    ]),
    viewer: new Set(reads(INDUSTRY_PERMISSIONS.serviceRepair).filter((p) => p !== 'audit:read')),
    technician: new Set<Permission>([
      'tenant:read',
      'serviceAreas:read',
      'technicians:read',
      'customers:read',
      'workOrders:read',
      'workOrders:status',
      'inventory:read',
      'inventory:consume',
    ]),
  },
};

/** Roles that exist in an industry. */
export const rolesOf = (appType: AppType): Role[] => ROLES.filter((role) => PERMISSION_MATRIX[appType][role] !== undefined);

/** Whether any of the roles grants the permission in that industry. */
export function hasPermission(appType: AppType, roles: readonly string[], permission: Permission): boolean {
  return roles.some((role) => PERMISSION_MATRIX[appType][role as Role]?.has(permission) ?? false);
}

/**
 * Throws `FORBIDDEN` unless the caller's roles (read from core's user record by the gateway, never
 * from the token) grant the permission in the tenant's industry.
 * @example requirePermission(ctx.tenant, 'loads:write')
 */
export function requirePermission(tenant: TenantContext, permission: Permission): void {
  if (!hasPermission(tenant.appType, tenant.roles, permission)) {
    throw forbidden(`Missing permission ${permission}.`);
  }
}

/** The rank of a role for "nobody grants a role above their own"; field roles rank with viewers. */
export const ROLE_RANK: Record<Role, number> = { owner: 4, admin: 3, dispatcher: 2, viewer: 1, driver: 1, technician: 1 };

/** The highest rank among roles (0 for none). */
export const highestRank = (roles: readonly string[]): number => Math.max(0, ...roles.map((r) => ROLE_RANK[r as Role] ?? 0));

/**
 * True when the caller holds `permission` only through `role` (a driver, a technician): someone acting
 * from their own device, limited to their own profile and the work assigned to it, not an office role.
 */
export function actsOnlyAs(tenant: TenantContext, role: Role, permission: Permission): boolean {
  return (
    tenant.roles.includes(role) &&
    !hasPermission(
      tenant.appType,
      tenant.roles.filter((r) => r !== role),
      permission,
    )
  );
}
