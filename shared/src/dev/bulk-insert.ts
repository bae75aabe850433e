import { createInterface } from 'node:readline';
import mongoose, { type Connection, type Model } from 'mongoose';
import { isPlacedSubgraph, modelsByTenant, PlacedModels, placementUriFromDirectory } from '../tenancy/placement';
import { openCommandDatabases } from './seed-command';

/** Documents of each collection mongoose validates before the rest go in unvalidated. */
const VALIDATED_SAMPLE = 5;

/** One line of a bulk insert's input: a batch of documents for one of the subgraph's models. */
export interface BulkBatch {
  /** What the batch belongs to, in messages and the reply (e.g. `trucking.loads`). */
  readonly label: string;
  /** The model's name in the subgraph's models (e.g. `Load`). */
  readonly model: string;
  readonly docs: readonly Record<string, unknown>[];
}

/** The line written back for each batch once it is in the database. */
export interface BulkReply {
  readonly label: string;
  readonly inserted: number;
}

const isModel = (value: unknown): value is Model<unknown> => typeof value === 'function' && 'collection' in value && 'applyDefaults' in value;

/**
 * The `main` of a subgraph's bulk insert (the benchmark's data set goes in through it): reads
 * batches from stdin, one Extended JSON `BulkBatch` per line, and answers each with a `BulkReply`
 * line on stdout once inserted. The first documents of each label are validated by the subgraph's
 * own model (a model that changed shape fails here, with mongoose's message); every document gets
 * the model's defaults and timestamps and goes in through the driver, which is several times faster
 * than mongoose's insertMany. Any failure ends it with exit code 1 and one line on stderr.
 */
export async function runBulkInsert(name: string, createModels: (connection: Connection) => object): Promise<void> {
  // Each document goes to its tenant's databases (placement): a dedicated tenant's never to the pool.
  const placedSubgraph = isPlacedSubgraph(name);
  const databases = await openCommandDatabases(`${name} bulk insert`, placedSubgraph ? [name, 'core'] : [name]);
  const placed = new PlacedModels({
    connection: databases[name]!,
    create: (connection) => createModels(connection) as Record<string, unknown>,
    ...(placedSubgraph ? { readUri: placementUriFromDirectory(databases['core']!) } : {}),
  });
  const modelsOf = placedSubgraph ? modelsByTenant(placed, databases['core']!) : () => Promise.resolve(placed.pooled);
  const byTenant = new Map<string, Promise<Record<string, unknown>>>();
  const prepared = new Set<string>();
  try {
    for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
      if (!line.trim()) continue;
      const batch = mongoose.mongo.BSON.EJSON.parse(line) as BulkBatch;
      const groups = new Map<string, Record<string, unknown>[]>();
      for (const doc of batch.docs) {
        const tenant = String(doc['parentCompany'] ?? '');
        groups.set(tenant, [...(groups.get(tenant) ?? []), doc]);
      }
      for (const [tenant, docs] of groups) {
        let models = byTenant.get(tenant);
        if (!models) byTenant.set(tenant, (models = tenant ? modelsOf(tenant) : Promise.resolve(placed.pooled)));
        const model = (await models)[batch.model];
        if (!isModel(model)) throw new Error(`${batch.label}: ${name} has no model ${batch.model}`);
        if (!prepared.has(batch.label)) {
          prepared.add(batch.label);
          await model.init();
          for (const doc of docs.slice(0, VALIDATED_SAMPLE)) {
            try {
              await new model(doc).validate();
            } catch (error) {
              throw new Error(`${batch.label}: a document does not validate against the model: ${(error as Error).message}`);
            }
          }
        }
        await model.collection.insertMany(
          docs.map((doc) => model.applyTimestamps(model.applyDefaults({ ...doc }))),
          { ordered: true },
        );
      }
      process.stdout.write(`${JSON.stringify({ label: batch.label, inserted: batch.docs.length } satisfies BulkReply)}\n`);
    }
  } catch (error) {
    console.error(`${name} bulk insert: ${(error as Error).message}`);
    process.exitCode = 1;
  } finally {
    await placed.close();
    await databases.close();
  }
}
