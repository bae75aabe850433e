// Counts the suite's test files report, one JSON line each, in a file the global setup names; the
// setup's teardown sums them into the closing table. Appending one short line is atomic enough for
// the few worker processes of a run.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    adversarialSummaryFile: string;
  }
}

export const CATEGORIES = ['tokens', 'forged-context', 'replayed-context', 'cross-tenant', 'injection', 'abuse', 'concurrency', 'durability', 'noisy-neighbour'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface Counts {
  /** Cases tried (one request, token, payload or write each). */
  cases: number;
  /** Cases whose outcome was not the expected one (each also fails its test). */
  unexpected: number;
  /** Responses that carried another tenant's data. */
  leaks: number;
  /** HTTP 5xx responses. */
  fiveXX: number;
  /** Writes the database acknowledged (durability). */
  acknowledged: number;
  /** Acknowledged writes missing or damaged after the crash. */
  lost: number;
}

export const zero = (): Counts => ({ cases: 0, unexpected: 0, leaks: 0, fiveXX: 0, acknowledged: 0, lost: 0 });

/** Adds to the counts of a category for the end-of-run summary. */
export function record(category: Category, delta: Partial<Counts>): void {
  appendFileSync(inject('adversarialSummaryFile'), `${JSON.stringify({ category, ...delta })}\n`);
}

/** Adds a measured figure (a latency, outcomes by code) to the summary, one row each, under the counts. */
export function figure(name: string, value: string): void {
  appendFileSync(inject('adversarialSummaryFile'), `${JSON.stringify({ figure: name, value })}\n`);
}

/** The figures of a summary file, in the order they were recorded. */
export function readFigures(file: string): [string, string][] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as { figure?: string; value?: string })
    .flatMap((entry) => (entry.figure === undefined ? [] : [[entry.figure, entry.value ?? ''] as [string, string]]));
}

/** Sums the lines of a summary file by category. */
export function readCounts(file: string): Map<Category, Counts> {
  const totals = new Map<Category, Counts>(CATEGORIES.map((c) => [c, zero()]));
  if (!existsSync(file)) return totals;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('{"figure"')) continue;
    const { category, ...delta } = JSON.parse(line) as { category: Category } & Partial<Counts>;
    const counts = totals.get(category) ?? zero();
    for (const [key, value] of Object.entries(delta) as [keyof Counts, number][]) counts[key] += value;
    totals.set(category, counts);
  }
  return totals;
}

/** A plain-text table: one row per category and a total row; then the measured figures, one row each. */
export function formatTable(totals: Map<Category, Counts>, figures: readonly [string, string][] = []): string {
  const header = ['category', 'cases', 'unexpected', 'leaks', '5xx', 'writes acked', 'writes lost'];
  const sum = zero();
  const rows = [...totals].map(([category, c]) => {
    for (const key of Object.keys(sum) as (keyof Counts)[]) sum[key] += c[key];
    return [category, c.cases, c.unexpected, c.leaks, c.fiveXX, c.acknowledged, c.lost].map(String);
  });
  rows.push(['total', sum.cases, sum.unexpected, sum.leaks, sum.fiveXX, sum.acknowledged, sum.lost].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  const verdict =
    sum.leaks === 0 && sum.fiveXX === 0 && sum.lost === 0 && sum.unexpected === 0
      ? 'no leaks, no 5xx, no acknowledged write lost'
      : `ATTENTION: ${sum.leaks} leak(s), ${sum.fiveXX} 5xx, ${sum.lost} acknowledged write(s) lost, ${sum.unexpected} unexpected outcome(s)`;
  const table = [line(header), rule, ...rows.slice(0, -1).map(line), rule, line(rows.at(-1)!)];
  if (figures.length > 0) {
    const nameWidth = Math.max('figure'.length, ...figures.map(([name]) => name.length));
    const valueWidth = Math.max('value'.length, ...figures.map(([, value]) => value.length));
    const row = (name: string, value: string) => `| ${name.padEnd(nameWidth)} | ${value.padEnd(valueWidth)} |`;
    table.push('', row('figure', 'value'), `|${'-'.repeat(nameWidth + 2)}|${'-'.repeat(valueWidth + 2)}|`, ...figures.map(([name, value]) => row(name, value)));
  }
  return [...table, '', verdict].join('\n');
}
