import { z } from 'zod';
import { highestRank, ROLE_RANK, rolesOf, type AppType, type Role, type TenantContext } from '@attunelogic/shared';
import { forbidden } from '@attunelogic/shared/errors';

// Who may give which role to whom. The permission matrix (shared/src/permissions.ts) says whether a
// caller may manage users at all; these rules say which users and roles: nobody acts on a user
// ranked above them, nobody grants or removes a role above their own, and only an owner touches
// the owner role.

/** The roles a user is given: those of the tenant's industry, at least one, each once (order kept). */
export function parseRoles(appType: AppType, raw: unknown): Role[] {
  const allowed = rolesOf(appType) as [Role, ...Role[]];
  const roles = z
    .array(z.enum(allowed, { error: (issue) => `"${String(issue.input)}" is not a role of a ${appType} tenant (${allowed.join(', ')}).` }))
    .min(1, 'Give at least one role.')
    .max(allowed.length)
    .parse(raw);
  return [...new Set(roles)];
}

/** `FORBIDDEN` when the target user outranks the caller. */
export function assertMayManage(caller: TenantContext, targetRoles: readonly string[]): void {
  if (highestRank(targetRoles) > highestRank(caller.roles)) {
    throw forbidden('You cannot manage a user whose role is above your own.');
  }
}

/** `FORBIDDEN` unless the caller may change a user's roles from `current` to `next`. */
export function assertMayChangeRoles(caller: TenantContext, current: readonly string[], next: readonly string[]): void {
  assertMayManage(caller, current);
  const callerRank = highestRank(caller.roles);
  const changed = [...next.filter((role) => !current.includes(role)), ...current.filter((role) => !next.includes(role))];
  for (const role of changed) {
    if (role === 'owner' && !caller.roles.includes('owner')) throw forbidden('Only an owner can grant or remove the owner role.');
    if ((ROLE_RANK[role as Role] ?? Number.POSITIVE_INFINITY) > callerRank) {
      throw forbidden(`You cannot grant or remove the role ${role}: it is above your own.`);
    }
  }
}
