// `pnpm --filter @attunelogic/bench placement`: what per-tenant placement costs and buys, with small
// sizes so it runs alone in a minute or two (not part of `pnpm bench`).
//
// 1. A list page of a dedicated tenant (its own database) and of a pooled tenant, before and after
//    the pool grows tenfold: the queries a tenant's list runs (a page by the tenant index, and the
//    count), with the mongodb driver alone (no subgraph, no gateway: their cost is the same for both).
// 2. The per-request cost of the placement lookup on a warm cache: the subgraph's `PlacedModels.for`
//    (pooled and dedicated) and the gateway's cached `tenantBySlug`, in nanoseconds per lookup.
//
// PLACEMENT_TENANT_DOCS (200), PLACEMENT_POOL_DOCS (2000, grown to ten times as much) size it;
// MONGODB_URI names a server, or a private FerretDB is started.
import { Types, type Connection, type mongo } from 'mongoose';
import { startFerretDB, type RunningDatabase } from '@attunelogic/shared/dev';
import { connectDatabase } from '@attunelogic/shared/mongo';
import { createDirectory, PlacedModels, type PlacementRef } from '@attunelogic/shared/tenancy';

const TENANT_DOCS = Number(process.env['PLACEMENT_TENANT_DOCS'] ?? 200);
const POOL_DOCS = Number(process.env['PLACEMENT_POOL_DOCS'] ?? 2_000);
const OTHER_TENANTS = 20;
const SAMPLES = 60;
const SETTLE_MS = 5_000;
const LOOKUPS = 1_000_000;
const PREFIX = `bench-placement-${process.pid}`;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const p95 = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)]!;

const doc = (tenant: Types.ObjectId, i: number) => ({
  _id: new Types.ObjectId(),
  parentCompany: tenant,
  unitNumber: `U-${String(i).padStart(6, '0')}`,
  status: i % 3 === 0 ? 'inactive' : 'active',
  notes: 'x'.repeat(300),
  createdAt: new Date(),
});

async function insert(collection: mongo.Collection, tenant: Types.ObjectId, from: number, count: number): Promise<void> {
  for (let start = 0; start < count; start += 1_000) {
    await collection.insertMany(Array.from({ length: Math.min(1_000, count - start) }, (_, i) => doc(tenant, from + start + i)));
  }
}

/** The queries of a tenant's list page: 50 by the tenant index, and the total. */
const page = (collection: mongo.Collection, tenant: Types.ObjectId) =>
  Promise.all([collection.find({ parentCompany: tenant }).sort({ unitNumber: 1 }).limit(50).toArray(), collection.countDocuments({ parentCompany: tenant })]);

/** Both tenants' pages, alternated so that a busy moment of the shared machine falls on both alike. */
async function listLatencies(a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<[{ medianMs: number; p95Ms: number }, { medianMs: number; p95Ms: number }]> {
  await a();
  await b();
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < SAMPLES; i++) {
    for (const [j, run] of [a, b].entries()) {
      const t0 = performance.now();
      await run();
      times[j]!.push(performance.now() - t0);
    }
  }
  return [
    { medianMs: median(times[0]), p95Ms: p95(times[0]) },
    { medianMs: median(times[1]), p95Ms: p95(times[1]) },
  ];
}

function nsPerCall(run: () => unknown): number {
  for (let i = 0; i < 10_000; i++) run();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < LOOKUPS; i++) run();
  return Number(process.hrtime.bigint() - t0) / LOOKUPS;
}

async function nsPerAwaitedCall(run: () => unknown): Promise<number> {
  for (let i = 0; i < 10_000; i++) await run();
  const count = LOOKUPS / 10;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await run();
  return Number(process.hrtime.bigint() - t0) / count;
}

async function main(): Promise<void> {
  let database: RunningDatabase | undefined;
  const uri = process.env['MONGODB_URI'] ?? (database = await startFerretDB()).uri;
  let pool: Connection | undefined;
  try {
    pool = await connectDatabase(uri, `${PREFIX}-trucking`);
    const dedicatedTenant = new Types.ObjectId();
    const pooledTenant = new Types.ObjectId();
    const pooled = pool.db!.collection('vehicles');
    const own = pool.getClient().db(`${PREFIX}-trucking-t-${dedicatedTenant.toHexString()}`).collection('vehicles');
    await Promise.all([
      pooled.createIndex({ parentCompany: 1, unitNumber: 1 }, { unique: true }),
      own.createIndex({ parentCompany: 1, unitNumber: 1 }, { unique: true }),
    ]);
    await insert(own, dedicatedTenant, 0, TENANT_DOCS);
    await insert(pooled, pooledTenant, 0, TENANT_DOCS);
    const others = Array.from({ length: OTHER_TENANTS }, () => new Types.ObjectId());
    const fill = async (perTenant: number, from: number) => {
      for (const tenant of others) await insert(pooled, tenant, from, perTenant);
    };
    const perTenant = Math.ceil(POOL_DOCS / OTHER_TENANTS);
    await fill(perTenant, 0);

    const rows: string[] = [];
    const measure = async (label: string) => {
      const total = await pooled.estimatedDocumentCount();
      // The database settles after a bulk insert (PostgreSQL's autovacuum and statistics) before it is timed.
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const [d, p] = await listLatencies(
        () => page(own, dedicatedTenant),
        () => page(pooled, pooledTenant),
      );
      rows.push(
        `| ${label} (${total.toLocaleString('en-US')} documents in the pool) | ${d.medianMs.toFixed(2)} / ${d.p95Ms.toFixed(2)} | ${p.medianMs.toFixed(2)} / ${p.p95Ms.toFixed(2)} |`,
      );
    };
    await measure('before');
    await fill(perTenant * 9, perTenant);
    await measure('pool grown tenfold');

    // The lookups, on a warm cache.
    const placed = new PlacedModels({ connection: pool, create: (connection) => ({ connection }) });
    const dedicatedRef: PlacementRef = { mode: 'dedicated', version: 1, external: false };
    const pooledRef: PlacementRef = { mode: 'pooled', version: 0, external: false };
    const dedicatedContext = { tenantId: dedicatedTenant.toHexString(), placement: dedicatedRef };
    const pooledContext = { tenantId: pooledTenant.toHexString(), placement: pooledRef };
    await placed.for(dedicatedContext);
    const core = await connectDatabase(uri, `${PREFIX}-core`);
    await core.db!.collection('customers').insertOne({ slug: 'bench-placement', appType: 'trucking', placement: { mode: 'dedicated', version: 1, moving: null } });
    const directory = createDirectory(core, { ttlMs: 60_000 });
    await directory.tenantBySlug('bench-placement');
    const lookups = [
      `| subgraph: models of a pooled tenant (\`PlacedModels.for\`) | ${nsPerCall(() => placed.for(pooledContext)).toFixed(0)} |`,
      `| subgraph: models of a dedicated tenant (\`PlacedModels.for\`, cached) | ${nsPerCall(() => placed.for(dedicatedContext)).toFixed(0)} |`,
      `| subgraph: the same, awaited as a request does | ${(await nsPerAwaitedCall(() => placed.for(dedicatedContext))).toFixed(0)} |`,
      `| gateway: tenant record with its placement (\`tenantBySlug\`, cached, awaited) | ${(await nsPerAwaitedCall(() => directory.tenantBySlug('bench-placement'))).toFixed(0)} |`,
    ];
    await core.dropDatabase();
    await core.close();

    console.log(`\nList page (50 by the tenant index + count), ${TENANT_DOCS} documents of the tenant, median / p95 ms over ${SAMPLES}:\n`);
    console.log('| pool | dedicated tenant | pooled tenant |\n| --- | ---: | ---: |');
    for (const row of rows) console.log(row);
    console.log(`\nPlacement lookup on a warm cache, ns per lookup (${LOOKUPS.toLocaleString('en-US')} calls; awaited: a tenth):\n`);
    console.log('| lookup | ns |\n| --- | ---: |');
    for (const row of lookups) console.log(row);

    await own.db.dropDatabase();
    await pool.dropDatabase();
  } finally {
    await pool?.close();
    await database?.stop();
  }
}

await main();
