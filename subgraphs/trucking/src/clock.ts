import { type TenantContext } from '@attunelogic/shared';

// The one source of "now" for the trucking domain (license expiry, maintenance due dates, tracking
// retention, defaults of timestamps), so tests can freeze it. A test freezes the clock of its own
// fresh tenant: tests running concurrently in one file each keep their own time, and nothing sleeps.
const frozen = new Map<string, number>();

/** The current time for a request of `tenant`: the real time unless a test froze it. */
export function now(tenant: Pick<TenantContext, 'tenantId'>): Date {
  return new Date(frozen.get(tenant.tenantId) ?? Date.now());
}

/** Tests only: from now on, `now(tenant)` returns `at` (again and again, until frozen elsewhere). */
export function freezeClock(tenant: Pick<TenantContext, 'tenantId'>, at: Date | string): void {
  frozen.set(tenant.tenantId, new Date(at).getTime());
}
