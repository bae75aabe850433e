/**
 * What the service subgraph's behaviour depends on besides the request: the clock and the dispatch
 * policy. `createServiceServer` takes overrides (tests freeze the clock; no test waits for real time).
 */
export interface ServiceSettings {
  /** The clock behind every "now": status timestamps, parts consumption, dispatch without a window. */
  readonly now: () => Date;
  /**
   * Whether an emergency work order may take a technician whose only obstacle is a non-emergency
   * assignment that has not started (status dispatched); that order goes back to scheduled.
   * TODO(config): read the tenant configuration key `dispatch.emergencyPreemption` once core's
   * tenant configuration reaches the subgraphs; until then this process-wide default applies.
   */
  readonly emergencyPreemption: boolean;
  /**
   * How long a booking whose work order is not (yet) assigned to its technician still counts as
   * taken: the time between the two writes of a dispatch. Older ones are leftovers of a dispatch that
   * died between the writes and are dropped at the technician's next schedule change.
   */
  readonly bookingGraceMs: number;
}

export const DEFAULT_SERVICE_SETTINGS: ServiceSettings = {
  now: () => new Date(),
  emergencyPreemption: false,
  bookingGraceMs: 60_000,
};

/** The defaults with `overrides` applied. */
export const serviceSettings = (overrides: Partial<ServiceSettings> = {}): ServiceSettings => ({ ...DEFAULT_SERVICE_SETTINGS, ...overrides });
