import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { MultiBar, Presets } from 'cli-progress';
import mongoose, { type Connection } from 'mongoose';
import { connectDatabase } from '@attunelogic/shared/mongo';
import { repoRoot, type BulkReply } from '@attunelogic/shared/dev';
import { prng, serviceDocs, tenantDoc, tenants, truckingDocs, userDocs, type DataShape, type SeedTenant } from './data';

const BATCH = 1_000;

type SubgraphName = 'core' | 'trucking' | 'service';

/** One collection to fill: its label in the progress bars and report, the subgraph and model it belongs to, its documents. */
interface Job {
  readonly label: string;
  readonly subgraph: SubgraphName;
  /** The model's name among the subgraph's models (e.g. `Load`). */
  readonly model: string;
  readonly docs: readonly Record<string, unknown>[];
}

/** Progress of bulk inserts: bars on a terminal, one line per finished collection otherwise. */
export class Progress {
  readonly #bars: MultiBar | null;
  constructor(tty = Boolean(process.stdout.isTTY)) {
    this.#bars = tty
      ? new MultiBar(
          { format: ' {label} |{bar}| {value}/{total} documents  {eta_formatted}', hideCursor: true, clearOnComplete: false, stopOnComplete: false },
          Presets.shades_classic,
        )
      : null;
  }
  track(label: string, total: number): (done: number) => void {
    const bar = this.#bars?.create(total, 0, { label: label.padEnd(26) });
    const started = Date.now();
    return (done) => {
      bar?.update(done);
      if (!this.#bars && done === total) console.log(`  seeded ${label}: ${total.toLocaleString('en-US')} documents in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    };
  }
  stop(): void {
    this.#bars?.stop();
  }
}

/**
 * A subgraph's bulk insert (`subgraphs/<name>/src/bulk-insert.ts`) in a process of its own, fed one
 * batch at a time: the subgraph validates a sample of each collection against its own models and
 * applies their defaults and timestamps, so the bench never loads a subgraph's code.
 */
class BulkWriter {
  readonly #child: ChildProcess;
  readonly #replies: ((reply: BulkReply | Error) => void)[] = [];
  #stderr = '';
  #exit: Promise<number>;

  constructor(
    readonly name: SubgraphName,
    target: { uri: string; prefix: string },
  ) {
    this.#child = spawn(process.execPath, ['--import', 'tsx', 'src/bulk-insert.ts'], {
      cwd: path.join(repoRoot(), 'subgraphs', name),
      env: { ...process.env, MONGODB_URI: target.uri, MONGODB_DB_PREFIX: target.prefix, LOG_LEVEL: 'silent' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.#child.stderr?.on('data', (chunk: Buffer) => (this.#stderr = (this.#stderr + chunk.toString()).slice(-4_000)));
    createInterface({ input: this.#child.stdout! }).on('line', (line) => this.#replies.shift()?.(JSON.parse(line) as BulkReply));
    this.#exit = new Promise((resolve) => this.#child.once('close', (code) => resolve(code ?? 1)));
    void this.#exit.then((code) => {
      const failure = new Error(`${name} bulk insert exited (${code}): ${this.#stderr.trim() || 'no message'}`);
      for (const reply of this.#replies.splice(0)) reply(failure);
    });
  }

  /** Sends one batch and resolves once the subgraph has inserted it. */
  async insert(label: string, model: string, docs: readonly Record<string, unknown>[]): Promise<void> {
    const reply = new Promise<BulkReply | Error>((resolve) => this.#replies.push(resolve));
    this.#child.stdin!.write(`${mongoose.mongo.BSON.EJSON.stringify({ label, model, docs })}\n`);
    const result = await reply;
    if (result instanceof Error) throw result;
  }

  /** Ends the input and waits for the process; a failure says what the subgraph said. */
  async close(): Promise<void> {
    this.#child.stdin!.end();
    const code = await this.#exit;
    if (code !== 0) throw new Error(`${this.name} bulk insert exited (${code}): ${this.#stderr.trim() || 'no message'}`);
  }
}

/**
 * Inserts the jobs one after the other in batches through their subgraphs' bulk inserts, reporting
 * progress; jobs of different subgraphs may run side by side (one process per subgraph and call).
 */
export async function insertAll(target: { uri: string; prefix: string }, jobs: readonly Job[], progress: Progress): Promise<void> {
  const writers = new Map<SubgraphName, BulkWriter>();
  const writer = (name: SubgraphName) => writers.get(name) ?? writers.set(name, new BulkWriter(name, target)).get(name)!;
  try {
    for (const job of jobs) {
      const report = progress.track(job.label, job.docs.length);
      for (let i = 0; i < job.docs.length; i += BATCH) {
        await writer(job.subgraph).insert(job.label, job.model, job.docs.slice(i, i + BATCH));
        report(Math.min(i + BATCH, job.docs.length));
      }
      if (job.docs.length === 0) report(0);
    }
  } finally {
    await Promise.all([...writers.values()].map((w) => w.close()));
  }
}

export interface SeedConnections {
  readonly uri: string;
  readonly prefix: string;
  readonly core: Connection;
  readonly trucking: Connection;
  readonly service: Connection;
  close(): Promise<void>;
}

/** Connections to the three subgraphs' databases `<prefix>-core|trucking|service`. */
export async function connectAll(uri: string, prefix: string): Promise<SeedConnections> {
  const [core, trucking, service] = await Promise.all(['core', 'trucking', 'service'].map((name) => connectDatabase(uri, `${prefix}-${name}`)));
  return {
    uri,
    prefix,
    core: core!,
    trucking: trucking!,
    service: service!,
    close: async () => {
      await Promise.all([core!.close(), trucking!.close(), service!.close()]);
    },
  };
}

export interface Seeded {
  readonly tenants: readonly SeedTenant[];
  /** Documents per collection, e.g. `trucking.loads`. */
  readonly counts: Record<string, number>;
  readonly seconds: number;
}

/**
 * Seeds the whole data set: tenants and users in core, then trucking and service data in parallel
 * (the database serialises writes per database, not across them).
 */
export async function seedDataset(connections: SeedConnections, shape: DataShape, progress: Progress): Promise<Seeded> {
  const started = Date.now();
  const random = prng(8);
  const all = tenants(shape);
  const truckingData = all.filter((t) => t.appType === 'trucking').map((t) => truckingDocs(t, shape, random));
  const serviceData = all.filter((t) => t.appType === 'serviceRepair').map((t) => serviceDocs(t, shape, random));
  const flat = <K extends string>(rows: readonly Record<K, readonly Record<string, unknown>[]>[], key: K) => rows.flatMap((r) => r[key]);

  const coreJobs: Job[] = [
    { label: 'core.customers (tenants)', subgraph: 'core', model: 'Tenant', docs: all.map(tenantDoc) },
    { label: 'core.users', subgraph: 'core', model: 'User', docs: all.flatMap(userDocs) },
  ];
  const truckingJobs: Job[] = [
    { label: 'trucking.vehicles', subgraph: 'trucking', model: 'Vehicle', docs: flat(truckingData, 'vehicles') },
    { label: 'trucking.drivers', subgraph: 'trucking', model: 'Driver', docs: flat(truckingData, 'drivers') },
    { label: 'trucking.loads', subgraph: 'trucking', model: 'Load', docs: flat(truckingData, 'loads') },
    { label: 'trucking.driver_locations', subgraph: 'trucking', model: 'DriverLocation', docs: flat(truckingData, 'pings') },
  ];
  const serviceJobs: Job[] = [
    { label: 'service.inventoryLocations', subgraph: 'service', model: 'InventoryLocation', docs: flat(serviceData, 'locations') },
    { label: 'service.inventoryItems', subgraph: 'service', model: 'InventoryItem', docs: flat(serviceData, 'items') },
    { label: 'service.stock', subgraph: 'service', model: 'Stock', docs: flat(serviceData, 'stock') },
    { label: 'service.customers', subgraph: 'service', model: 'Customer', docs: flat(serviceData, 'customers') },
    { label: 'service.technicians', subgraph: 'service', model: 'Technician', docs: flat(serviceData, 'technicians') },
    { label: 'service.workOrders', subgraph: 'service', model: 'WorkOrder', docs: flat(serviceData, 'workOrders') },
  ];
  await insertAll(connections, coreJobs, progress);
  await Promise.all([insertAll(connections, truckingJobs, progress), insertAll(connections, serviceJobs, progress)]);
  const counts = Object.fromEntries([...coreJobs, ...truckingJobs, ...serviceJobs].map((j) => [j.label.replace(/ \(.*\)$/, ''), j.docs.length]));
  return { tenants: all, counts, seconds: (Date.now() - started) / 1000 };
}

/**
 * Grows the other trucking tenants' loads `factor`-fold (adds factor − 1 times what each has),
 * leaving `keep` untouched. Returns how many documents were added.
 */
export async function growOtherTenantsLoads(
  connections: SeedConnections,
  all: readonly SeedTenant[],
  keep: SeedTenant,
  shape: DataShape,
  factor: number,
  progress: Progress,
): Promise<number> {
  const random = prng(80);
  const docs = all
    .filter((t) => t.appType === 'trucking' && t.slug !== keep.slug)
    .flatMap((t) => {
      const base = truckingDocs(t, shape, random);
      // Fresh loads for the tenant's existing drivers and vehicles are not needed for a plain list:
      // the list reads loads only, so new references may point anywhere.
      return truckingDocs(t, shape, random, { loadOffset: shape.loads, loads: shape.loads * (factor - 1) }).loads.map((load) => ({
        ...load,
        driver: base.drivers[0]?._id ?? null,
        vehicle: base.vehicles[0]?._id ?? null,
      }));
    });
  await insertAll(connections, [{ label: `trucking.loads ×${factor} (others)`, subgraph: 'trucking', model: 'Load', docs }], progress);
  return docs.length;
}
