// `pnpm --filter @attunelogic/shared run bench:portability`: what exporting, erasing and importing a
// tenant costs as it grows. DOCS documents (default 20 000) of one tenant in a trucking collection,
// beside as many of another tenant, on a private FerretDB (or MONGODB_URI); prints wall time, the
// process's CPU time and its peak resident memory for each step, and the archive's size.
import { createWriteStream, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ObjectId } from 'mongodb';
import { connectDatabase } from '../../mongo/connect';
import { startFerretDB } from '../../mongo/embedded';
import { eraseTenant, exportTenant, importTenant, sweepTenant, type PortabilityOptions } from './index';

const DOCS = Number(process.env['DOCS'] ?? 20_000);
const external = process.env['MONGODB_URI'];
const database = external ? undefined : await startFerretDB();
const uri = external ?? database!.uri;
const prefix = `bench-portability-${Date.now()}`;
const core = await connectDatabase(uri, `${prefix}-core`);
const folder = await mkdtemp(path.join(tmpdir(), 'portability-bench-'));
const options: PortabilityOptions = { core, storage: null };
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

async function tenant(slug: string): Promise<string> {
  const id = new ObjectId();
  await core.collection('customers').insertOne({ _id: id, slug, name: slug, appType: 'trucking', active: true, metadata: {} });
  return id.toHexString();
}

async function fill(tenantId: string): Promise<void> {
  const loads = core.getClient().db(`${prefix}-trucking`).collection('loads');
  // As every model of the subgraphs has: its queries lead with the tenant.
  await loads.createIndex({ parentCompany: 1, _id: 1 });
  for (let i = 0; i < DOCS; i += 1_000) {
    await loads.insertMany(
      Array.from({ length: Math.min(1_000, DOCS - i) }, (_, j) => ({
        parentCompany: new ObjectId(tenantId),
        referenceNumber: `L-${i + j}`,
        status: 'delivered',
        rateCents: 100_000 + j,
        stops: [
          { type: 'pickup', city: 'Chicago', window: { start: new Date(), end: new Date() } },
          { type: 'delivery', city: 'Dallas', window: { start: new Date(), end: new Date() } },
        ],
        createdAt: new Date(),
      })),
    );
  }
}

async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  peakRss = process.memoryUsage().rss;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await run();
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  console.log(
    `${name.padEnd(8)} ${(wall / 1000).toFixed(2).padStart(7)} s wall  ${((used.user + used.system) / 1e6).toFixed(2).padStart(6)} s cpu  ${(DOCS / (wall / 1000)).toFixed(0).padStart(7)} docs/s  peak rss ${(peakRss / 1e6).toFixed(0)} MB`,
  );
  return result;
}

try {
  const source = await tenant('bench-source');
  const bystander = await tenant('bench-bystander');
  await fill(source);
  await fill(bystander);
  const file = path.join(folder, 'source.tar.gz');
  console.log(`${DOCS} documents of the tenant (and ${DOCS} of another) on ${external ? uri : 'a private FerretDB'}`);
  await step('export', () => exportTenant(options, source, createWriteStream(file)));
  console.log(`archive  ${(statSync(file).size / 1e6).toFixed(2)} MB`);
  await core.collection('customers').updateOne({ _id: new ObjectId(source) }, { $set: { active: false } });
  await step('erase', () => eraseTenant(options, source));
  const rows = await step('sweep', () => sweepTenant(options, source));
  console.log(`sweep    ${rows.reduce((n, row) => n + row.remaining, 0)} remaining`);
  const target = await tenant('bench-target');
  await step('import', () => importTenant(options, target, file));
} finally {
  clearInterval(sampler);
  await core.dropDatabase().catch(() => undefined);
  for (const name of ['trucking', 'audit', 'events', 'auth', 'service'])
    await core
      .getClient()
      .db(`${prefix}-${name}`)
      .dropDatabase()
      .catch(() => undefined);
  await core.close();
  await database?.stop();
  await rm(folder, { recursive: true, force: true });
}
