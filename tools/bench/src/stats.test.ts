import { describe, expect, it } from 'vitest';
import { fmt, formatSummary, pairedRatios, quantile, round, summarize } from './stats';

describe('summarize', () => {
  it('gives median, min–max and quartiles of an odd number of samples', () => {
    expect(summarize([5, 1, 4, 2, 3])).toEqual({ n: 5, median: 3, min: 1, max: 5, q1: 2, q3: 4 });
  });

  it('interpolates the median and quartiles of an even number of samples', () => {
    const s = summarize([10, 40, 20, 30]);
    expect(s.median).toBe(25);
    expect(s.q1).toBe(17.5);
    expect(s.q3).toBe(32.5);
    expect([s.min, s.max]).toEqual([10, 40]);
  });

  it('treats one sample as its own median and spread', () => {
    expect(summarize([7])).toEqual({ n: 1, median: 7, min: 7, max: 7, q1: 7, q3: 7 });
  });

  it('refuses no samples and non-finite ones', () => {
    expect(() => summarize([])).toThrow('no samples');
    expect(() => summarize([1, Number.NaN])).toThrow('non-finite');
    expect(() => summarize([1, Number.POSITIVE_INFINITY])).toThrow('non-finite');
  });

  it("does not reorder the caller's array", () => {
    const samples = [3, 1, 2];
    summarize(samples);
    expect(samples).toEqual([3, 1, 2]);
  });
});

describe('quantile', () => {
  it('is the exact rank where one exists and interpolates between ranks otherwise', () => {
    expect(quantile([1, 2, 3, 4, 5], 0)).toBe(1);
    expect(quantile([1, 2, 3, 4, 5], 1)).toBe(5);
    expect(quantile([0, 10], 0.3)).toBeCloseTo(3);
  });

  it('rejects a quantile outside [0, 1]', () => {
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
  });
});

describe('pairedRatios', () => {
  it('divides round by round', () => {
    expect(pairedRatios([100, 90, 120], [200, 100, 120])).toEqual([0.5, 0.9, 1]);
  });

  it('refuses series of different lengths and a zero divisor', () => {
    expect(() => pairedRatios([1, 2], [1])).toThrow('differ in length');
    expect(() => pairedRatios([1], [0])).toThrow('division by zero');
  });
});

describe('formatting', () => {
  it('rounds to three significant digits', () => {
    expect(round(1234.5)).toBe(1235);
    expect(round(0.012345)).toBe(0.0123);
    expect(round(9.876)).toBe(9.88);
    expect(round(0)).toBe(0);
  });

  it('writes thousands separators', () => {
    expect(fmt(12345.6)).toBe('12,346');
    expect(fmt(0.5)).toBe('0.5');
  });

  it('shows median and range, or the value alone when there is no spread', () => {
    expect(formatSummary(summarize([10, 12, 11]), 'req/s')).toBe('11 req/s (10–12)');
    expect(formatSummary(summarize([3, 3]), 'ms')).toBe('3 ms');
    expect(formatSummary(summarize([0.25, 0.5, 1]))).toBe('0.5 (0.25–1)');
  });
});
