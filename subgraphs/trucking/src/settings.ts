import { type TenantContext } from '@attunelogic/shared';

/**
 * Per-tenant settings of the trucking subgraph: the tenant's configuration in core (keys
 * `tracking.retentionDays`, `maintenance.blockAssignmentWhenOverdueCritical` and `dispatch.maxLoadsPerDriver`), which the gateway
 * signs into the internal context with the feature flags. A key the context does not carry gets the
 * default below (the same as core's industry default).
 */
export interface TruckingSettings {
  /** How long driver location pings are kept and served. */
  readonly trackingRetentionDays: number;
  /** Whether a vehicle with overdue critical maintenance is refused by `assignLoad`. */
  readonly blockAssignmentWhenOverdueCritical: boolean;
  /** How many active (assigned or in transit) loads one driver may hold: `assignLoad` refuses one more. */
  readonly maxLoadsPerDriver: number;
}

export const DEFAULT_SETTINGS: TruckingSettings = Object.freeze({
  trackingRetentionDays: 90,
  blockAssignmentWhenOverdueCritical: true,
  maxLoadsPerDriver: 1,
});

/** The settings in force for the tenant of a request. */
export function settingsFor(tenant: Pick<TenantContext, 'settings'>): TruckingSettings {
  const retention = tenant.settings?.['tracking.retentionDays'];
  const block = tenant.settings?.['maintenance.blockAssignmentWhenOverdueCritical'];
  const maxLoads = tenant.settings?.['dispatch.maxLoadsPerDriver'];
  return {
    trackingRetentionDays: typeof retention === 'number' ? retention : DEFAULT_SETTINGS.trackingRetentionDays,
    blockAssignmentWhenOverdueCritical: typeof block === 'boolean' ? block : DEFAULT_SETTINGS.blockAssignmentWhenOverdueCritical,
    maxLoadsPerDriver: typeof maxLoads === 'number' && Number.isInteger(maxLoads) && maxLoads >= 1 ? maxLoads : DEFAULT_SETTINGS.maxLoadsPerDriver,
  };
}
