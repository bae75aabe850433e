// `pnpm --filter @attunelogic/bench backends`: FerretDB's storage backends side by side, with the
// mongodb driver alone (no subgraph, no gateway). One collection with the tenant index
// `{parentCompany: 1, _id: -1}`, one tenant of 60 documents, and the other tenants' documents grown
// step by step; at each step the median of the queries a tenant's pages run, and `explain`.
import mongoose, { Types } from 'mongoose';
import { startFerretDB, type EmbeddedBackend, type RunningDatabase } from '@attunelogic/shared/dev';
import { parseExplain } from './parse';

const STEPS = (process.env['BACKENDS_STEPS'] ?? '1500,15000,100000').split(',').map(Number);
/** `postgresql-plain`: PostgreSQL without the GIN companions of FerretDB's indexes (tools/ferretdb/companions.go). */
const VARIANTS: Record<string, { backend: EmbeddedBackend; launcherArgs?: string[] }> = {
  postgresql: { backend: 'postgresql' },
  'postgresql-plain': { backend: 'postgresql', launcherArgs: ['-gin-companions=false'] },
  sqlite: { backend: 'sqlite' },
};
const BACKENDS = (process.env['BACKENDS'] ?? 'postgresql,postgresql-plain,sqlite').split(',');
const SAMPLES = 15;
const TENANT_DOCS = 60;
const OTHER_TENANTS = 49;
/** A query slower than this stops the backend's run: the larger steps would take minutes each. */
const GIVE_UP_MS = 5_000;

interface Row {
  backend: string;
  documents: number;
  query: string;
  medianMs: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

async function timed(run: () => Promise<unknown>): Promise<number> {
  await run(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const doc = (tenant: Types.ObjectId, i: number) => ({
  _id: new Types.ObjectId(),
  parentCompany: tenant,
  status: i % 3 === 0 ? 'delivered' : 'planned',
  reference: `REF-${i}`,
  weightKg: 1000 + (i % 20_000),
  notes: 'x'.repeat(300),
  createdAt: new Date(),
});

async function measure(backend: string, rows: Row[]): Promise<void> {
  let database: RunningDatabase | undefined;
  const connection = mongoose.createConnection();
  try {
    const variant = VARIANTS[backend];
    if (!variant) throw new Error(`unknown backend ${backend}: ${Object.keys(VARIANTS).join(', ')}`);
    database = await startFerretDB(variant);
    await connection.openUri(database.uri, { dbName: 'backends' });
    const items = connection.db!.collection('items');
    await items.createIndex({ parentCompany: 1, _id: -1 });
    const tenant = new Types.ObjectId();
    const others = Array.from({ length: OTHER_TENANTS }, () => new Types.ObjectId());
    await items.insertMany(Array.from({ length: TENANT_DOCS }, (_, i) => doc(tenant, i)));
    const some = await items.find({ parentCompany: tenant }).limit(30).toArray();
    const middle = some[29]!._id;
    let count = TENANT_DOCS;

    const queries: Record<string, () => Promise<unknown>> = {
      'first page: find({parentCompany}).sort({_id:-1}).limit(21)': () => items.find({ parentCompany: tenant }).sort({ _id: -1 }).limit(21).toArray(),
      'next page: + $and [{_id: {$lt: cursor}}]': () =>
        items
          .find({ parentCompany: tenant, $and: [{ _id: { $lt: middle } }] })
          .sort({ _id: -1 })
          .limit(21)
          .toArray(),
      'countDocuments({parentCompany})': () => items.countDocuments({ parentCompany: tenant }),
      'by id: find({_id, parentCompany})': () => items.findOne({ _id: middle, parentCompany: tenant }),
      'by ids: find({_id: {$in: [5]}, parentCompany})': () => items.find({ _id: { $in: some.slice(0, 5).map((d) => d._id) }, parentCompany: tenant }).toArray(),
    };

    for (const target of STEPS) {
      while (count < target) {
        const batch = Math.min(2_000, target - count);
        await items.insertMany(Array.from({ length: batch }, (_, i) => doc(others[(count + i) % OTHER_TENANTS]!, count + i)));
        count += batch;
      }
      let slowest = 0;
      for (const [query, run] of Object.entries(queries)) {
        const medianMs = await timed(run);
        slowest = Math.max(slowest, medianMs);
        rows.push({ backend, documents: count, query, medianMs });
        console.log(`${backend.padEnd(16)} ${String(count).padStart(7)} docs  ${medianMs.toFixed(1).padStart(8)} ms  ${query}`);
      }
      const explain = (await connection.db!.command({
        explain: { find: 'items', filter: { parentCompany: tenant }, sort: { _id: -1 }, limit: 21 },
        verbosity: 'queryPlanner',
      })) as Record<string, unknown>;
      const parsed = parseExplain(explain);
      console.log(
        `${backend.padEnd(16)} explain: filterPushdown ${String(parsed.filterPushdown)}, sortPushdown ${String(parsed.sortPushdown)}, index used ${String(parsed.usesIndex)}: ${parsed.plan.join(' | ')}`,
      );
      if (slowest > GIVE_UP_MS) {
        console.log(`${backend}: a query took over ${GIVE_UP_MS / 1000} s; the larger steps are left out`);
        break;
      }
    }
  } finally {
    await connection.close();
    await database?.stop();
  }
}

const rows: Row[] = [];
for (const backend of BACKENDS) await measure(backend, rows);

// Median ms per query and size, one column per backend and size, and the growth from the first size to the second.
const sizes = [...new Set(rows.map((r) => r.documents))].sort((a, b) => a - b);
const queries = [...new Set(rows.map((r) => r.query))];
const columns = BACKENDS.flatMap((b) => sizes.filter((n) => rows.some((r) => r.backend === b && r.documents === n)).map((n) => ({ b, n })));
console.log(`\n| query | ${columns.map((c) => `${c.b} ${c.n.toLocaleString('en-US')} docs`).join(' | ')} |`);
console.log(`|---|${columns.map(() => '---:').join('|')}|`);
for (const query of queries) {
  const cells = columns.map((c) => rows.find((r) => r.backend === c.b && r.documents === c.n && r.query === query)?.medianMs);
  console.log(`| \`${query}\` | ${cells.map((ms) => (ms === undefined ? '–' : `${ms.toFixed(1)} ms`)).join(' | ')} |`);
}
process.exit(0);
