import { type TenantContext } from '@attunelogic/shared';

// The clock behind every "now" (status timestamps, parts consumption, dispatch without a window) is
// the request's `ctx.clock`; per-tenant policy travels in the internal context (the tenant's
// configuration keys of `SUBGRAPH_SETTING_KEYS`, signed by the gateway beside the feature flags).

/**
 * How long a booking whose work order is not (yet) assigned to its technician still counts as
 * taken: the time between the two writes of a dispatch. Older ones are leftovers of a dispatch that
 * died between the writes and are dropped at the technician's next schedule change.
 */
export const BOOKING_GRACE_MS = 60_000;

type Settings = Pick<TenantContext, 'settings'>;

const numberSetting = (tenant: Settings, key: string): number | null => {
  const value = tenant.settings?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
};

/**
 * Whether an emergency work order may take a technician whose only obstacle is a non-emergency
 * assignment that has not started (status dispatched); that order goes back to scheduled. The
 * tenant's configuration key `dispatch.emergencyPreemption` (core), off unless the tenant turns it on.
 */
export const emergencyPreemptionFor = (tenant: Settings): boolean => tenant.settings?.['dispatch.emergencyPreemption'] === true;

/** What booking a technician's time obeys beyond working hours, time off and overlap. */
export interface BookingPolicy {
  /** Free time kept between two jobs of a technician, before and after each booking (ms). */
  travelBufferMs: number;
  /** At most this many bookings per local day of the technician; null for no limit. */
  maxJobsPerDay: number | null;
}

/**
 * The tenant's booking policy from its configuration: `dispatch.travelBufferMinutes` and
 * `dispatch.maxJobsPerTechnicianPerDay`. A context without them (signed before the keys existed, or
 * a test's) books with no buffer and no daily limit, as dispatch always did.
 */
export function bookingPolicyFor(tenant: Settings): BookingPolicy {
  const buffer = numberSetting(tenant, 'dispatch.travelBufferMinutes');
  const max = numberSetting(tenant, 'dispatch.maxJobsPerTechnicianPerDay');
  return { travelBufferMs: Math.max(0, buffer ?? 0) * 60_000, maxJobsPerDay: max !== null && max >= 1 ? Math.floor(max) : null };
}

/** No buffer, no daily limit. */
export const NO_BOOKING_POLICY: BookingPolicy = { travelBufferMs: 0, maxJobsPerDay: null };

/**
 * The duration of a job created without one: the tenant's `dispatch.defaultJobDurationMinutes`, or
 * `fallback` when the context carries no such key.
 */
export const defaultJobMinutesFor = (tenant: Settings, fallback: number): number => {
  const minutes = numberSetting(tenant, 'dispatch.defaultJobDurationMinutes');
  return minutes !== null && minutes >= 1 && minutes <= 24 * 60 ? Math.round(minutes) : fallback;
};
