import { TRUCKING_DEFAULTS, type TenantContext } from '@attunelogic/shared/tenancy';
import { type HoursLimits } from './rules';

/** What hours of service read of the tenant's configuration (signed into the context by the gateway). */
export interface HoursSettings {
  readonly limits: HoursLimits;
  readonly cycle: '60/7' | '70/8';
  /** What assignLoad does when the planned driving exceeds what the driver has left. */
  readonly mode: 'enforce' | 'warn' | 'off';
  /** In `distanceUnit` per hour. */
  readonly averageSpeed: number;
  readonly distanceUnit: 'mi' | 'km';
  /** The tenant's time zone: a driver's log is kept by its calendar days. */
  readonly timeZone: string;
}

const CYCLES = { '60/7': { cycleHours: 60, cycleDays: 7 }, '70/8': { cycleHours: 70, cycleDays: 8 } } as const;

/** The hours settings of a request's tenant; a key the context does not carry gets the industry default. */
export function hoursSettingsFor(tenant: Pick<TenantContext, 'settings'>): HoursSettings {
  const settings = tenant.settings ?? {};
  const { dispatch, units, workingHours } = TRUCKING_DEFAULTS;
  const number = (key: string, fallback: number): number => (typeof settings[key] === 'number' ? settings[key] : fallback);
  const oneOf = <T extends string>(key: string, values: readonly T[], fallback: T): T => (values.includes(settings[key] as T) ? (settings[key] as T) : fallback);
  const cycle = oneOf('dispatch.cycle', ['60/7', '70/8'], dispatch.cycle);
  return {
    limits: {
      maxDrivingHours: number('dispatch.maxDrivingHoursPerDay', dispatch.maxDrivingHoursPerDay),
      maxOnDutyHours: number('dispatch.maxOnDutyHoursPerDay', dispatch.maxOnDutyHoursPerDay),
      breakAfterDrivingHours: number('dispatch.breakAfterDrivingHours', dispatch.breakAfterDrivingHours),
      ...CYCLES[cycle],
    },
    cycle,
    mode: oneOf('dispatch.hoursOfService', ['enforce', 'warn', 'off'], dispatch.hoursOfService),
    averageSpeed: number('dispatch.averageSpeed', dispatch.averageSpeed),
    distanceUnit: oneOf('units.distance', ['mi', 'km'], units.distance),
    timeZone: typeof settings['workingHours.timezone'] === 'string' ? settings['workingHours.timezone'] : workingHours.timezone,
  };
}
