// Results of an imaginary run, for the unit tests of targets, report and chart.
import { type BenchResults, type PairResult, type SideResult } from './results';
import { summarize } from './stats';

export const side = (label: string, rps: number[], p50 = [10, 11, 12]): SideResult => ({
  label,
  rps: summarize(rps),
  p50Ms: summarize(p50),
  p99Ms: summarize(p50.map((v) => v * 3)),
  requests: 1000,
  failures: 0,
});

export const pair = (id: string, a: number[], b: number[], title = id): PairResult => ({
  id,
  title,
  query: id === 'gateway-vs-direct' ? 'TenantInfo' : id === 'gateway-vs-hive-compute' ? 'RouteOnly' : id.startsWith('nested-') ? 'NestedLoads' : 'FanOut',
  connections: 8,
  databaseBound: id !== 'gateway-vs-hive-compute',
  a: side('A side', a),
  b: side('B side', b),
  ratio: summarize(a.map((v, i) => v / b[i]!)),
  addedLatencyMs: summarize([1, 2, 3]),
});

export function results(overrides: Partial<BenchResults> = {}): BenchResults {
  return {
    generatedAt: '2025-01-01T00:00:00Z',
    profile: 'full',
    durationSeconds: 600,
    machine: { cpuModel: 'AMD EPYC', cores: 2, memoryGiB: 23.5, node: 'v20.20.2', os: 'Linux 6.1 (x64)', loadAverage: { start: 1.5, end: 2 } },
    dataset: { tenants: 50, documents: 100_000, collections: { 'trucking.loads': 1500, 'trucking.driver_locations': 91_000 }, seedSeconds: 42 },
    queries: { TenantInfo: 'query TenantInfo { tenant { id } }' },
    queryNotes: ['NestedLoads: `loads` with `driver`.'],
    pairs: [
      pair('gateway-vs-direct', [60, 70, 80], [100, 100, 100], 'Gateway vs direct subgraph'),
      pair('gateway-vs-hive', [90, 100, 110], [100, 100, 100], 'Our gateway vs Hive Gateway'),
      pair('gateway-vs-hive-compute', [90, 100, 110], [100, 100, 100], 'Our gateway vs Hive Gateway, no database'),
      pair('nested-loads', [30, 31, 32], [10, 10, 10], 'loads(first: 50) with vs without loaders'),
    ],
    commands: [{ query: 'NestedLoads', sizes: [10, 25, 50].map((first) => ({ first, returned: first, batched: 5, unbatched: 5 + first })) }],
    directory: { requests: 200, metricReads: 0, gatewayCommands: 0, coldReads: 2 },
    tenfold: {
      collection: 'trucking.loads',
      query: 'TenantLoads',
      ownDocuments: 60,
      othersBefore: 1440,
      othersAfter: 14_400,
      before: summarize([100, 110, 120]),
      after: summarize([115, 120, 125]),
      ratio: 1.2 / 1.1,
      insertSeconds: 12,
      explain: { filterPushdown: false, sortPushdown: false, limitPushdown: false, plan: ['id=2 parent=0 notused=0 detail=SCAN loads_x'], usesIndex: false },
    },
    auditGrowth: {
      query: 'RenameTenant',
      eventsBefore: 5,
      eventsAfter: 10_005,
      before: summarize([40, 50, 60]),
      after: summarize([45, 52, 61]),
      ratio: 52 / 50,
      newestEventReadMs: { before: summarize([2, 3, 4]), after: summarize([900, 1000, 1100]) },
      insertSeconds: 9,
    },
    cpu: [
      { process: 'our gateway', query: 'TenantInfo', requests: 100, msPerRequest: summarize([4, 5, 6]) },
      { process: 'our gateway', query: 'FanOut', requests: 100, msPerRequest: summarize([9, 10, 11]) },
      { process: 'Hive Gateway', query: 'FanOut', requests: 100, msPerRequest: summarize([7, 8, 9]) },
      { process: 'our gateway', query: 'RouteOnly', requests: 100, msPerRequest: summarize([2, 3, 4]) },
      { process: 'Hive Gateway', query: 'RouteOnly', requests: 100, msPerRequest: summarize([5, 6, 7]) },
    ],
    hiveError: null,
    failures: [],
    ...overrides,
  };
}
