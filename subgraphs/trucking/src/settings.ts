import { type TenantContext } from '@attunelogic/shared';

/**
 * Per-tenant settings of the trucking subgraph.
 *
 * TODO(issue 3, tenant configuration): read these from the tenant's configuration in core, keys
 * `tracking.retentionDays` and `maintenance.blockAssignmentWhenOverdueCritical`, once the internal
 * context (or a config loader) carries them. Until then every tenant gets the defaults below;
 * `settingsFor` is the one place that changes.
 */
export interface TruckingSettings {
  /** How long driver location pings are kept and served. */
  readonly trackingRetentionDays: number;
  /** Whether a vehicle with overdue critical maintenance is refused by `assignLoad`. */
  readonly blockAssignmentWhenOverdueCritical: boolean;
}

export const DEFAULT_SETTINGS: TruckingSettings = Object.freeze({
  trackingRetentionDays: 90,
  blockAssignmentWhenOverdueCritical: true,
});

// Tests change a setting for their own (fresh) tenant only, so tests running concurrently never see
// each other's values. Production code never writes here.
const overrides = new Map<string, Partial<TruckingSettings>>();

/** The settings in force for the tenant of a request. */
export function settingsFor(tenant: Pick<TenantContext, 'tenantId'>): TruckingSettings {
  const override = overrides.get(tenant.tenantId);
  return override ? { ...DEFAULT_SETTINGS, ...override } : DEFAULT_SETTINGS;
}

/** Tests only: settings of one tenant, as its configuration will set them. */
export function overrideSettingsForTests(tenant: Pick<TenantContext, 'tenantId'>, settings: Partial<TruckingSettings>): void {
  overrides.set(tenant.tenantId, settings);
}
