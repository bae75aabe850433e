import { describe, expect, it } from 'vitest';
import {
  describePeriods,
  earliestFit,
  formatClock,
  isTimeZone,
  mergeIntervals,
  parseClock,
  subtractIntervals,
  workingIntervals,
  type WorkingPeriod,
} from './working-hours';

const at = (iso: string): number => Date.parse(iso);
const span = (start: string, end: string) => ({ start: at(start), end: at(end) });
const asIso = (intervals: { start: number; end: number }[]) => intervals.map((i) => [new Date(i.start).toISOString(), new Date(i.end).toISOString()]);

const WEEKDAYS_9_TO_5: WorkingPeriod[] = (['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const).map((weekday) => ({
  weekday,
  start: 8 * 60,
  end: 17 * 60,
}));

describe('clock times', () => {
  it('parses HH:MM, 24:00 only as an end', () => {
    expect(parseClock('08:30')).toBe(510);
    expect(parseClock('24:00')).toBeNull();
    expect(parseClock('24:00', true)).toBe(1440);
    for (const bad of ['8:30', '08:60', '25:00', '0830', '']) expect(parseClock(bad, true)).toBeNull();
    expect(formatClock(510)).toBe('08:30');
    expect(formatClock(1440)).toBe('24:00');
  });

  it('knows IANA time zones', () => {
    expect(isTimeZone('America/Chicago')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });

  it('describes periods in weekday order', () => {
    expect(
      describePeriods([
        { weekday: 'friday', start: 0, end: 60 },
        { weekday: 'monday', start: 480, end: 1440 },
      ]),
    ).toBe('monday 08:00–24:00, friday 00:00–01:00');
    expect(describePeriods([])).toBe('no working hours');
  });
});

describe('workingIntervals', () => {
  it('turns local working hours into instants (Chicago, standard time: UTC−6)', () => {
    // Monday 2031-03-03 and Tuesday 2031-03-04.
    const intervals = workingIntervals(WEEKDAYS_9_TO_5, 'America/Chicago', at('2031-03-03T00:00:00Z'), at('2031-03-05T00:00:00Z'));
    expect(asIso(intervals)).toEqual([
      ['2031-03-03T14:00:00.000Z', '2031-03-03T23:00:00.000Z'],
      ['2031-03-04T14:00:00.000Z', '2031-03-04T23:00:00.000Z'],
    ]);
  });

  it('follows daylight saving time (Chicago from 2031-03-09: UTC−5)', () => {
    const intervals = workingIntervals(WEEKDAYS_9_TO_5, 'America/Chicago', at('2031-03-07T00:00:00Z'), at('2031-03-11T00:00:00Z'));
    expect(asIso(intervals)).toEqual([
      ['2031-03-07T14:00:00.000Z', '2031-03-07T23:00:00.000Z'], // Friday, CST
      ['2031-03-10T13:00:00.000Z', '2031-03-10T22:00:00.000Z'], // Monday, CDT
    ]);
  });

  it('clips to the range and joins a period ending 24:00 with the next day starting 00:00', () => {
    const periods: WorkingPeriod[] = [
      { weekday: 'monday', start: 22 * 60, end: 1440 },
      { weekday: 'tuesday', start: 0, end: 6 * 60 },
    ];
    const intervals = workingIntervals(periods, 'UTC', at('2031-03-03T23:00:00Z'), at('2031-03-04T05:00:00Z'));
    expect(asIso(intervals)).toEqual([['2031-03-03T23:00:00.000Z', '2031-03-04T05:00:00.000Z']]);
  });

  it('is empty without working hours or for an empty range', () => {
    expect(workingIntervals([], 'UTC', at('2031-03-03T00:00:00Z'), at('2031-03-10T00:00:00Z'))).toEqual([]);
    expect(workingIntervals(WEEKDAYS_9_TO_5, 'UTC', at('2031-03-03T12:00:00Z'), at('2031-03-03T12:00:00Z'))).toEqual([]);
  });
});

describe('interval arithmetic', () => {
  const day = span('2031-03-03T08:00:00Z', '2031-03-03T17:00:00Z');

  it('merges overlapping and touching intervals', () => {
    expect(mergeIntervals([span('2031-03-03T10:00:00Z', '2031-03-03T11:00:00Z'), span('2031-03-03T09:00:00Z', '2031-03-03T10:00:00Z')])).toEqual([
      span('2031-03-03T09:00:00Z', '2031-03-03T11:00:00Z'),
    ]);
  });

  it('subtracts busy time, leaving the gaps', () => {
    const free = subtractIntervals([day], [span('2031-03-03T09:00:00Z', '2031-03-03T10:00:00Z'), span('2031-03-03T12:00:00Z', '2031-03-03T18:00:00Z')]);
    expect(free).toEqual([span('2031-03-03T08:00:00Z', '2031-03-03T09:00:00Z'), span('2031-03-03T10:00:00Z', '2031-03-03T12:00:00Z')]);
    expect(subtractIntervals([day], [span('2031-03-03T07:00:00Z', '2031-03-03T18:00:00Z')])).toEqual([]);
  });

  it('finds the earliest gap long enough', () => {
    const free = [span('2031-03-03T08:00:00Z', '2031-03-03T08:30:00Z'), span('2031-03-03T10:00:00Z', '2031-03-03T12:00:00Z')];
    expect(earliestFit(free, 60 * 60_000)).toEqual(span('2031-03-03T10:00:00Z', '2031-03-03T11:00:00Z'));
    expect(earliestFit(free, 30 * 60_000)).toEqual(span('2031-03-03T08:00:00Z', '2031-03-03T08:30:00Z'));
    expect(earliestFit(free, 3 * 60 * 60_000)).toBeNull();
  });
});
