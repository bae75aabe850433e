// Working hours are wall-clock times in the technician's time zone; work orders and bookings are
// instants. This module turns the first into the second with the platform's Intl time-zone data,
// DST included, so no date library is needed.

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One working period of a weekday, in minutes after local midnight; `end` may be 1440 (24:00). */
export interface WorkingPeriod {
  weekday: Weekday;
  start: number;
  end: number;
}

/** A half-open interval [start, end) of epoch milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

export const MINUTE_MS = 60_000;
export const DAY_MINUTES = 24 * 60;
const DAY_MS = DAY_MINUTES * MINUTE_MS;

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight of an `HH:MM` wall-clock time; `24:00` only where `allowMidnightEnd`. Null when malformed. */
export function parseClock(value: string, allowMidnightEnd = false): number | null {
  if (allowMidnightEnd && value === '24:00') return DAY_MINUTES;
  const match = CLOCK.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** `HH:MM` of minutes after midnight (1440 is `24:00`). */
export const formatClock = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether the platform knows the IANA time zone (e.g. `America/Chicago`). */
export function isTimeZone(value: string): boolean {
  if (value.length > 64) return false;
  try {
    formatterOf(value);
    return true;
  } catch {
    return false;
  }
}

interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** The wall-clock date and time of an instant in a time zone. */
function localParts(ms: number, timeZone: string): LocalDate & { hour: number; minute: number; second: number } {
  const parts: Record<string, number> = {};
  for (const part of formatterOf(timeZone).formatToParts(ms)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts['year']!, month: parts['month']!, day: parts['day']!, hour: parts['hour']!, minute: parts['minute']!, second: parts['second']! };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The instant at which the zone's wall clock shows `minutes` after midnight of `date` (a DST gap moves it forward). */
function zonedToInstant(date: LocalDate, minutes: number, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day, 0, minutes);
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  return second;
}

/**
 * An instant as a "floating" time: the zone's wall clock at it, written as if it were UTC. Recurrence
 * rules are evaluated on floating times so "09:00" stays 09:00 on the wall across a DST change.
 */
export function toFloating(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) + (((ms % 1000) + 1000) % 1000);
}

/** The instant a floating time shows on the zone's wall clock (a time in a DST gap moves forward). */
export function fromFloating(floating: number, timeZone: string): number {
  const d = new Date(floating);
  const date = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
  return zonedToInstant(date, d.getUTCHours() * 60 + d.getUTCMinutes(), timeZone) + d.getUTCSeconds() * 1000 + d.getUTCMilliseconds();
}

/** The weekday of a calendar date. */
const weekdayOf = (date: LocalDate): Weekday => WEEKDAYS[(new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7]!;

const addDays = (date: LocalDate, days: number): LocalDate => {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
};

/**
 * The technician's working time within [from, to) as instants: each period of each local day that
 * touches the range, clipped to it, sorted and merged (a period ending 24:00 joins one starting 00:00).
 */
export function workingIntervals(periods: readonly WorkingPeriod[], timeZone: string, from: number, to: number): Interval[] {
  if (periods.length === 0 || to <= from) return [];
  const first = localParts(from - DAY_MS, timeZone);
  const days = Math.ceil((to - from) / DAY_MS) + 3;
  const intervals: Interval[] = [];
  for (let i = 0; i < days; i++) {
    const date = addDays(first, i);
    const weekday = weekdayOf(date);
    for (const period of periods) {
      if (period.weekday !== weekday) continue;
      const start = Math.max(from, zonedToInstant(date, period.start, timeZone));
      const end = Math.min(to, zonedToInstant(date, period.end, timeZone));
      if (end > start) intervals.push({ start, end });
    }
  }
  return mergeIntervals(intervals);
}

/** The local calendar day (midnight to midnight in the zone, DST included) an instant falls on, and its date. */
export function localDayOf(ms: number, timeZone: string): Interval & { date: string } {
  const p = localParts(ms, timeZone);
  const date = { year: p.year, month: p.month, day: p.day };
  const start = zonedToInstant(date, 0, timeZone);
  const end = zonedToInstant(addDays(date, 1), 0, timeZone);
  return { start, end, date: `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}` };
}

/** Sorted, with overlapping or touching intervals joined. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}

/** `free` without any time in `busy`. */
export function subtractIntervals(free: readonly Interval[], busy: readonly Interval[]): Interval[] {
  const blocks = mergeIntervals(busy);
  const result: Interval[] = [];
  for (const interval of mergeIntervals(free)) {
    let cursor = interval.start;
    for (const block of blocks) {
      if (block.end <= cursor) continue;
      if (block.start >= interval.end) break;
      if (block.start > cursor) result.push({ start: cursor, end: block.start });
      cursor = Math.max(cursor, block.end);
      if (cursor >= interval.end) break;
    }
    if (cursor < interval.end) result.push({ start: cursor, end: interval.end });
  }
  return result;
}

/** The earliest [start, start + duration) inside one of the free intervals; null when none is long enough. */
export function earliestFit(free: readonly Interval[], durationMs: number): Interval | null {
  const fit = mergeIntervals(free).find((interval) => interval.end - interval.start >= durationMs);
  return fit ? { start: fit.start, end: fit.start + durationMs } : null;
}

export const overlaps = (a: Interval, b: Interval): boolean => a.start < b.end && b.start < a.end;

/** "monday 08:00–17:00, tuesday ..." for messages. */
export const describePeriods = (periods: readonly WorkingPeriod[]): string =>
  periods.length === 0
    ? 'no working hours'
    : [...periods]
        .sort((a, b) => WEEKDAYS.indexOf(a.weekday) - WEEKDAYS.indexOf(b.weekday) || a.start - b.start)
        .map((p) => `${p.weekday} ${formatClock(p.start)}–${formatClock(p.end)}`)
        .join(', ');
