import { type TenantContext } from '@attunelogic/shared';
import { SETTLEMENT_PAY_BASES, TRUCKING_DEFAULTS } from '@attunelogic/shared/tenancy';

/**
 * Per-tenant settings of the trucking subgraph: the tenant's configuration in core (keys
 * `tracking.*`, `maintenance.*` but `reminderLeadDays`, `dispatch.maxLoadsPerDriver`, `units.*`, `settlement.*`), which the gateway
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

/** The tenant's `units.currency` (ISO 4217): what loads, freight invoices and settlements are priced in; USD when the context carries none. */
export const currencyFor = (tenant: Pick<TenantContext, 'settings'>): string => {
  const currency = tenant.settings?.['units.currency'];
  return typeof currency === 'string' && /^[A-Z]{3}$/.test(currency) ? currency : 'USD';
};

/** How a driver settlement pays a load: `settlement.*` of the tenant's configuration. */
export interface SettlementSettings {
  readonly payBasis: (typeof SETTLEMENT_PAY_BASES)[number];
  readonly ratePerMileCents: number;
  readonly ratePerLoadCents: number;
  readonly lineHaulShareBasisPoints: number;
}

/** Core's trucking defaults, for a context without the keys. */
export const DEFAULT_SETTLEMENT: SettlementSettings = Object.freeze({ ...TRUCKING_DEFAULTS.settlement });

const wholeAtLeastZero = (value: unknown, fallback: number): number => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback);

/** The settlement settings in force for the tenant of a request. */
export function settlementSettingsFor(tenant: Pick<TenantContext, 'settings'>): SettlementSettings {
  const basis = tenant.settings?.['settlement.payBasis'];
  return {
    payBasis: SETTLEMENT_PAY_BASES.find((b) => b === basis) ?? DEFAULT_SETTLEMENT.payBasis,
    ratePerMileCents: wholeAtLeastZero(tenant.settings?.['settlement.ratePerMileCents'], DEFAULT_SETTLEMENT.ratePerMileCents),
    ratePerLoadCents: wholeAtLeastZero(tenant.settings?.['settlement.ratePerLoadCents'], DEFAULT_SETTLEMENT.ratePerLoadCents),
    lineHaulShareBasisPoints: Math.min(10_000, wholeAtLeastZero(tenant.settings?.['settlement.lineHaulShareBasisPoints'], DEFAULT_SETTLEMENT.lineHaulShareBasisPoints)),
  };
}

/** The intervals a maintenance schedule created without any takes: `maintenance.*Interval*` of the tenant's configuration. */
export interface MaintenanceIntervals {
  readonly serviceIntervalMiles: number;
  readonly serviceIntervalDays: number;
  readonly inspectionIntervalDays: number;
}

const positive = (value: unknown, fallback: number): number => (typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : fallback);

/** The default maintenance intervals in force for the tenant of a request. */
export function maintenanceIntervalsFor(tenant: Pick<TenantContext, 'settings'>): MaintenanceIntervals {
  const { maintenance } = TRUCKING_DEFAULTS;
  return {
    serviceIntervalMiles: positive(tenant.settings?.['maintenance.serviceIntervalMiles'], maintenance.serviceIntervalMiles),
    serviceIntervalDays: positive(tenant.settings?.['maintenance.serviceIntervalDays'], maintenance.serviceIntervalDays),
    inspectionIntervalDays: positive(tenant.settings?.['maintenance.inspectionIntervalDays'], maintenance.inspectionIntervalDays),
  };
}

/** `tracking.locationIntervalSeconds`: how often a driver app sends its position; closer pings of one driver are thinned. */
export const locationIntervalSecondsFor = (tenant: Pick<TenantContext, 'settings'>): number =>
  positive(tenant.settings?.['tracking.locationIntervalSeconds'], TRUCKING_DEFAULTS.tracking.locationIntervalSeconds);

/** `units.weight`: the unit loads' weights are shown in (stored in pounds whatever it is). */
export const weightUnitFor = (tenant: Pick<TenantContext, 'settings'>): 'lb' | 'kg' => (tenant.settings?.['units.weight'] === 'kg' ? 'kg' : 'lb');

const KG_PER_LB = 0.453_592_37;

/** Stored pounds in the tenant's weight unit: kilograms rounded to 0.1 kg. */
export function weightIn(tenant: Pick<TenantContext, 'settings'>, pounds: number): { value: number; unit: 'lb' | 'kg' } {
  const unit = weightUnitFor(tenant);
  return { value: unit === 'kg' ? Math.round(pounds * KG_PER_LB * 10) / 10 : pounds, unit };
}

/** `workingHours.*`: when the office works, in its time zone. */
export interface WorkingHours {
  readonly timeZone: string;
  /** `mon` … `sun`. */
  readonly days: readonly string[];
  /** `HH:MM`, 24-hour; the end minute is inside the day (`00:00`–`23:59` is the whole day). */
  readonly start: string;
  readonly end: string;
}

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** The tenant's working hours (`workingHours.days` is signed as a comma-separated list); a key the context does not carry gets the default. */
export function workingHoursFor(tenant: Pick<TenantContext, 'settings'>): WorkingHours {
  const { workingHours } = TRUCKING_DEFAULTS;
  const settings = tenant.settings ?? {};
  const text = (key: string): string | undefined => (typeof settings[key] === 'string' ? settings[key] : undefined);
  const days = text('workingHours.days')
    ?.split(',')
    .filter((day) => WEEKDAYS.includes(day));
  const start = text('workingHours.start');
  const end = text('workingHours.end');
  return {
    timeZone: text('workingHours.timezone') ?? workingHours.timezone,
    days: days?.length ? days : workingHours.days,
    start: start && CLOCK.test(start) ? start : workingHours.start,
    end: end && CLOCK.test(end) ? end : workingHours.end,
  };
}

/** Whether an instant falls within the office's working hours: on a working day of its time zone, between start and end (to the minute). */
export function withinWorkingHours(hours: WorkingHours, at: Date): boolean {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: hours.timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  const clock = `${parts['hour']}:${parts['minute']}`;
  return hours.days.includes(String(parts['weekday']).toLowerCase()) && hours.start <= clock && clock <= hours.end;
}
