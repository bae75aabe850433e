import { z } from 'zod';
import { FEATURES, type Feature } from '../../features';

// The shape of a tenant's configuration, per industry. The full schemas validate an effective
// configuration (defaults merged with overrides, cross-field rules included); the override schemas,
// derived from them, validate what a tenant may store: any subset of the keys, nothing unknown.

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

const timezone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'Not an IANA time zone.');

/** One boolean per feature flag of the industry, named as in shared/src/features.ts. */
const flagsOf = <K extends Feature>(names: readonly K[]) => z.strictObject(Object.fromEntries(names.map((name) => [name, z.boolean()])) as Record<K, z.ZodBoolean>);

const workingHours = z
  .strictObject({
    timezone,
    days: z
      .array(z.enum(WEEKDAYS))
      .min(1)
      .max(7)
      .refine((days) => new Set(days).size === days.length, 'A day is listed twice.'),
    start: z.string().regex(CLOCK, 'HH:MM, 24-hour.'),
    end: z.string().regex(CLOCK, 'HH:MM, 24-hour.'),
  })
  .refine((hours) => hours.start < hours.end, { message: 'The working day must end after it starts.', path: ['end'] });

/** The on-duty cycles of 49 CFR 395.3(b): hours within days. */
export const HOURS_CYCLES = ['60/7', '70/8'] as const;
/** How a driver settlement pays a load (settlement.payBasis). */
export const SETTLEMENT_PAY_BASES = ['per_mile', 'per_load', 'percent_of_line_haul'] as const;
/** How assignLoad applies hours of service. */
export const HOURS_OF_SERVICE_MODES = ['enforce', 'warn', 'off'] as const;

const currency = z.string().regex(/^[A-Z]{3}$/, 'An ISO 4217 code, e.g. USD.');
const distance = z.enum(['mi', 'km']);
const temperature = z.enum(['F', 'C']);
const hours = (max: number) => z.number().min(0).max(max);
const count = (max: number) => z.number().int().min(1).max(max);

export const truckingTenantConfigSchema = z.strictObject({
  features: flagsOf(FEATURES.trucking),
  /**
   * No volume or temperature: no trucking record carries one. A `units.volume` or
   * `units.temperature` stored before they were removed is skipped on read (mergeAlongSchema) and
   * dropped at the tenant's next configuration change; updateTenantConfig refuses them.
   */
  units: z.strictObject({ distance, weight: z.enum(['lb', 'kg']), currency }),
  /** The office's hours: dispatch.autoAssign acts only within them, and a stop whose appointment falls outside is flagged. */
  workingHours,
  dispatch: z
    .strictObject({
      autoAssign: z.boolean(),
      maxLoadsPerDriver: count(10),
      maxDrivingHoursPerDay: hours(24),
      maxOnDutyHoursPerDay: hours(24),
      breakAfterDrivingHours: hours(24),
      /** In the tenant's distance unit per hour (`units.distance`): how long a load's stops take to drive. */
      averageSpeed: z.number().min(1).max(120),
      /** The on-duty cycle of 49 CFR 395.3(b): 60 hours in 7 days or 70 hours in 8 days. */
      cycle: z.enum(HOURS_CYCLES),
      /** What assignLoad does when a load's planned driving exceeds what the driver has left: refuse, assign and flag it, or not check. */
      hoursOfService: z.enum(HOURS_OF_SERVICE_MODES),
    })
    .refine((d) => d.maxDrivingHoursPerDay <= d.maxOnDutyHoursPerDay, {
      message: 'Driving hours cannot exceed on-duty hours.',
      path: ['maxDrivingHoursPerDay'],
    }),
  tracking: z.strictObject({
    /** How often a driver app sends its position (trackingSettings); a ping closer than this to the driver's last stored one is acknowledged, not stored. */
    locationIntervalSeconds: count(3600),
    retentionDays: count(3650),
  }),
  maintenance: z.strictObject({
    /** The intervals a maintenance schedule created without any takes: miles and days for a service, */
    serviceIntervalMiles: count(1_000_000),
    serviceIntervalDays: count(3650),
    /** days for an inspection (`kind: inspection`). */
    inspectionIntervalDays: count(3650),
    reminderLeadDays: z.number().int().min(0).max(365),
    /** Whether assignLoad refuses a vehicle with overdue critical maintenance. */
    blockAssignmentWhenOverdueCritical: z.boolean(),
  }),
  /** How a driver's settlement pays each delivered load of the pay period: by its miles, a flat amount, or a share of its line haul. */
  settlement: z.strictObject({
    payBasis: z.enum(SETTLEMENT_PAY_BASES),
    /** Minor units of `units.currency` per loaded mile (per_mile), in the tenant's `units.distance`. */
    ratePerMileCents: z.number().int().min(0).max(100_000),
    /** Minor units per delivered load (per_load). */
    ratePerLoadCents: z.number().int().min(0).max(10_000_000),
    /** The driver's share of the load's rate (percent_of_line_haul), in basis points: 2500 = 25 %. */
    lineHaulShareBasisPoints: z.number().int().min(0).max(10_000),
  }),
  /** The tenant's rules for its partners' API clients at the gateway. */
  api: z.strictObject({
    /** Whether the tenant's API clients may run only the registered operations (docs/AUTH.md, "Registered operations"). */
    partnerRegisteredOperationsOnly: z.boolean(),
  }),
});

/** The work order's priorities (service's `WorkOrderPriority`): one vocabulary, `emergency` the highest. */
const PRIORITIES = ['low', 'normal', 'high', 'emergency'] as const;

export const serviceRepairTenantConfigSchema = z.strictObject({
  features: flagsOf(FEATURES.serviceRepair),
  units: z.strictObject({ distance, temperature, currency }),
  /** Also the hours of a technician who has none of their own. */
  workingHours,
  dispatch: z.strictObject({
    /** Whether createWorkOrder dispatches the new order to the best-ranked eligible technician. */
    autoDispatch: z.boolean(),
    maxJobsPerTechnicianPerDay: count(50),
    defaultJobDurationMinutes: count(24 * 60),
    travelBufferMinutes: z.number().int().min(0).max(240),
    /** In `units.distance`: the farthest a technician is sent from the previous job or home base. */
    maxTravelDistance: z.number().min(1).max(1000),
    /** Whether an emergency work order may take a technician from a non-emergency one that has not started. */
    emergencyPreemption: z.boolean(),
  }),
  workOrders: z.strictObject({
    defaultPriority: z.enum(PRIORITIES),
    responseHours: z.strictObject(Object.fromEntries(PRIORITIES.map((p) => [p, hours(24 * 30)])) as Record<(typeof PRIORITIES)[number], z.ZodNumber>),
  }),
  inventory: z.strictObject({ lowStockThreshold: z.number().int().min(0).max(100_000), allowNegativeStock: z.boolean() }),
  maintenance: z.strictObject({ warrantyDays: z.number().int().min(0).max(3650), followUpDays: z.number().int().min(0).max(365) }),
  billing: z.strictObject({
    /** The sales tax on the taxable lines of quotes and invoices, in basis points (825 = 8.25 %). */
    taxRateBasisPoints: z.number().int().min(0).max(10_000),
    /** How long a sent quote stays open for the customer before it expires. */
    quoteValidDays: count(365),
    /** The hourly labour rate an invoice bills a work order's recorded time at, in minor units of `units.currency`. */
    labourRateCents: z.number().int().min(0).max(10_000_000),
  }),
  /** The tenant's rules for its partners' API clients at the gateway. */
  api: z.strictObject({
    /** Whether the tenant's API clients may run only the registered operations (docs/AUTH.md, "Registered operations"). */
    partnerRegisteredOperationsOnly: z.boolean(),
  }),
});

export type TruckingTenantConfig = z.infer<typeof truckingTenantConfigSchema>;
export type ServiceRepairTenantConfig = z.infer<typeof serviceRepairTenantConfigSchema>;

/** An override: any subset of the configuration's keys; arrays are replaced, never merged. */
export type ConfigOverride<T> = { [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? ConfigOverride<T[K]> : T[K] };

/**
 * The schema of an override: every key optional at every level, unknown keys refused, each value
 * checked as in the full schema. Cross-field rules are left to the full schema, run on the merge.
 */
export function overrideSchemaOf(schema: z.ZodObject): z.ZodObject {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([key, field]) => [key, (field instanceof z.ZodObject ? overrideSchemaOf(field) : (field as z.ZodType)).optional()]),
  );
  return z.strictObject(shape);
}
