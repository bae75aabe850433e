import { MultiBar, Presets } from 'cli-progress';
import { type Connection, type Model } from 'mongoose';
import { connectDatabase } from '@attunelogic/shared';
import { createCoreModels } from '@attunelogic/subgraph-core';
import { createServiceModels } from '@attunelogic/subgraph-service';
import { createTruckingModels } from '@attunelogic/subgraph-trucking';
import { prng, serviceDocs, tenantDoc, tenants, truckingDocs, userDocs, type DataShape, type SeedTenant } from './data';

const BATCH = 1_000;

/** One collection to fill: its label in the progress bars and report, its model, its documents. */
interface Job {
  readonly label: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- models of different document types share one queue
  readonly model: Model<any>;
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

/** Documents mongoose validates per collection before the rest goes in unvalidated. */
const VALIDATED_SAMPLE = 5;

/**
 * Inserts the jobs one after the other in batches, reporting progress. A sample of each collection
 * is validated by its mongoose model (a model that changed shape fails here, with mongoose's
 * message); every document gets the model's defaults and timestamps, and goes in through the
 * driver: mongoose's own insertMany casts every sub-document and is several times slower.
 */
export async function insertAll(jobs: readonly Job[], progress: Progress): Promise<void> {
  for (const job of jobs) {
    await job.model.init();
    for (const doc of job.docs.slice(0, VALIDATED_SAMPLE)) {
      try {
        await new job.model(doc).validate();
      } catch (error) {
        throw new Error(`${job.label}: a seeded document does not validate against the model: ${(error as Error).message}`);
      }
    }
    const report = progress.track(job.label, job.docs.length);
    for (let i = 0; i < job.docs.length; i += BATCH) {
      const batch = job.docs.slice(i, i + BATCH).map((doc) => job.model.applyTimestamps(job.model.applyDefaults({ ...doc })));
      await job.model.collection.insertMany(batch, { ordered: true });
      report(Math.min(i + BATCH, job.docs.length));
    }
    if (job.docs.length === 0) report(0);
  }
}

export interface SeedConnections {
  readonly core: Connection;
  readonly trucking: Connection;
  readonly service: Connection;
  close(): Promise<void>;
}

/** Connections to the three subgraphs' databases `<prefix>-core|trucking|service`. */
export async function connectAll(uri: string, prefix: string): Promise<SeedConnections> {
  const [core, trucking, service] = await Promise.all(['core', 'trucking', 'service'].map((name) => connectDatabase(uri, `${prefix}-${name}`)));
  return {
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
  const core = createCoreModels(connections.core);
  const trucking = createTruckingModels(connections.trucking);
  const service = createServiceModels(connections.service);

  const truckingData = all.filter((t) => t.appType === 'trucking').map((t) => truckingDocs(t, shape, random));
  const serviceData = all.filter((t) => t.appType === 'serviceRepair').map((t) => serviceDocs(t, shape, random));
  const flat = <K extends string>(rows: readonly Record<K, readonly Record<string, unknown>[]>[], key: K) => rows.flatMap((r) => r[key]);

  const coreJobs: Job[] = [
    { label: 'core.customers (tenants)', model: core.Tenant, docs: all.map(tenantDoc) },
    { label: 'core.users', model: core.User, docs: all.flatMap(userDocs) },
  ];
  const truckingJobs: Job[] = [
    { label: 'trucking.vehicles', model: trucking.Vehicle, docs: flat(truckingData, 'vehicles') },
    { label: 'trucking.drivers', model: trucking.Driver, docs: flat(truckingData, 'drivers') },
    { label: 'trucking.loads', model: trucking.Load, docs: flat(truckingData, 'loads') },
    { label: 'trucking.driver_locations', model: trucking.DriverLocation, docs: flat(truckingData, 'pings') },
  ];
  const serviceJobs: Job[] = [
    { label: 'service.inventoryLocations', model: service.InventoryLocation, docs: flat(serviceData, 'locations') },
    { label: 'service.inventoryItems', model: service.InventoryItem, docs: flat(serviceData, 'items') },
    { label: 'service.stock', model: service.Stock, docs: flat(serviceData, 'stock') },
    { label: 'service.customers', model: service.Customer, docs: flat(serviceData, 'customers') },
    { label: 'service.technicians', model: service.Technician, docs: flat(serviceData, 'technicians') },
    { label: 'service.workOrders', model: service.WorkOrder, docs: flat(serviceData, 'workOrders') },
  ];
  await insertAll(coreJobs, progress);
  await Promise.all([insertAll(truckingJobs, progress), insertAll(serviceJobs, progress)]);
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
  const trucking = createTruckingModels(connections.trucking);
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
  await insertAll([{ label: `trucking.loads ×${factor} (others)`, model: trucking.Load, docs }], progress);
  return docs.length;
}
