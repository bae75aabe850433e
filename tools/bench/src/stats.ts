/** Median and spread of a few samples: what every measurement of the bench reports. */
export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** First and third quartiles (linear interpolation between closest ranks). */
  readonly q1: number;
  readonly q3: number;
}

/** The q-quantile (0 ≤ q ≤ 1) of ascending `sorted`, interpolating linearly between closest ranks. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error('quantile of no samples');
  if (q < 0 || q > 1) throw new RangeError(`quantile ${q} outside [0, 1]`);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const a = sorted[lower]!;
  const b = sorted[upper]!;
  return a + (b - a) * (position - lower);
}

/** Median, min–max and quartiles of `samples` (at least one, all finite). */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('summary of no samples');
  if (samples.some((s) => !Number.isFinite(s))) throw new RangeError(`non-finite sample in [${samples.join(', ')}]`);
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    min: sorted[0]!,
    max: sorted.at(-1)!,
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
  };
}

/**
 * Per-round ratios a[i] / b[i] of two interleaved series: each ratio compares rounds that ran
 * back to back, so a slow spell of the machine affects both sides of it.
 */
export function pairedRatios(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) throw new Error(`paired series differ in length (${a.length} vs ${b.length})`);
  return a.map((value, i) => {
    const divisor = b[i]!;
    if (divisor === 0) throw new RangeError(`round ${i + 1}: division by zero`);
    return value / divisor;
  });
}

/** Rounds to a number of significant digits that reads well in a table (3 by default). */
export function round(value: number, digits = 3): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  return Number(value.toFixed(Math.min(decimals, 12)));
}

/** `median (min–max)`, the form every table cell of the report uses. */
export function formatSummary(summary: Summary, unit = ''): string {
  const suffix = unit ? ` ${unit}` : '';
  if (summary.n === 1 || summary.min === summary.max) return `${fmt(summary.median)}${suffix}`;
  return `${fmt(summary.median)}${suffix} (${fmt(summary.min)}–${fmt(summary.max)})`;
}

/** A number with three significant digits and thousands separators, e.g. `1,234` or `0.0123`. */
export function fmt(value: number): string {
  const rounded = round(value);
  return rounded.toLocaleString('en-US', { maximumFractionDigits: 12 });
}
