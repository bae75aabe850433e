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

/** A due point that is never reached: the pair is not due by any measure, whatever the time. */
export const NEVER = Number.MAX_SAFE_INTEGER;

export interface DuePoints {
  /** From this point on computeDue says "due" or worse: `dueAt <= now`. */
  readonly dueAt: number;
  /** From this point on computeDue says "overdue": `overdueAt <= now`. */
  readonly overdueAt: number;
}

/**
 * The points at which computeDue turns "due" and "overdue", as numbers compared with the time (epoch
 * ms), so that what is due at `now` is one range condition that an index answers. A days interval
 * gives an instant. Miles and hours do not move with time but with readings, which are stored, so
 * they give either NEVER (the readings are short of the margin) or a point already passed: the
 * negative rank `-(1 + fraction over)`, which also orders the furthest over first.
 */
export function duePoints(intervals: Intervals, readings: Readings, last: LastService | null, since: Date): DuePoints {
  let dueAt = NEVER;
  let overdueAt = NEVER;
  const byReading = (interval: number | null, from: number, current: number) => {
    if (interval === null) return;
    const over = current - (from + interval);
    const rank = -(1 + over / interval);
    if (over > 0) overdueAt = Math.min(overdueAt, rank);
    if (over >= -interval * DUE_SOON_FRACTION) dueAt = Math.min(dueAt, rank);
  };
  byReading(intervals.intervalMiles, last?.odometer ?? 0, readings.odometer);
  byReading(intervals.intervalEngineHours, last?.engineHours ?? 0, readings.engineHours);
  const days = intervals.intervalDays;
  if (days !== null) {
    const point = (last?.performedAt ?? since).getTime() + days * DAY;
    // The first millisecond at which computeDue's own comparison holds, whatever the rounding.
    const soon = (t: number) => (t - point) / DAY >= -days * DUE_SOON_FRACTION;
    let from = Math.ceil(point - days * DUE_SOON_FRACTION * DAY);
    while (soon(from - 1)) from -= 1;
    while (!soon(from)) from += 1;
    dueAt = Math.min(dueAt, from);
    overdueAt = Math.min(overdueAt, point + 1);
  }
  return { dueAt, overdueAt };
}
