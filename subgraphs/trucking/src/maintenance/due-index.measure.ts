// What the maintenance due index costs and buys on the database in use (the embedded FerretDB on
// PostgreSQL unless MONGODB_URI names another): for fleets of `vehicles:percent due` in
// DUE_MEASURE_FLEETS (default 200:5, 1000:5, 1000:1) × 10 schedules, the time the builder takes
// once, then a page of 50 with totalCount through the subgraph, from memory and from the index,
// alternated (median and p95 of 15 each). Prints a table; asserts only that both paths give the same
// answer.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tenantScope } from '@attunelogic/shared/mongo';
import { Fixtures, startHarness, truckingTenant, type TruckingHarness } from '../testing';
import { buildDueIndex, type DueClock } from './due-index';

const FLEETS = (process.env['DUE_MEASURE_FLEETS'] ?? '200:5,1000:5,1000:1').split(',').map((spec) => spec.split(':').map(Number) as [number, number]);
const SCHEDULES = 10;
const SAMPLES = 15;
const DUE = `query { maintenanceDue(first: 50) { totalCount edges { node { vehicle { id } schedule { id } status } } } }`;
const CREATE_SCHEDULE = `mutation ($input: CreateMaintenanceScheduleInput!) { createMaintenanceSchedule(input: $input) { id } }`;

let h: TruckingHarness;
let fx: Fixtures;
beforeAll(async () => {
  h = await startHarness('measure-trucking-due');
  fx = new Fixtures(h);
});
afterAll(async () => {
  await h?.close();
});

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const p95 = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)]!;
const ms = (value: number): string => `${value.toFixed(0)} ms`;

it('measures maintenanceDue from memory and from the index', async () => {
  const clock: DueClock = (tenantId) => h.clock({ tenantId });
  const rows: string[] = [];
  for (const [size, percent] of FLEETS) {
    const tenant = truckingTenant();
    const scope = tenantScope(tenant);
    const started = performance.now();
    // `percent` of the vehicles are past every schedule's miles; the days intervals are a year away.
    const every = Math.round(100 / percent);
    for (let i = 0; i < size; i++) await fx.vehicle(tenant, { unitNumber: `M-${i}`, odometer: i % every === 0 ? 120_000 : 10_000 + i });
    for (let s = 0; s < SCHEDULES; s++) {
      await fx.ok(tenant, CREATE_SCHEDULE, { input: { name: `S-${s}`, vehicleType: 'tractor', intervalMiles: 100_000 + s * 1_000, intervalDays: 365 } });
    }
    console.log(`fleet ${size}: seeded in ${ms(performance.now() - started)}`);
    const buildStarted = performance.now();
    const built = await buildDueIndex(h.models, { clock });
    const buildMs = performance.now() - buildStarted;
    console.log(`fleet ${size}: ${built.pairs} pairs built in ${ms(buildMs)}`);
    const build = (await h.models.MaintenanceDueBuild.findOne(scope).lean())!;
    const horizon = build.horizon;

    // The index path as built; the in-memory path by taking the horizon away (a read past it computes in memory).
    const run = async (path: 'memory' | 'index') => {
      await h.models.MaintenanceDueBuild.updateOne(scope, { $set: { horizon: path === 'index' ? horizon : 0 } });
      const t0 = performance.now();
      const result = await h.run<{ maintenanceDue: { totalCount: number; edges: unknown[] } }>(tenant, DUE);
      const took = performance.now() - t0;
      expect(result.errors).toBeUndefined();
      return { took, answer: JSON.stringify(result.data) };
    };
    const times = { memory: [] as number[], index: [] as number[] };
    const answers = new Set<string>();
    for (let i = 0; i < SAMPLES + 1; i++) {
      for (const path of ['memory', 'index'] as const) {
        const { took, answer } = await run(path);
        answers.add(answer);
        if (i > 0) times[path].push(took); // the first round warms both
      }
    }
    expect(answers.size).toBe(1);
    const due = JSON.parse([...answers][0]!) as { maintenanceDue: { totalCount: number } };
    rows.push(
      `| ${size} × ${SCHEDULES}, ${percent} % due | ${built.pairs} | ${due.maintenanceDue.totalCount} | ${ms(buildMs)} | ${ms(median(times.memory))} / ${ms(p95(times.memory))} | ${ms(median(times.index))} / ${ms(p95(times.index))} | ${(median(times.memory) / median(times.index)).toFixed(1)}× |`,
    );
  }
  console.log(
    [
      '',
      '| fleet | pairs | due lines | building (once) | in memory, median / p95 | from the index, median / p95 | memory ÷ index |',
      '| ----- | ----- | --------- | --------------- | ----------------------- | ---------------------------- | -------------- |',
      ...rows,
      '',
    ].join('\n'),
  );
});
