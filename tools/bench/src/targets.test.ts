import { describe, expect, it } from 'vitest';
import { summarize } from './stats';
import { evaluateTargets, shortfallAtLeast, shortfallAtMost } from './targets';
import { pair, results } from './test-fixtures';

const byId = (verdicts: ReturnType<typeof evaluateTargets>, id: string) => verdicts.find((v) => v.id === id)!;

describe('shortfall', () => {
  it('says how far below an at-least target a value is', () => {
    expect(shortfallAtLeast(0.4, 0.5)).toBe('0.1 below the target (20 % short)');
    expect(shortfallAtLeast(0.5, 0.5)).toBe('');
  });

  it('says how far over an at-most limit a value is', () => {
    expect(shortfallAtMost(2.6, 1.3)).toBe('2× the limit (1.3 over)');
    expect(shortfallAtMost(1.3, 1.3)).toBe('');
  });
});

describe('evaluateTargets', () => {
  it('meets every target of a good run', () => {
    const verdicts = evaluateTargets(results());
    expect(verdicts.map((v) => [v.id, v.status])).toEqual([
      ['T1', 'met'],
      ['T2', 'met'],
      ['T3', 'met'],
      ['T4', 'met'],
      ['T5', 'met'],
      ['T6', 'met'],
      ['T7', 'met'],
    ]);
    expect(byId(verdicts, 'T1').measured).toBe('0.7 (0.6–0.8)');
  });

  it('judges the Hive pair without the database by the median of the per-round ratios: exactly 1 is met', () => {
    const verdict = byId(evaluateTargets(results()), 'T2');
    expect(verdict.measured).toBe('1 (0.9–1.1) (fan-out, database-bound: 1 (0.9–1.1))');
    expect(verdict.status).toBe('met');
    expect(verdict.shortfall).toBe('');
  });

  it('misses the Hive target below 1 and says by how much and why', () => {
    const r = results({ pairs: [pair('gateway-vs-direct', [60], [100]), pair('gateway-vs-hive-compute', [80, 80, 80], [100, 100, 100])] });
    const verdict = byId(evaluateTargets(r), 'T2');
    expect(verdict.status).toBe('missed');
    expect(verdict.shortfall).toBe('0.2 below the target (20 % short)');
    expect(verdict.why).toContain('ours 3 ms, Hive Gateway 6 ms');
    expect(verdict.why).not.toContain('spread');
  });

  it('says when a missed Hive ratio is within the spread; the database-bound fan-out pair does not decide', () => {
    const r = results({ pairs: [pair('gateway-vs-hive', [300, 300, 300], [100, 100, 100]), pair('gateway-vs-hive-compute', [1.9, 1.8, 2.2], [2, 2, 2])] });
    const verdict = byId(evaluateTargets(r), 'T2');
    expect(verdict.status).toBe('missed');
    expect(verdict.why).toContain("within the rounds' spread (0.9–1.1)");
    expect(verdict.measured).toContain('fan-out, database-bound: 3');
  });

  it('judges the nested lists by the slower one, against 150 ms', () => {
    const nested = (p50: number[]) => ({ ...pair('nested-loads', [10, 10, 10], [3, 3, 3]), a: { ...pair('nested-loads', [10], [3]).a, p50Ms: summarize(p50) } });
    expect(byId(evaluateTargets(results({ pairs: [nested([140, 150, 160])] })), 'T6').status).toBe('met');
    const missed = byId(evaluateTargets(results({ pairs: [nested([180, 190, 200])] })), 'T6');
    expect(missed.status).toBe('missed');
    expect(missed.shortfall).toBe('1.27× the limit (40 over)');
    expect(byId(evaluateTargets(results({ pairs: [] })), 'T6').status).toBe('not measured');
  });

  it('judges the fan-out rate of our gateway against 35 requests/s', () => {
    expect(byId(evaluateTargets(results({ pairs: [pair('gateway-vs-hive', [40, 40, 40], [30, 30, 30])] })), 'T7').status).toBe('met');
    const missed = byId(evaluateTargets(results({ pairs: [pair('gateway-vs-hive', [15, 16, 17], [14, 14, 14])] })), 'T7');
    expect(missed.status).toBe('missed');
    expect(missed.measured).toBe('16 req/s (15–17) (gateway-vs-hive)');
  });

  it('reports a gateway/direct ratio under 0.5 as missed with the gateway CPU', () => {
    const r = results({ pairs: [pair('gateway-vs-direct', [30, 40, 50], [100, 100, 100])] });
    const verdict = byId(evaluateTargets(r), 'T1');
    expect(verdict.status).toBe('missed');
    expect(verdict.shortfall).toBe('0.1 below the target (20 % short)');
    expect(verdict.why).toContain('5 ms of gateway CPU per request');
    expect(verdict.why).not.toContain('the subgraph itself spends');
    expect(verdict.why).toContain('2-core machine');
  });

  it('finds commands that grow with the list size and says by how much per item', () => {
    const r = results({ commands: [{ query: 'NestedLoads', sizes: [10, 50].map((first) => ({ first, returned: first, batched: 5 + first, unbatched: 100 })) }] });
    const verdict = byId(evaluateTargets(r), 'T3');
    expect(verdict.status).toBe('missed');
    expect(verdict.shortfall).toBe('NestedLoads: +40 commands from 10 to 50 items (1 per item)');
  });

  it('misses the warm-cache target on any read, from the metric or the gateway connection', () => {
    expect(byId(evaluateTargets(results({ directory: { requests: 100, metricReads: 2, gatewayCommands: 0, coldReads: 2 } })), 'T4').status).toBe('missed');
    expect(byId(evaluateTargets(results({ directory: { requests: 100, metricReads: 0, gatewayCommands: 1, coldReads: 2 } })), 'T4').status).toBe('missed');
  });

  it('explains a tenfold miss by the missing pushdown when explain shows it', () => {
    const base = results().tenfold!;
    const r = results({ tenfold: { ...base, after: summarize([900, 1000, 1100]), ratio: 1000 / 110 } });
    const verdict = byId(evaluateTargets(r), 'T5');
    expect(verdict.status).toBe('missed');
    expect(verdict.shortfall).toBe('6.99× the limit (7.79 over)');
    expect(verdict.why).toContain('filterPushdown false');
    expect(verdict.why).toContain('SCAN loads_x');
  });

  it("marks what was not measured, with the failure or Hive Gateway's error", () => {
    const r = results({
      pairs: [],
      directory: null,
      tenfold: null,
      commands: [],
      hiveError: 'Cannot find module',
      failures: [{ measurement: 'tenfold', error: 'timeout' }],
    });
    const verdicts = evaluateTargets(r);
    expect(verdicts.every((v) => v.status === 'not measured')).toBe(true);
    expect(byId(verdicts, 'T2').why).toBe('Hive Gateway could not be run: Cannot find module');
    expect(byId(verdicts, 'T5').why).toBe('The measurement failed: timeout');
    expect(byId(verdicts, 'T1').why).toBe('Not run.');
  });
});
