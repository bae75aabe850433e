// Moving a tenant's data between placements online (`pnpm tenant move`), without transactions:
// every step is recorded in the tenant record (`placement.moving`) before its work, so a mover
// killed at any point resumes where it stood (`--resume`) or, before the switch, rolls back
// (`--rollback`), with nothing lost.
//
//   holding    writes held (the gateways answer the tenant's mutations 503 with Retry-After);
//              the mover waits out the gateways' record cache (TENANT_CACHE_TTL_MS) so every
//              instance holds them before anything is copied
//   copying    collection by collection, in batches sorted by _id; a collection is first cleared
//              of the tenant's documents in the target, so a copy cut short is simply redone
//   verifying  counts and a checksum per collection (canonical EJSON of each document, by _id)
//   switched   the placement itself changes, atomically in one update (version + 1); the mover
//              waits out the cache again so no instance reads the source any more
//   cleaning   writes flow again (to the target); the tenant's documents leave the source
//
// Reads never stop: until the switch they read the source, which is complete and unchanged.
// Every step is an audit event in the tenant's chain, as the other operators' commands.
import { createHash } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { conflict, notFound } from '@attunelogic/shared/errors';
import { PLACED_SUBGRAPHS, placementOf, tenantDatabases, type MovePhase, type Placement, type PlacementMove, type PlacementTarget } from '@attunelogic/shared/tenancy';
import { recordOperatorEvent } from '../audit/audit.service';
import { type CoreModels } from '../models';

type Db = mongoose.mongo.Db;
type Document = mongoose.mongo.Document;

/** The deployment's databases: the prefix of their names, the server, and core's connection to it. */
export interface MoveDeployment {
  prefix: string;
  uri: string;
  /** Core's connection: its client reaches every database on the deployment's server. */
  connection: Connection;
}

/** Where a move reports what it does (a progress bar on stderr in the CLI). */
export interface MoveProgress {
  say(line: string): void;
  start(label: string, total: number): void;
  advance(count: number): void;
  stop(): void;
}

export interface MoveOptions {
  /** Who moves the tenant, for the audit events (`operator:<login>`). */
  actor: string;
  /** How long a gateway may keep a tenant record (TENANT_CACHE_TTL_MS): waited after the hold and after the switch. */
  cacheTtlMs: number;
  /** Documents per batch (default 500). */
  batchSize?: number;
  /** A pause after each batch, to spare a busy database (default none). */
  pauseMs?: number;
  progress?: MoveProgress;
  /** Called after every batch copied (the tests stop a move there). */
  afterBatch?: (collection: string, copied: number) => Promise<void> | void;
  sleep?: (ms: number) => Promise<void>;
}

/** One collection's fingerprint: how many of the tenant's documents, and their hash. */
export interface CollectionSum {
  count: number;
  sha256: string;
}

const quiet: MoveProgress = { say: () => undefined, start: () => undefined, advance: () => undefined, stop: () => undefined };
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const VERIFY_ATTEMPTS = 3;

/** A target without its URI (which may carry credentials), as logs and audit events show it. */
export const describeTarget = (target: PlacementTarget): string => (target.mode === 'dedicated' && target.uri ? 'dedicated (own server)' : target.mode);
const redacted = (placement: Partial<Placement> | PlacementMove | null | undefined): Record<string, unknown> =>
  JSON.parse(JSON.stringify(placement ?? {}, (key, value: unknown) => (key === 'uri' ? '***' : value))) as Record<string, unknown>;

/** A document as canonical text: extended JSON (types kept) with every object's keys sorted. */
export function canonicalDocument(doc: Document): string {
  const sort = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sort);
    if (value && typeof value === 'object')
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((key) => [key, sort((value as Record<string, unknown>)[key])]),
      );
    return value;
  };
  return JSON.stringify(sort(mongoose.mongo.BSON.EJSON.serialize(doc, { relaxed: false })));
}

/** The count and checksum of a tenant's documents in one collection, read in `_id` order. */
export async function collectionSum(db: Db, collection: string, tenantId: string): Promise<CollectionSum> {
  const hash = createHash('sha256');
  let count = 0;
  for await (const doc of db
    .collection(collection)
    .find({ parentCompany: new mongoose.Types.ObjectId(tenantId) })
    .sort({ _id: 1 })) {
    hash.update(canonicalDocument(doc)).update('\n');
    count += 1;
  }
  return { count, sha256: hash.digest('hex') };
}

/** The databases of one placement, opened (another server gets its own client, closed by `close`). */
class Servers {
  readonly #clients = new Map<string, Promise<mongoose.mongo.MongoClient>>();
  constructor(private readonly deployment: MoveDeployment) {}

  async databases(tenantId: string, target: PlacementTarget): Promise<{ subgraph: string; db: Db; dedicated: boolean }[]> {
    const listed = tenantDatabases({ id: tenantId, placement: target }, { prefix: this.deployment.prefix, uri: this.deployment.uri, subgraphs: PLACED_SUBGRAPHS });
    return Promise.all(
      listed.map(async (database) => ({ subgraph: database.subgraph, db: (await this.#client(database.uri)).db(database.name), dedicated: !database.shared })),
    );
  }

  #client(uri: string): Promise<mongoose.mongo.MongoClient> {
    if (uri === this.deployment.uri) return Promise.resolve(this.deployment.connection.getClient());
    let client = this.#clients.get(uri);
    if (!client) {
      client = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: 5_000, retryWrites: false }).connect();
      this.#clients.set(uri, client);
    }
    return client;
  }

  async close(): Promise<void> {
    const clients = await Promise.allSettled(this.#clients.values());
    await Promise.all(clients.map((client) => (client.status === 'fulfilled' ? client.value.close() : undefined)));
  }
}

/** The tenant's collections in a database (every collection but the server's own). */
async function collectionsOf(db: Db): Promise<string[]> {
  const listed = await db.listCollections({}, { nameOnly: true }).toArray();
  return listed
    .map((collection) => collection.name)
    .filter((name) => !name.startsWith('system.'))
    .sort();
}

interface Mover {
  models: CoreModels;
  servers: Servers;
  options: MoveOptions;
  progress: MoveProgress;
  sleep: (ms: number) => Promise<void>;
  tenantId: string;
  slug: string;
}

async function readTenant(models: CoreModels, slug: string): Promise<{ id: string; slug: string; placement: Placement }> {
  const doc = await models.Tenant.collection.findOne({ slug }, { projection: { slug: 1, placement: 1 } });
  if (!doc) throw notFound('Tenant', slug);
  return { id: String(doc._id), slug, placement: placementOf(doc['placement']) };
}

/** Moves on to `phase` when the move still stands at `from`; the audit chain records the step. */
async function advance(m: Mover, from: MovePhase, set: Record<string, unknown>, operation: string, detail: Record<string, unknown> = {}): Promise<Placement> {
  const before = await readTenant(m.models, m.slug);
  const updated = await m.models.Tenant.collection.findOneAndUpdate(
    { _id: new mongoose.Types.ObjectId(m.tenantId), 'placement.moving.phase': from },
    { $set: { ...set, updatedAt: new Date() } },
    { returnDocument: 'after' },
  );
  if (!updated) throw conflict(`The move of ${m.slug} is no longer at ${from}: another mover runs it, or it was rolled back.`);
  const after = placementOf(updated['placement']);
  await recordOperatorEvent(m.models.audit, m.tenantId, {
    actor: m.options.actor,
    operation,
    targetType: 'Tenant',
    targetId: m.tenantId,
    before: { placement: redacted(before.placement) },
    after: { placement: redacted(after), ...detail },
  });
  m.progress.say(`${m.slug}: ${operation}${after.moving ? ` (${after.moving.phase})` : ''}`);
  return after;
}

async function waitOutCache(m: Mover, why: string): Promise<void> {
  m.progress.say(`${m.slug}: waiting ${m.options.cacheTtlMs} ms for every gateway to ${why}`);
  await m.sleep(m.options.cacheTtlMs);
}

async function copyCollection(m: Mover, source: Db, target: Db, collection: string, dedicatedTarget: boolean): Promise<number> {
  const filter = { parentCompany: new mongoose.Types.ObjectId(m.tenantId) };
  const to = target.collection(collection);
  // The indexes first: a unique constraint holds while the documents arrive. A pooled target has them.
  if (dedicatedTarget) {
    for (const index of await source.collection(collection).indexes()) {
      if (index.name === '_id_') continue;
      await to.createIndex(index.key, { name: index.name, ...(index.unique ? { unique: true } : {}), ...(index.sparse ? { sparse: true } : {}) });
    }
  }
  // A copy cut short is redone from the start: what it left is the tenant's alone, and removed.
  await to.deleteMany(filter);
  const total = await source.collection(collection).countDocuments(filter);
  m.progress.start(collection, total);
  const batchSize = m.options.batchSize ?? 500;
  let batch: Document[] = [];
  let copied = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await to.insertMany(batch, { ordered: true });
    copied += batch.length;
    m.progress.advance(batch.length);
    batch = [];
    await m.options.afterBatch?.(collection, copied);
    if (m.options.pauseMs) await m.sleep(m.options.pauseMs);
  };
  for await (const doc of source.collection(collection).find(filter).sort({ _id: 1 }).batchSize(batchSize)) {
    batch.push(doc);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  m.progress.stop();
  return copied;
}

async function copy(m: Mover, move: PlacementMove): Promise<void> {
  const sources = await m.servers.databases(m.tenantId, move.from);
  const targets = await m.servers.databases(m.tenantId, move.to);
  for (const [i, source] of sources.entries()) {
    const target = targets[i]!;
    for (const collection of await collectionsOf(source.db)) {
      const key = `${source.subgraph}/${collection}`;
      if (move.collectionsDone.includes(key)) continue;
      const copied = await copyCollection(m, source.db, target.db, collection, target.dedicated);
      await m.models.Tenant.collection.updateOne(
        { _id: new mongoose.Types.ObjectId(m.tenantId), 'placement.moving.phase': 'copying' },
        { $addToSet: { 'placement.moving.collectionsDone': key } },
      );
      if (copied > 0) m.progress.say(`${m.slug}: ${key}: ${copied} copied`);
    }
  }
}

/** The collections whose count or checksum differ between source and target (none: the copy is exact). */
async function verify(m: Mover, move: PlacementMove): Promise<{ mismatched: string[]; sums: Record<string, CollectionSum> }> {
  const sources = await m.servers.databases(m.tenantId, move.from);
  const targets = await m.servers.databases(m.tenantId, move.to);
  const mismatched: string[] = [];
  const sums: Record<string, CollectionSum> = {};
  for (const [i, source] of sources.entries()) {
    for (const collection of await collectionsOf(source.db)) {
      const key = `${source.subgraph}/${collection}`;
      const [expected, actual] = await Promise.all([collectionSum(source.db, collection, m.tenantId), collectionSum(targets[i]!.db, collection, m.tenantId)]);
      if (expected.count === 0 && actual.count === 0) continue;
      sums[key] = actual;
      if (expected.count !== actual.count || expected.sha256 !== actual.sha256) mismatched.push(key);
    }
  }
  return { mismatched, sums };
}

async function clean(m: Mover, move: PlacementMove): Promise<void> {
  const filter = { parentCompany: new mongoose.Types.ObjectId(m.tenantId) };
  for (const source of await m.servers.databases(m.tenantId, move.from)) {
    for (const collection of await collectionsOf(source.db)) {
      const { deletedCount } = await source.db.collection(collection).deleteMany(filter);
      if (deletedCount > 0) m.progress.say(`${m.slug}: ${source.subgraph}/${collection}: ${deletedCount} removed from the source`);
    }
    // A dedicated source is the tenant's alone: once empty, the database itself goes.
    if (source.dedicated) {
      const left = await Promise.all((await collectionsOf(source.db)).map((collection) => source.db.collection(collection).estimatedDocumentCount()));
      if (left.every((count) => count === 0)) await source.db.dropDatabase();
    }
  }
}

/** Runs a recorded move from wherever it stands to its end. */
async function run(m: Mover): Promise<Placement> {
  for (let attempt = 1; ;) {
    const { placement } = await readTenant(m.models, m.slug);
    const move = placement.moving;
    if (!move) return placement;
    switch (move.phase) {
      case 'holding':
        await waitOutCache(m, 'hold the writes');
        await advance(m, 'holding', { 'placement.moving.phase': 'copying' }, 'moveTenantCopy');
        break;
      case 'copying':
        await copy(m, move);
        await advance(m, 'copying', { 'placement.moving.phase': 'verifying' }, 'moveTenantCopied', {
          collections: (await readTenant(m.models, m.slug)).placement.moving?.collectionsDone ?? [],
        });
        break;
      case 'verifying': {
        const { mismatched, sums } = await verify(m, move);
        if (mismatched.length > 0) {
          if (attempt >= VERIFY_ATTEMPTS) throw conflict(`The copy of ${m.slug} does not match its source after ${attempt} attempts: ${mismatched.join(', ')}.`);
          attempt += 1;
          m.progress.say(`${m.slug}: ${mismatched.join(', ')} differ from the source: copied again`);
          await advance(
            m,
            'verifying',
            { 'placement.moving.phase': 'copying', 'placement.moving.collectionsDone': move.collectionsDone.filter((key) => !mismatched.includes(key)) },
            'moveTenantRecopy',
            { mismatched },
          );
          break;
        }
        // The switch: the placement itself, in the same single-document update that moves the phase on.
        await advance(
          m,
          'verifying',
          { 'placement.mode': move.to.mode, 'placement.uri': move.to.uri ?? null, 'placement.version': placement.version + 1, 'placement.moving.phase': 'switched' },
          'moveTenantSwitch',
          { checksums: sums },
        );
        break;
      }
      case 'switched':
        await waitOutCache(m, 'read the new placement');
        await advance(
          m,
          'switched',
          { 'placement.moving.phase': 'cleaning', 'placement.moving.hold': false, 'placement.moving.collectionsDone': [] },
          'moveTenantRelease',
        );
        break;
      case 'cleaning':
        await clean(m, move);
        await advance(m, 'cleaning', { 'placement.moving': null }, 'moveTenantFinish');
        break;
    }
  }
}

async function withMover<T>(models: CoreModels, deployment: MoveDeployment, slug: string, options: MoveOptions, work: (m: Mover) => Promise<T>): Promise<T> {
  const tenant = await readTenant(models, slug);
  const servers = new Servers(deployment);
  try {
    return await work({ models, servers, options, progress: options.progress ?? quiet, sleep: options.sleep ?? defaultSleep, tenantId: tenant.id, slug });
  } finally {
    await servers.close();
  }
}

/** Starts moving a tenant's data to `to` and runs the move to its end. */
export async function moveTenant(models: CoreModels, deployment: MoveDeployment, slug: string, to: PlacementTarget, options: MoveOptions): Promise<Placement> {
  return withMover(models, deployment, slug, options, async (m) => {
    const { placement } = await readTenant(models, slug);
    if (placement.moving) throw conflict(`${slug} is already being moved (${placement.moving.phase}): resume it with --resume or undo it with --rollback.`);
    const from: PlacementTarget = { mode: placement.mode, ...(placement.uri ? { uri: placement.uri } : {}) };
    if (from.mode === to.mode && from.uri === to.uri) throw conflict(`${slug} is already ${describeTarget(to)}.`);
    const move: PlacementMove = { from, to, phase: 'holding', hold: true, collectionsDone: [], startedAt: new Date(), actor: options.actor };
    const started = await models.Tenant.collection.findOneAndUpdate(
      {
        _id: new mongoose.Types.ObjectId(m.tenantId),
        'placement.version': placement.version,
        $or: [{ 'placement.moving': null }, { 'placement.moving': { $exists: false } }],
      },
      { $set: { 'placement.moving': move, updatedAt: new Date() } },
      { returnDocument: 'after' },
    );
    if (!started) throw conflict(`${slug} changed while the move was starting: run it again.`);
    await recordOperatorEvent(models.audit, m.tenantId, {
      actor: options.actor,
      operation: 'moveTenantHold',
      targetType: 'Tenant',
      targetId: m.tenantId,
      before: { placement: redacted(placement) },
      after: { placement: redacted(placementOf(started['placement'])) },
    });
    m.progress.say(`${slug}: moving from ${describeTarget(from)} to ${describeTarget(to)}; writes held`);
    return run(m);
  });
}

/** Runs a move that was cut short (a killed mover) from where its record says it stood. */
export async function resumeMove(models: CoreModels, deployment: MoveDeployment, slug: string, options: MoveOptions): Promise<Placement> {
  return withMover(models, deployment, slug, options, async (m) => {
    const { placement } = await readTenant(models, slug);
    if (!placement.moving) throw conflict(`${slug} is not being moved.`);
    m.progress.say(`${slug}: resuming the move to ${describeTarget(placement.moving.to)} at ${placement.moving.phase}`);
    return run(m);
  });
}

/**
 * Undoes a move before its switch: the target's copies are removed and the writes released; the
 * source was never changed. After the switch the target is the tenant's data: resume instead.
 */
export async function rollbackMove(models: CoreModels, deployment: MoveDeployment, slug: string, options: MoveOptions): Promise<Placement> {
  return withMover(models, deployment, slug, options, async (m) => {
    const { placement } = await readTenant(models, slug);
    const move = placement.moving;
    if (!move) throw conflict(`${slug} is not being moved.`);
    if (move.phase === 'switched' || move.phase === 'cleaning')
      throw conflict(`${slug} has already switched to ${describeTarget(move.to)}: finish the move with --resume.`);
    // Phase `holding` first, so no other mover copies while the copies are removed.
    if (move.phase !== 'holding') await advance(m, move.phase, { 'placement.moving.phase': 'holding', 'placement.moving.collectionsDone': [] }, 'moveTenantRollback');
    await clean(m, { ...move, from: move.to });
    return advance(m, 'holding', { 'placement.moving': null }, 'moveTenantRolledBack');
  });
}
