// When maintenance is due: a pure function of the schedule's intervals, the vehicle's readings, the
// last service and the time. No database, no clock of its own.

export const MEASURES = ['miles', 'engine_hours', 'days'] as const;
export type Measure = (typeof MEASURES)[number];
export type DueStatus = 'ok' | 'due' | 'overdue';

/** Within this fraction of an interval before its due point, a service is "due" (soon); past it, "overdue". */
export const DUE_SOON_FRACTION = 0.1;

const DAY = 86_400_000;

export interface Intervals {
  readonly intervalMiles: number | null;
  readonly intervalEngineHours: number | null;
  readonly intervalDays: number | null;
}

export interface Readings {
  readonly odometer: number;
  readonly engineHours: number;
}

export interface LastService extends Readings {
  readonly performedAt: Date;
}

export interface MeasureDue {
  readonly measure: Measure;
  readonly status: DueStatus;
  /** The reading (miles, hours) or the instant (epoch ms, for days) at which the service is due. */
  readonly dueAt: number;
  /** How far past due, in the measure's unit (miles, hours, days); negative: how much is left. */
  readonly over: number;
  /** `over` as a fraction of the interval, to compare measures of different units. */
  readonly overFraction: number;
}

export interface Due {
  /** The worst status over the measures: intervals are "whichever comes first". */
  readonly status: DueStatus;
  /** One entry per interval the schedule has. */
  readonly measures: readonly MeasureDue[];
}

/**
 * Where a vehicle stands against a schedule. Each interval runs from the last service; without one,
 * miles and hours run from zero (a vehicle with no recorded service is assumed never serviced) and
 * days from `since` (the later of the schedule's and the vehicle's creation). Record the last
 * service when adopting a schedule for a used vehicle.
 */
export function computeDue(intervals: Intervals, readings: Readings, last: LastService | null, since: Date, now: Date): Due {
  const measures: MeasureDue[] = [];
  const add = (measure: Measure, interval: number | null, from: number, current: number, unit: number) => {
    if (interval === null) return;
    const dueAt = from + interval * unit;
    const over = (current - dueAt) / unit;
    const status: DueStatus = over > 0 ? 'overdue' : over >= -interval * DUE_SOON_FRACTION ? 'due' : 'ok';
    measures.push({ measure, status, dueAt, over, overFraction: over / interval });
  };
  add('miles', intervals.intervalMiles, last?.odometer ?? 0, readings.odometer, 1);
  add('engine_hours', intervals.intervalEngineHours, last?.engineHours ?? 0, readings.engineHours, 1);
  add('days', intervals.intervalDays, (last?.performedAt ?? since).getTime(), now.getTime(), DAY);
  const status = measures.some((m) => m.status === 'overdue') ? 'overdue' : measures.some((m) => m.status === 'due') ? 'due' : 'ok';
  return { status, measures };
}
