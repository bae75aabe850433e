import { actsOnlyAs, requireFeature, requirePermission, type Permission, type TenantContext, type TruckingFeature } from '@attunelogic/shared';

/**
 * The gate of every trucking operation: the feature flag first (a serviceRepair tenant has no
 * trucking permissions at all, and must hear FEATURE_DISABLED, not FORBIDDEN), then the permission.
 */
export function requireAccess(tenant: TenantContext, feature: TruckingFeature, permission: Permission): void {
  requireFeature(tenant, 'trucking', feature);
  requirePermission(tenant, permission);
}

/**
 * True when the caller holds `permission` only through the driver role: a driver acting from their
 * own device, limited to their own driver profile and loads, rather than a dispatcher.
 */
export const actsOnlyAsDriver = (tenant: TenantContext, permission: Permission): boolean => actsOnlyAs(tenant, 'driver', permission);
