import { describe, expect, it } from 'vitest';
import { computeDue, duePoints, NEVER, type Intervals, type LastService } from './due';

// Pure: the clock is the `now` argument, frozen by construction.
const DAY = 86_400_000;
const day = (iso: string) => new Date(`${iso}T12:00:00Z`);
const last = (performedAt: string, odometer: number, engineHours: number): LastService => ({ performedAt: day(performedAt), odometer, engineHours });
const none: Intervals = { intervalMiles: null, intervalEngineHours: null, intervalDays: null };
const SINCE = day('2024-01-01');

describe('computeDue', () => {
  describe('by miles (25,000 mi from a service at 10,000 mi: due at 35,000; "due" from 32,500)', () => {
    const miles = { ...none, intervalMiles: 25_000 };
    const service = last('2025-01-01', 10_000, 0);
    it.each([
      [30_000, 'ok', -5_000],
      [32_499, 'ok', -2_501],
      [32_500, 'due', -2_500],
      [35_000, 'due', 0],
      [35_001, 'overdue', 1],
      [41_000, 'overdue', 6_000],
    ])('at %i mi: %s, %i mi over', (odometer, status, over) => {
      const due = computeDue(miles, { odometer, engineHours: 0 }, service, SINCE, day('2025-02-01'));
      expect(due.status).toBe(status);
      expect(due.measures).toEqual([{ measure: 'miles', status, dueAt: 35_000, over, overFraction: over / 25_000 }]);
    });
  });

  describe('by engine hours (500 h from a service at 1,200.5 h)', () => {
    const hours = { ...none, intervalEngineHours: 500 };
    it.each([
      [1_600, 'ok'],
      [1_650.5, 'due'],
      [1_700.5, 'due'],
      [1_700.6, 'overdue'],
    ])('at %d h: %s', (engineHours, status) => {
      const due = computeDue(hours, { odometer: 0, engineHours }, last('2025-01-01', 0, 1_200.5), SINCE, day('2025-02-01'));
      expect(due.status).toBe(status);
      expect(due.measures[0]?.dueAt).toBe(1_700.5);
      expect(due.measures[0]?.over).toBeCloseTo(engineHours - 1_700.5, 9);
    });
  });

  describe('by days (180 days from a service on 2025-01-01: due 2025-06-30; "due" from 18 days before)', () => {
    const days = { ...none, intervalDays: 180 };
    const service = last('2025-01-01', 0, 0);
    it.each([
      ['2025-06-01', 'ok', -29],
      ['2025-06-12', 'due', -18],
      ['2025-06-30', 'due', 0],
      ['2025-07-05', 'overdue', 5],
      ['2026-01-01', 'overdue', 185],
    ])('on %s: %s, %i days over', (now, status, over) => {
      const due = computeDue(days, { odometer: 0, engineHours: 0 }, service, SINCE, day(now));
      expect(due.status).toBe(status);
      expect(due.measures[0]).toMatchObject({ measure: 'days', status, dueAt: day('2025-06-30').getTime() });
      expect(due.measures[0]?.over).toBeCloseTo(over, 9);
    });
  });

  describe('whichever comes first (oil change every 25,000 mi or 180 days)', () => {
    const oil = { ...none, intervalMiles: 25_000, intervalDays: 180 };
    const service = last('2025-01-01', 100_000, 2_000);

    it('is overdue by days while the miles are far from due', () => {
      const due = computeDue(oil, { odometer: 110_000, engineHours: 2_300 }, service, SINCE, day('2025-07-10'));
      expect(due.status).toBe('overdue');
      expect(due.measures.map((m) => [m.measure, m.status, Math.round(m.over)])).toEqual([
        ['miles', 'ok', -15_000],
        ['days', 'overdue', 10],
      ]);
    });

    it('is overdue by miles while the date is far from due', () => {
      const due = computeDue(oil, { odometer: 126_000, engineHours: 2_300 }, service, SINCE, day('2025-03-01'));
      expect(due.status).toBe('overdue');
      expect(due.measures.map((m) => [m.measure, m.status, Math.round(m.over)])).toEqual([
        ['miles', 'overdue', 1_000],
        ['days', 'ok', -121],
      ]);
    });

    it('is due when one measure is within its margin and none is past', () => {
      expect(computeDue(oil, { odometer: 123_000, engineHours: 0 }, service, SINCE, day('2025-03-01')).status).toBe('due');
      expect(computeDue(oil, { odometer: 101_000, engineHours: 0 }, service, SINCE, day('2025-06-20')).status).toBe('due');
    });

    it('is ok when every measure is outside its margin', () => {
      expect(computeDue(oil, { odometer: 110_000, engineHours: 0 }, service, SINCE, day('2025-03-01')).status).toBe('ok');
    });

    it('is all three at once with an hours interval too, worst wins', () => {
      const due = computeDue({ ...oil, intervalEngineHours: 400 }, { odometer: 120_000, engineHours: 2_450 }, service, SINCE, day('2025-06-25'));
      expect(due.measures.map((m) => m.status)).toEqual(['ok', 'overdue', 'due']);
      expect(due.status).toBe('overdue');
    });
  });

  it('without a recorded service counts miles and hours from zero and days from `since`', () => {
    const due = computeDue(
      { intervalMiles: 25_000, intervalEngineHours: 1_000, intervalDays: 30 },
      { odometer: 60_000, engineHours: 500 },
      null,
      SINCE,
      new Date(SINCE.getTime() + 10 * DAY),
    );
    expect(due.measures.map((m) => [m.measure, m.status, Math.round(m.over)])).toEqual([
      ['miles', 'overdue', 35_000],
      ['engine_hours', 'ok', -500],
      ['days', 'ok', -20],
    ]);
  });

  it('has no measure for an interval the schedule does not have', () => {
    expect(computeDue(none, { odometer: 1, engineHours: 1 }, null, SINCE, SINCE)).toEqual({ status: 'ok', measures: [] });
  });
});

describe('duePoints', () => {
  // The stored points must say exactly what computeDue says, at every time: "due or worse" from
  // dueAt, "overdue" from overdueAt (a point of a reading counts as already passed).
  const cases: [string, Intervals, { odometer: number; engineHours: number }, LastService | null][] = [
    ['miles, short of the margin', { ...none, intervalMiles: 25_000 }, { odometer: 30_000, engineHours: 0 }, last('2025-01-01', 10_000, 0)],
    ['miles, in the margin', { ...none, intervalMiles: 25_000 }, { odometer: 32_500, engineHours: 0 }, last('2025-01-01', 10_000, 0)],
    ['miles, past', { ...none, intervalMiles: 25_000 }, { odometer: 35_001, engineHours: 0 }, last('2025-01-01', 10_000, 0)],
    ['hours with a fraction', { ...none, intervalEngineHours: 500 }, { odometer: 0, engineHours: 1_650.5 }, last('2025-01-01', 0, 1_200.5)],
    ['days', { ...none, intervalDays: 180 }, { odometer: 0, engineHours: 0 }, last('2025-01-01', 0, 0)],
    ['days of an odd interval, never serviced', { ...none, intervalDays: 7 }, { odometer: 0, engineHours: 0 }, null],
    ['all three', { intervalMiles: 25_000, intervalEngineHours: 400, intervalDays: 180 }, { odometer: 120_000, engineHours: 2_450 }, last('2025-01-01', 100_000, 2_000)],
  ];
  it.each(cases)('%s: the points agree with computeDue around them', (_name, intervals, readings, service) => {
    const points = duePoints(intervals, readings, service, SINCE);
    const statusAt = (t: number) => computeDue(intervals, readings, service, SINCE, new Date(t)).status;
    const byPoints = (t: number) => (points.overdueAt <= t ? 'overdue' : points.dueAt <= t ? 'due' : 'ok');
    const around = [points.dueAt, points.overdueAt].filter((p) => p > 0 && p !== NEVER).flatMap((p) => [p - 1, p, p + 1]);
    for (const t of [...around, day('2025-02-01').getTime(), day('2025-06-20').getTime(), day('2026-01-01').getTime()])
      expect(byPoints(t), new Date(t).toISOString()).toBe(statusAt(t));
  });

  it('orders the furthest over first among reading points, before any instant', () => {
    const over = (odometer: number) => duePoints({ ...none, intervalMiles: 10_000 }, { odometer, engineHours: 0 }, null, SINCE).overdueAt;
    expect(over(30_000)).toBeLessThan(over(12_000));
    expect(over(12_000)).toBeLessThan(0);
    expect(duePoints({ ...none, intervalMiles: 10_000 }, { odometer: 1_000, engineHours: 0 }, null, SINCE)).toEqual({ dueAt: NEVER, overdueAt: NEVER });
  });
});
