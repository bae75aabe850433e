// Hours of service as a pure computation over a driver's duty-status events: no database, no clock
// (the time to compute at is an argument). The rules, after FMCSA 49 CFR 395.3 for property-carrying
// drivers, with the limits the tenant configures (the federal ones by default):
//   395.3(a)(1)     a shift starts after 10 consecutive hours off duty (off duty and sleeper berth together);
//   395.3(a)(2)     no driving after the 14th hour since coming on duty after those 10 hours (the window);
//   395.3(a)(3)(i)  no more than 11 hours of driving in that shift;
//   395.3(a)(3)(ii) no driving after 8 hours of driving without an interruption of 30 consecutive
//                   minutes (off duty, sleeper berth or on duty not driving all interrupt);
//   395.3(b)        no driving after 60 hours on duty in 7 consecutive days, or 70 in 8;
//   395.3(c)        34 or more consecutive hours off duty restart the 7/8-day period.
// Not modelled: the sleeper-berth split (395.1(g)), the adverse-conditions extension and the
// short-haul exception. Time before a driver's first known event counts as off duty.

export const DUTY_STATUSES = ['off_duty', 'sleeper_berth', 'driving', 'on_duty'] as const;
export type DutyStatus = (typeof DUTY_STATUSES)[number];

/** One duty-status change: from `at` on, the driver is `status`. */
export interface DutyEvent {
  readonly status: DutyStatus;
  readonly at: Date;
}

export interface HoursLimits {
  readonly maxDrivingHours: number;
  readonly maxOnDutyHours: number;
  readonly breakAfterDrivingHours: number;
  readonly cycleHours: number;
  readonly cycleDays: number;
}

/** 49 CFR 395.3: 11 hours driving, the 14-hour window, the break after 8 hours, 70 hours in 8 days. */
export const FEDERAL_LIMITS: HoursLimits = Object.freeze({ maxDrivingHours: 11, maxOnDutyHours: 14, breakAfterDrivingHours: 8, cycleHours: 70, cycleDays: 8 });

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 395.3(a)(1): consecutive hours off duty that start a new shift. */
export const RESET_OFF_HOURS = 10;
/** 395.3(c): consecutive hours off duty that restart the cycle. */
export const RESTART_OFF_HOURS = 34;
/** 395.3(a)(3)(ii): the interruption that resets the driving counted towards the break. */
export const BREAK_MINUTES = 30;

export const isWorking = (status: DutyStatus): boolean => status === 'driving' || status === 'on_duty';

/** A stretch of one status, in epoch milliseconds, end exclusive. */
export interface Segment {
  readonly status: DutyStatus;
  readonly start: number;
  readonly end: number;
}

/**
 * The stretches the events describe up to `until`: each event lasts until the next one (or
 * `until`). Events at or after `until` are left out; so are stretches of no length.
 */
export function segmentsOf(events: readonly DutyEvent[], until: Date): Segment[] {
  const end = until.getTime();
  const sorted = events.filter((event) => event.at.getTime() < end).sort((a, b) => a.at.getTime() - b.at.getTime());
  const segments: Segment[] = [];
  sorted.forEach((event, i) => {
    const start = event.at.getTime();
    const stop = i + 1 < sorted.length ? sorted[i + 1]!.at.getTime() : end;
    if (stop > start) segments.push({ status: event.status, start, end: stop });
  });
  return segments;
}

/** Where a driver stands at one instant, from the stretches before it. */
export interface HoursState {
  /** When the current shift's first work began; null when the driver has had the reset rest since. */
  readonly shiftStart: number | null;
  readonly drivingInShift: number;
  /** Driving since the last interruption of at least BREAK_MINUTES. */
  readonly drivingSinceBreak: number;
  /** Where the cycle is counted from: the rolling 7/8 days, or the end of a restart within them. */
  readonly cycleStart: number;
  readonly onDutyInCycle: number;
}

/** The state at `t` (milliseconds) from `segments` (as segmentsOf gives them). */
export function stateAt(segments: readonly Segment[], t: number, limits: HoursLimits): HoursState {
  let restSince = Number.NEGATIVE_INFINITY; // start of the current run of off duty + sleeper berth, or NaN while working
  let pauseSince = Number.NEGATIVE_INFINITY; // start of the current run without driving, or NaN while driving
  let shiftStart: number | null = null;
  let drivingInShift = 0;
  let drivingSinceBreak = 0;
  let restartEnd = Number.NEGATIVE_INFINITY;

  const endRest = (at: number) => {
    if (Number.isNaN(restSince)) return;
    const rested = at - restSince;
    if (rested >= RESET_OFF_HOURS * HOUR) {
      shiftStart = null;
      drivingInShift = 0;
      drivingSinceBreak = 0;
    }
    if (rested >= RESTART_OFF_HOURS * HOUR) restartEnd = at;
  };
  const endPause = (at: number) => {
    if (!Number.isNaN(pauseSince) && at - pauseSince >= BREAK_MINUTES * MINUTE) drivingSinceBreak = 0;
  };

  for (const segment of segments) {
    if (segment.start >= t) break;
    const end = Math.min(segment.end, t);
    if (isWorking(segment.status)) {
      endRest(segment.start);
      restSince = Number.NaN;
      shiftStart ??= segment.start;
    } else if (Number.isNaN(restSince)) {
      restSince = segment.start;
    }
    if (segment.status === 'driving') {
      endPause(segment.start);
      pauseSince = Number.NaN;
      drivingInShift += end - segment.start;
      drivingSinceBreak += end - segment.start;
    } else if (Number.isNaN(pauseSince)) {
      pauseSince = segment.start;
    }
  }
  // A rest or a pause still going on at `t` counts as soon as it is long enough.
  endRest(t);
  endPause(t);

  const cycleStart = Math.max(t - limits.cycleDays * DAY, restartEnd);
  let onDutyInCycle = 0;
  for (const segment of segments) {
    if (!isWorking(segment.status)) continue;
    const from = Math.max(segment.start, cycleStart);
    const to = Math.min(segment.end, t);
    if (to > from) onDutyInCycle += to - from;
  }
  return { shiftStart, drivingInShift, drivingSinceBreak, cycleStart, onDutyInCycle };
}

export type HoursRule = 'driving_limit' | 'on_duty_window' | 'break_required' | 'cycle_limit';
export const HOURS_RULES: readonly HoursRule[] = ['driving_limit', 'on_duty_window', 'break_required', 'cycle_limit'];

/** What a driver has left at an instant, in milliseconds. */
export interface Remaining {
  readonly status: DutyStatus;
  /** When the current status began (null when no event is known). */
  readonly statusSince: Date | null;
  readonly driving: number;
  readonly window: number;
  readonly cycle: number;
  /** Driving allowed before the 30-minute break is required. */
  readonly untilBreak: number;
  /** The least of driving, window and cycle: how long the driver may still drive today. */
  readonly drivingLeft: number;
  /** Which limit gives `drivingLeft`. */
  readonly limitedBy: Exclude<HoursRule, 'break_required'>;
  /** When the current window closes (null when no shift is open). */
  readonly windowEndsAt: Date | null;
  readonly state: HoursState;
}

/** What the driver has left at `now`, from their events. */
export function remainingAt(events: readonly DutyEvent[], now: Date, limits: HoursLimits): Remaining {
  const t = now.getTime();
  const segments = segmentsOf(events, now);
  const state = stateAt(segments, t, limits);
  const driving = Math.max(0, limits.maxDrivingHours * HOUR - state.drivingInShift);
  const window = state.shiftStart === null ? limits.maxOnDutyHours * HOUR : Math.max(0, state.shiftStart + limits.maxOnDutyHours * HOUR - t);
  const cycle = Math.max(0, limits.cycleHours * HOUR - state.onDutyInCycle);
  const candidates: [Remaining['limitedBy'], number][] = [
    ['driving_limit', driving],
    ['on_duty_window', window],
    ['cycle_limit', cycle],
  ];
  const [limitedBy, drivingLeft] = candidates.reduce((least, next) => (next[1] < least[1] ? next : least));
  const last = segments.at(-1);
  // Consecutive events of one status are one stretch.
  let since = last?.start ?? null;
  for (let i = segments.length - 2; i >= 0 && last && segments[i]!.status === last.status && segments[i]!.end === since; i--) since = segments[i]!.start;
  return {
    status: last?.status ?? 'off_duty',
    statusSince: since === null ? null : new Date(since),
    driving,
    window,
    cycle,
    untilBreak: Math.max(0, limits.breakAfterDrivingHours * HOUR - state.drivingSinceBreak),
    drivingLeft,
    limitedBy,
    windowEndsAt: state.shiftStart === null ? null : new Date(state.shiftStart + limits.maxOnDutyHours * HOUR),
    state,
  };
}

/** Driving past a limit: from `start` to `end`. */
export interface Violation {
  readonly rule: HoursRule;
  readonly start: Date;
  readonly end: Date;
}

/**
 * Every stretch of driving past a limit up to `until`, in time order. Within one stretch of driving
 * each measure only grows, so the moment a limit is passed is found from the state at its start
 * (by bisection, to the second, for the rolling cycle).
 */
export function violationsOf(events: readonly DutyEvent[], until: Date, limits: HoursLimits): Violation[] {
  const segments = segmentsOf(events, until);
  const found: { rule: HoursRule; start: number; end: number }[] = [];
  for (const segment of segments) {
    if (segment.status !== 'driving') continue;
    const { start, end } = segment;
    const state = stateAt(segments, start, limits);
    const shiftStart = state.shiftStart ?? start;
    const crossings: [HoursRule, number][] = [
      ['driving_limit', start + limits.maxDrivingHours * HOUR - state.drivingInShift],
      ['on_duty_window', shiftStart + limits.maxOnDutyHours * HOUR],
      ['break_required', start + limits.breakAfterDrivingHours * HOUR - state.drivingSinceBreak],
    ];
    const over = (seconds: number) => stateAt(segments, Math.min(end, start + seconds * 1_000), limits).onDutyInCycle > limits.cycleHours * HOUR;
    let [low, high] = [0, Math.ceil((end - start) / 1_000)];
    if (over(low)) crossings.push(['cycle_limit', start]);
    else if (over(high)) {
      // The last second within the cycle: over(low) is false, over(high) true.
      while (high - low > 1) {
        const mid = Math.floor((low + high) / 2);
        if (over(mid)) high = mid;
        else low = mid;
      }
      crossings.push(['cycle_limit', start + low * 1_000]);
    }
    for (const [rule, crossedAt] of crossings) {
      if (crossedAt < end) found.push({ rule, start: Math.max(start, crossedAt), end });
    }
  }
  // One violation per rule for driving that goes on across consecutive events.
  const merged: typeof found = [];
  for (const violation of found) {
    const previous = merged.findLast((v) => v.rule === violation.rule);
    if (previous && previous.end === violation.start) previous.end = violation.end;
    else merged.push({ ...violation });
  }
  return merged
    .sort((a, b) => a.start - b.start || HOURS_RULES.indexOf(a.rule) - HOURS_RULES.indexOf(b.rule))
    .map((v) => ({ rule: v.rule, start: new Date(v.start), end: new Date(v.end) }));
}

/** Time in each status between `from` and `to` (milliseconds), for a day's log; unknown time before the first event is off duty. */
export function totalsBetween(events: readonly DutyEvent[], from: Date, to: Date): Record<DutyStatus, number> {
  const totals: Record<DutyStatus, number> = { off_duty: 0, sleeper_berth: 0, driving: 0, on_duty: 0 };
  const segments = segmentsOf(events, to);
  // Before the first known event, off duty (as everywhere in these rules).
  totals.off_duty += Math.max(0, Math.min(segments[0]?.start ?? to.getTime(), to.getTime()) - from.getTime());
  for (const segment of segments) {
    const start = Math.max(segment.start, from.getTime());
    const end = Math.min(segment.end, to.getTime());
    if (end > start) totals[segment.status] += end - start;
  }
  return totals;
}

/** The instant a calendar day (YYYY-MM-DD) begins in an IANA time zone. */
export function startOfDay(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  // The zone's offset at a guess, applied twice so a change of offset near midnight settles.
  let guess = wall;
  for (let i = 0; i < 2; i++) guess = wall - offsetAt(guess, timeZone);
  return new Date(guess);
}

/** The calendar day (YYYY-MM-DD) an instant falls on in a time zone. */
export const dayOf = (at: Date, timeZone: string): string => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

function offsetAt(at: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
      .formatToParts(new Date(at))
      .map((part) => [part.type, Number(part.value)]),
  ) as Record<string, number>;
  const wall = Date.UTC(parts['year']!, parts['month']! - 1, parts['day']!, parts['hour']!, parts['minute']!, parts['second']!);
  return wall - Math.floor(at / 1000) * 1000;
}

/** How long `plannedKm` takes at `averageSpeed` in the tenant's distance unit per hour (milliseconds). */
export const plannedDriving = (plannedKm: number, averageSpeed: number, unit: 'mi' | 'km'): number =>
  (plannedKm / (unit === 'mi' ? averageSpeed * 1.609344 : averageSpeed)) * HOUR;
