import { describe, expect, it } from 'vitest';
import { FEDERAL_LIMITS, dayOf, plannedDriving, remainingAt, startOfDay, totalsBetween, violationsOf, type DutyEvent, type DutyStatus, type HoursLimits } from './rules';

const HOUR = 3_600_000;
const MINUTE = 60_000;
// Monday 2025-06-16, 00:00 UTC; hours counted from there.
const T0 = Date.parse('2025-06-16T00:00:00Z');
const at = (hours: number): Date => new Date(T0 + hours * HOUR);
const log = (...entries: [number, DutyStatus][]): DutyEvent[] => entries.map(([hours, status]) => ({ status, at: at(hours) }));
const hours = (ms: number): number => ms / HOUR;
const SIXTY: HoursLimits = { ...FEDERAL_LIMITS, cycleHours: 60, cycleDays: 7 };

/** `days` days of `onDuty` hours on duty (not driving) each, starting at 06:00 of day 0, off duty in between. */
function workdays(days: number, onDuty: number, from = 0): DutyEvent[] {
  const events: DutyEvent[] = [];
  for (let d = from; d < from + days; d++) events.push(...log([d * 24 + 6, 'on_duty'], [d * 24 + 6 + onDuty, 'off_duty']));
  return events;
}

describe('remaining time', () => {
  it('gives a driver with no events the full limits', () => {
    const left = remainingAt([], at(10), FEDERAL_LIMITS);
    expect(left).toMatchObject({ status: 'off_duty', statusSince: null, windowEndsAt: null, limitedBy: 'driving_limit' });
    expect([left.driving, left.window, left.cycle, left.untilBreak, left.drivingLeft].map(hours)).toEqual([11, 14, 70, 8, 11]);
  });

  it('counts driving, the 14-hour window from the first work of the shift and the break after 8 hours of driving', () => {
    const events = log([6, 'on_duty'], [6.5, 'driving'], [12.5, 'on_duty'], [13, 'driving']);
    const left = remainingAt(events, at(15), FEDERAL_LIMITS);
    expect(left.status).toBe('driving');
    expect(left.statusSince).toEqual(at(13));
    expect(hours(left.driving)).toBe(3); // 6 + 2 hours driven: the 30 minutes on duty at 12:30 did not stop the shift
    expect(hours(left.window)).toBe(5); // 06:00 + 14 h = 20:00
    expect(left.windowEndsAt).toEqual(at(20));
    expect(hours(left.untilBreak)).toBe(8 - 2); // the 30 minutes on duty (not driving) at 12:30 were the break
    expect(hours(left.cycle)).toBe(70 - 9);
    expect(left.limitedBy).toBe('driving_limit');
  });

  it('does not take an interruption under 30 minutes for the break', () => {
    const events = log([6, 'driving'], [10, 'on_duty'], [10 + 29 / 60, 'driving']);
    expect(hours(remainingAt(events, at(12), FEDERAL_LIMITS).untilBreak)).toBeCloseTo(8 - 4 - (2 - 29 / 60), 6);
  });

  it('is limited by the window when the day was long but the driving short', () => {
    const events = log([6, 'on_duty'], [17, 'driving'], [18, 'on_duty']);
    const left = remainingAt(events, at(18.5), FEDERAL_LIMITS);
    expect(hours(left.drivingLeft)).toBe(1.5);
    expect(left.limitedBy).toBe('on_duty_window');
  });

  it('starts a new shift after 10 consecutive hours off duty and sleeper berth together, across midnight', () => {
    // Sunday 20:00 to Monday 08:00 UTC: on duty, driving past midnight.
    const shift = log([-4, 'on_duty'], [-3, 'driving'], [2, 'off_duty'], [6, 'sleeper_berth']);
    const atMidnight = remainingAt(shift, at(0), FEDERAL_LIMITS);
    expect(atMidnight.status).toBe('driving');
    expect(hours(atMidnight.driving)).toBe(11 - 3);
    expect(hours(atMidnight.window)).toBe(14 - 4);

    // 9.5 hours of rest at 11:30: the same shift, its window long closed.
    const short = remainingAt(shift, at(11.5), FEDERAL_LIMITS);
    expect(hours(short.driving)).toBe(11 - 5);
    expect(short.window).toBe(0);
    expect(short.drivingLeft).toBe(0);
    // 10 hours at 12:00: everything but the cycle is back.
    const rested = remainingAt(shift, at(12), FEDERAL_LIMITS);
    expect([rested.driving, rested.window, rested.untilBreak].map(hours)).toEqual([11, 14, 8]);
    expect(rested.windowEndsAt).toBeNull();
    expect(hours(rested.cycle)).toBe(70 - 6);
    expect(rested.status).toBe('sleeper_berth');
  });

  it('counts the 70 hours of the last 8 days, and lets the oldest fall off', () => {
    // 7 days of 10 hours: 70 on duty by the evening of day 6.
    const events = workdays(7, 10);
    const day7 = remainingAt(events, at(7 * 24 + 5), FEDERAL_LIMITS);
    expect(day7.cycle).toBe(0);
    expect(day7.limitedBy).toBe('cycle_limit');
    expect(hours(day7.driving)).toBe(11);
    // Two more hours on day 7 (no 34-hour rest since). Day 8 05:00: day 0's 10 hours (06:00 to
    // 16:00) are still within the 8 days...
    const more = [...events, ...log([7 * 24 + 6, 'on_duty'], [7 * 24 + 8, 'off_duty'])];
    expect(hours(remainingAt(more, at(8 * 24 + 5), FEDERAL_LIMITS).cycle)).toBe(0);
    // ...half gone at 11:00, and gone at 16:00.
    expect(hours(remainingAt(more, at(8 * 24 + 11), FEDERAL_LIMITS).cycle)).toBe(70 - 67);
    expect(hours(remainingAt(more, at(8 * 24 + 16), FEDERAL_LIMITS).cycle)).toBe(70 - 62);
  });

  it('counts 60 hours in 7 days when the tenant uses that cycle', () => {
    const events = workdays(6, 10);
    expect(remainingAt(events, at(6 * 24 + 5), SIXTY).cycle).toBe(0);
    expect(hours(remainingAt(events, at(6 * 24 + 5), FEDERAL_LIMITS).cycle)).toBe(10);
  });

  it('restarts the cycle after 34 consecutive hours off duty, not after 33', () => {
    const events = workdays(6, 10); // last work ends day 5 at 16:00
    const end = 5 * 24 + 16;
    expect(hours(remainingAt(events, at(end + 33), FEDERAL_LIMITS).cycle)).toBe(10);
    expect(hours(remainingAt(events, at(end + 34), FEDERAL_LIMITS).cycle)).toBe(70);
    // Work after the restart counts from there.
    const after = [...events, ...log([end + 40, 'driving'], [end + 45, 'off_duty'])];
    expect(hours(remainingAt(after, at(end + 46), FEDERAL_LIMITS).cycle)).toBe(65);
  });

  it('follows the configured limits', () => {
    const tight: HoursLimits = { maxDrivingHours: 9, maxOnDutyHours: 12, breakAfterDrivingHours: 4, cycleHours: 60, cycleDays: 7 };
    const left = remainingAt(log([6, 'driving']), at(9), tight);
    expect([left.driving, left.window, left.untilBreak, left.cycle].map(hours)).toEqual([6, 9, 1, 57]);
  });
});

describe('violations', () => {
  it('finds none in a legal day', () => {
    const events = log([6, 'on_duty'], [6.5, 'driving'], [14, 'off_duty'], [14.5, 'driving'], [17.5, 'on_duty'], [18, 'off_duty']);
    expect(violationsOf(events, at(30), FEDERAL_LIMITS)).toEqual([]);
  });

  it('finds the missed break, the driving limit and the window, across midnight', () => {
    // On duty Monday 18:00, driving 18:30 until Tuesday 09:00 without a stop.
    const events = log([18, 'on_duty'], [18.5, 'driving'], [33, 'off_duty']);
    expect(violationsOf(events, at(40), FEDERAL_LIMITS)).toEqual([
      { rule: 'break_required', start: at(26.5), end: at(33) },
      { rule: 'driving_limit', start: at(29.5), end: at(33) },
      { rule: 'on_duty_window', start: at(32), end: at(33) },
    ]);
  });

  it('counts a violation that goes on across consecutive driving events once', () => {
    const events = log([6, 'driving'], [15, 'driving'], [16, 'off_duty']);
    expect(violationsOf(events, at(20), FEDERAL_LIMITS)).toEqual([{ rule: 'break_required', start: at(14), end: at(16) }]);
  });

  it('stops at `until`: driving still going on is a violation up to then', () => {
    const events = log([6, 'driving']);
    expect(violationsOf(events, at(15), FEDERAL_LIMITS)).toEqual([{ rule: 'break_required', start: at(14), end: at(15) }]);
  });

  it('finds driving past the cycle to the second, and nothing once the restart is taken', () => {
    const events = [...workdays(7, 10), ...log([7 * 24 + 6, 'driving'], [7 * 24 + 8, 'off_duty'])];
    expect(violationsOf(events, at(8 * 24), FEDERAL_LIMITS)).toEqual([{ rule: 'cycle_limit', start: at(7 * 24 + 6), end: at(7 * 24 + 8) }]);

    const restarted = [...workdays(6, 10), ...log([5 * 24 + 16 + 34, 'driving'], [5 * 24 + 16 + 36, 'off_duty'])];
    expect(violationsOf(restarted, at(9 * 24), FEDERAL_LIMITS)).toEqual([]);
  });

  it('finds a cycle crossed in the middle of a drive', () => {
    // 6 days of 10 hours (60), then 7 hours of driving on day 6.
    const events = [...workdays(6, 10), ...log([6 * 24 + 6, 'driving'], [6 * 24 + 13, 'off_duty'])];
    const found = violationsOf(events, at(7 * 24), SIXTY);
    // At 06:00 of day 6 the 7 days reach back to day -1: all 60 hours count, so the limit is passed at once.
    expect(found).toEqual([{ rule: 'cycle_limit', start: at(6 * 24 + 6), end: at(6 * 24 + 13) }]);
    // Under 70/8 the same week reaches 67 hours: nothing.
    expect(violationsOf(events, at(7 * 24), FEDERAL_LIMITS)).toEqual([]);
  });
});

describe('a day of the log', () => {
  it('totals each status within the day, across midnight', () => {
    const events = log([-2, 'driving'], [1, 'sleeper_berth'], [9, 'on_duty'], [10, 'driving'], [20, 'off_duty']);
    const totals = totalsBetween(events, at(0), at(24));
    expect(Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, hours(v)]))).toEqual({ driving: 11, sleeper_berth: 8, on_duty: 1, off_duty: 4 });
  });

  it('finds the start of a day in the tenant time zone, daylight saving time included', () => {
    expect(startOfDay('2025-06-16', 'America/Chicago').toISOString()).toBe('2025-06-16T05:00:00.000Z');
    expect(startOfDay('2025-01-15', 'America/Chicago').toISOString()).toBe('2025-01-15T06:00:00.000Z');
    expect(startOfDay('2025-03-09', 'America/Chicago').toISOString()).toBe('2025-03-09T06:00:00.000Z');
    expect(startOfDay('2025-03-10', 'America/Chicago').toISOString()).toBe('2025-03-10T05:00:00.000Z');
    expect(startOfDay('2025-06-16', 'Asia/Kolkata').toISOString()).toBe('2025-06-15T18:30:00.000Z');
    expect(dayOf(new Date('2025-06-16T04:59:00Z'), 'America/Chicago')).toBe('2025-06-15');
    expect(dayOf(new Date('2025-06-16T05:00:00Z'), 'America/Chicago')).toBe('2025-06-16');
  });
});

describe('planned driving', () => {
  it('converts the distance at the average speed in the tenant unit', () => {
    expect(plannedDriving(88.51392, 55, 'mi') / MINUTE).toBeCloseTo(60, 6);
    expect(plannedDriving(160, 80, 'km') / HOUR).toBe(2);
  });
});
