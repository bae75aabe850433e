import { type TenantContext } from '@attunelogic/shared';

// The clock behind every "now" (status timestamps, parts consumption, dispatch without a window) is
// the request's `ctx.clock`; per-tenant policy travels in the internal context (see
// `emergencyPreemptionFor`).

/**
 * How long a booking whose work order is not (yet) assigned to its technician still counts as
 * taken: the time between the two writes of a dispatch. Older ones are leftovers of a dispatch that
 * died between the writes and are dropped at the technician's next schedule change.
 */
export const BOOKING_GRACE_MS = 60_000;

/**
 * Whether an emergency work order may take a technician whose only obstacle is a non-emergency
 * assignment that has not started (status dispatched); that order goes back to scheduled. The
 * tenant's configuration key `dispatch.emergencyPreemption` (core), off unless the tenant turns it on.
 */
export const emergencyPreemptionFor = (tenant: Pick<TenantContext, 'settings'>): boolean => tenant.settings?.['dispatch.emergencyPreemption'] === true;
