import { requireFeature, requirePermission, type Permission, type ServiceFeature } from '@attunelogic/shared';
import { type ServiceContext } from './models';

/**
 * The first line of every root resolver's service function: the feature must be on for a
 * serviceRepair tenant (`FEATURE_DISABLED`, also for every trucking tenant), then the caller's roles
 * must grant the permission (`FORBIDDEN`). Feature first, so a trucking tenant never sees FORBIDDEN.
 */
export function requireAccess(ctx: ServiceContext, feature: ServiceFeature | readonly ServiceFeature[], permission: Permission): void {
  for (const flag of typeof feature === 'string' ? [feature] : feature) requireFeature(ctx.tenant, 'serviceRepair', flag);
  requirePermission(ctx.tenant, permission);
}

/** ISO 8601 of a stored date, for the SDL's `String` timestamps. */
export const iso = (date: Date): string => date.toISOString();

/** ISO 8601 of an optional date. */
export const isoOrNull = (date: Date | null | undefined): string | null => (date ? date.toISOString() : null);
