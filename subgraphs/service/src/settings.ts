import { type TenantContext } from '@attunelogic/shared';
import { isTimeZone, parseClock, WEEKDAYS, type WorkingPeriod } from './technicians/working-hours';
import { WORK_ORDER_PRIORITIES, type WorkOrderPriority } from './work-orders/work-orders.model';

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
  /** The farthest a technician travels to a job (from the previous job or home base); null for no limit. */
  maxTravel: TravelLimit | null;
  /** The hours of a technician who has none of their own; null: such a technician never works. */
  defaultHours: TenantHours | null;
}

/** `dispatch.maxTravelDistance` in the tenant's unit, and in km for the geometry. */
export interface TravelLimit {
  km: number;
  label: string;
}

/** The tenant's `workingHours` as periods in its time zone. */
export interface TenantHours {
  periods: WorkingPeriod[];
  timeZone: string;
}

/**
 * The tenant's booking policy from its configuration: `dispatch.travelBufferMinutes` and
 * `dispatch.maxJobsPerTechnicianPerDay`. A context without them (signed before the keys existed, or
 * a test's) books with no buffer and no daily limit, as dispatch always did.
 */
export function bookingPolicyFor(tenant: Settings): BookingPolicy {
  const buffer = numberSetting(tenant, 'dispatch.travelBufferMinutes');
  const max = numberSetting(tenant, 'dispatch.maxJobsPerTechnicianPerDay');
  return {
    travelBufferMs: Math.max(0, buffer ?? 0) * 60_000,
    maxJobsPerDay: max !== null && max >= 1 ? Math.floor(max) : null,
    maxTravel: maxTravelFor(tenant),
    defaultHours: tenantHoursFor(tenant),
  };
}

/** No buffer, no daily limit, no travel limit, no hours for technicians without their own. */
export const NO_BOOKING_POLICY: BookingPolicy = { travelBufferMs: 0, maxJobsPerDay: null, maxTravel: null, defaultHours: null };

export const KM_PER_MILE = 1.609344;

/**
 * The tenant's `dispatch.maxTravelDistance`, in its `units.distance` (miles unless `km`); null when
 * the context carries no such key.
 */
export function maxTravelFor(tenant: Settings): TravelLimit | null {
  const max = numberSetting(tenant, 'dispatch.maxTravelDistance');
  if (max === null || max <= 0) return null;
  const unit = tenant.settings?.['units.distance'] === 'km' ? 'km' : 'mi';
  return { km: unit === 'km' ? max : max * KM_PER_MILE, label: `${max} ${unit}` };
}

const DAY_CODES: Record<string, WorkingPeriod['weekday']> = Object.fromEntries(WEEKDAYS.map((day) => [day.slice(0, 3), day]));

/**
 * The tenant's `workingHours` (days, start, end, timezone) as the working periods of a technician
 * who has none of their own; null when the context lacks any of the keys or they do not parse.
 */
export function tenantHoursFor(tenant: Settings): TenantHours | null {
  const get = (key: string) => tenant.settings?.[`workingHours.${key}`];
  const [timeZone, days, start, end] = [get('timezone'), get('days'), get('start'), get('end')];
  if (typeof timeZone !== 'string' || typeof days !== 'string' || typeof start !== 'string' || typeof end !== 'string' || !isTimeZone(timeZone)) return null;
  const from = parseClock(start);
  const to = parseClock(end, true);
  const weekdays = days.split(',').map((code) => DAY_CODES[code.trim()]);
  if (from === null || to === null || from >= to || weekdays.some((day) => day === undefined)) return null;
  return { periods: weekdays.map((weekday) => ({ weekday: weekday!, start: from, end: to })), timeZone };
}

/** The tenant's time zone (`workingHours.timezone`), UTC without one: agreements' schedules run on its wall clock. */
export function tenantTimeZoneFor(tenant: Settings): string {
  const zone = tenant.settings?.['workingHours.timezone'];
  return typeof zone === 'string' && isTimeZone(zone) ? zone : 'UTC';
}

/** The working periods and time zone a technician's time is judged in: their own, else the tenant's. */
export function hoursOf(technician: { workingHours: readonly WorkingPeriod[]; timeZone: string }, fallback: TenantHours | null): TenantHours & { own: boolean } {
  if (technician.workingHours.length > 0 || !fallback) return { periods: [...technician.workingHours], timeZone: technician.timeZone, own: true };
  return { ...fallback, own: false };
}

/**
 * Whether a new work order is dispatched to the best-ranked eligible technician as it is created:
 * the tenant's `dispatch.autoDispatch`, off unless the tenant turns it on.
 */
export const autoDispatchFor = (tenant: Settings): boolean => tenant.settings?.['dispatch.autoDispatch'] === true;

/**
 * The duration of a job created without one: the tenant's `dispatch.defaultJobDurationMinutes`, or
 * `fallback` when the context carries no such key.
 */
export const defaultJobMinutesFor = (tenant: Settings, fallback: number): number => {
  const minutes = numberSetting(tenant, 'dispatch.defaultJobDurationMinutes');
  return minutes !== null && minutes >= 1 && minutes <= 24 * 60 ? Math.round(minutes) : fallback;
};

/** The tenant's `billing.taxRateBasisPoints` (825 = 8.25 %); 0 when the context carries no such key. */
export const taxRateFor = (tenant: Settings): number => {
  const rate = numberSetting(tenant, 'billing.taxRateBasisPoints');
  return rate !== null && rate >= 0 && rate <= 10_000 ? Math.round(rate) : 0;
};

/** How many days a sent quote stays open: the tenant's `billing.quoteValidDays`, else `fallback`. */
export const quoteValidDaysFor = (tenant: Settings, fallback: number): number => {
  const days = numberSetting(tenant, 'billing.quoteValidDays');
  return days !== null && days >= 1 && days <= 365 ? Math.floor(days) : fallback;
};

/** The tenant's `units.currency` (ISO 4217), USD when the context carries none. */
export const currencyFor = (tenant: Settings): string => {
  const currency = tenant.settings?.['units.currency'];
  return typeof currency === 'string' && /^[A-Z]{3}$/.test(currency) ? currency : 'USD';
};

/** The hourly labour rate invoices bill recorded time at: the tenant's `billing.labourRateCents`, else `fallback`. */
export const labourRateFor = (tenant: Settings, fallback: number): number => {
  const rate = numberSetting(tenant, 'billing.labourRateCents');
  return rate !== null && rate >= 0 ? Math.round(rate) : fallback;
};

/** How long completed work stays under warranty: the tenant's `maintenance.warrantyDays`; 0 (none) when the context carries no such key. */
export const warrantyDaysFor = (tenant: Settings): number => {
  const days = numberSetting(tenant, 'maintenance.warrantyDays');
  return days !== null && days >= 0 && days <= 3_650 ? Math.floor(days) : 0;
};

/** When completed work is due a follow-up visit: the tenant's `maintenance.followUpDays` after completion; 0 (none) without the key. */
export const followUpDaysFor = (tenant: Settings): number => {
  const days = numberSetting(tenant, 'maintenance.followUpDays');
  return days !== null && days >= 0 && days <= 365 ? Math.floor(days) : 0;
};

/** The reorder point of an item that has none of its own (0): the tenant's `inventory.lowStockThreshold`; 0 without the key. */
export const lowStockThresholdFor = (tenant: Settings): number => {
  const threshold = numberSetting(tenant, 'inventory.lowStockThreshold');
  return threshold !== null && threshold >= 0 ? Math.floor(threshold) : 0;
};

/** Whether consuming a part may take a stock below zero: the tenant's `inventory.allowNegativeStock`, off unless turned on. */
export const allowNegativeStockFor = (tenant: Settings): boolean => tenant.settings?.['inventory.allowNegativeStock'] === true;

/**
 * How many hours a work order of `priority` has until it is due: the tenant's
 * `workOrders.responseHours.<priority>`; null without the key: no due-by.
 */
export const responseHoursFor = (tenant: Settings, priority: WorkOrderPriority): number | null => {
  const hours = numberSetting(tenant, `workOrders.responseHours.${priority}`);
  return hours !== null && hours > 0 ? hours : null;
};

/** The priority of a work order opened without one: the tenant's `workOrders.defaultPriority`; `normal` without the key. */
export const defaultPriorityFor = (tenant: Settings): WorkOrderPriority => {
  const value = tenant.settings?.['workOrders.defaultPriority'];
  return (WORK_ORDER_PRIORITIES as readonly unknown[]).includes(value) ? (value as WorkOrderPriority) : 'normal';
};
