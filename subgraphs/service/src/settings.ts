import { type TenantContext } from '@attunelogic/shared';

/**
 * What the service subgraph's behaviour depends on besides the request and the tenant's
 * configuration: the clock and the booking grace. `createServiceServer` takes overrides (tests freeze
 * the clock; no test waits for real time). Per-tenant policy travels in the internal context (see
 * `emergencyPreemptionFor`).
 */
export interface ServiceSettings {
  /** The clock behind every "now": status timestamps, parts consumption, dispatch without a window. */
  readonly now: () => Date;
  /**
   * How long a booking whose work order is not (yet) assigned to its technician still counts as
   * taken: the time between the two writes of a dispatch. Older ones are leftovers of a dispatch that
   * died between the writes and are dropped at the technician's next schedule change.
   */
  readonly bookingGraceMs: number;
}

export const DEFAULT_SERVICE_SETTINGS: ServiceSettings = {
  now: () => new Date(),
  bookingGraceMs: 60_000,
};

/**
 * Whether an emergency work order may take a technician whose only obstacle is a non-emergency
 * assignment that has not started (status dispatched); that order goes back to scheduled. The
 * tenant's configuration key `dispatch.emergencyPreemption` (core), off unless the tenant turns it on.
 */
export const emergencyPreemptionFor = (tenant: Pick<TenantContext, 'settings'>): boolean => tenant.settings?.['dispatch.emergencyPreemption'] === true;

/** The defaults with `overrides` applied. */
export const serviceSettings = (overrides: Partial<ServiceSettings> = {}): ServiceSettings => ({ ...DEFAULT_SERVICE_SETTINGS, ...overrides });
