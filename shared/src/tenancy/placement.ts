// Where a tenant's data lives. `pooled`: the shared database of each subgraph (`<prefix>-<subgraph>`),
// isolated by `parentCompany` alone. `dedicated`: a database of its own per subgraph
// (`<prefix>-<subgraph>-t-<tenantId>`), on the deployment's server or on another one (`uri`). The
// tenant plugin and the `parentCompany` filter stay in force inside a dedicated database too: it is
// the same models, compiled on another database.
//
// The placement is in the tenant's record (`placement`), chosen at provisioning (`--placement`, or
// the plan: see PLAN_PLACEMENT) and changed by `pnpm tenant move`. The gateway reads it with the rest
// of the record and signs its mode and version (never the URI, which may carry credentials) into the
// internal context; each subgraph picks the tenant's models from it per request (PlacedModels).
//
// This file is the one place that answers "which databases hold tenant X's data": `tenantDatabases`.
import { LRUCache } from 'lru-cache';
import mongoose, { type Connection } from 'mongoose';
import { connectDatabase } from '../mongo/connect';
import { type TenantContext } from '../tenant';
import { type Plan } from './plans';

export const PLACEMENT_MODES = ['pooled', 'dedicated'] as const;
export type PlacementMode = (typeof PLACEMENT_MODES)[number];

/** Where a move stands; each phase is written to the tenant record before its work starts. */
export const MOVE_PHASES = ['holding', 'copying', 'verifying', 'switched', 'cleaning'] as const;
export type MovePhase = (typeof MOVE_PHASES)[number];

/** One placement's databases: the mode, and for a dedicated one on another server, its URI. */
export interface PlacementTarget {
  mode: PlacementMode;
  /** A dedicated placement on another server; absent: the deployment's own (MONGODB_URI). Never sent to a client. */
  uri?: string;
}

/** A move in progress, recorded so a mover killed at any point resumes (or rolls back) where it stood. */
export interface PlacementMove {
  from: PlacementTarget;
  to: PlacementTarget;
  phase: MovePhase;
  /** While set, the gateway answers the tenant's mutations 503 with Retry-After; reads continue. */
  hold: boolean;
  /** `<subgraph>/<collection>` copied (phase `copying`) or removed from the source (phase `cleaning`). */
  collectionsDone: string[];
  startedAt: Date;
  /** Who runs the move (the operator), for the audit events of its steps. */
  actor: string;
}

/** A tenant's placement as stored in its record (`customers.placement`). */
export interface Placement extends PlacementTarget {
  /** Counts the switches: a subgraph caches a dedicated URI by (tenant, version), never stale. */
  version: number;
  moving?: PlacementMove | null;
}

/** What the internal context carries about the placement: no URI, only whether there is one. */
export interface PlacementRef {
  readonly mode: PlacementMode;
  readonly version: number;
  /** The dedicated databases are on another server: the subgraph reads its URI from the tenant record. */
  readonly external: boolean;
}

export const POOLED: PlacementRef = Object.freeze({ mode: 'pooled', version: 0, external: false });

/** The placement of a new tenant on each plan, unless the operator says otherwise: enterprise tenants get their own databases. */
export const PLAN_PLACEMENT: Record<Plan, PlacementMode> = { starter: 'pooled', standard: 'pooled', enterprise: 'dedicated' };

/**
 * The subgraphs whose data follows the placement. Core stays in the pool: its collections are the
 * directory (tenants, users, API clients) that the gateway and the authorization server read before
 * they know a tenant's placement. The audit log is one hash chain per tenant in its own database.
 */
export const PLACED_SUBGRAPHS = ['trucking', 'service'] as const;
export type PlacedSubgraph = (typeof PLACED_SUBGRAPHS)[number];
export const isPlacedSubgraph = (name: string): name is PlacedSubgraph => (PLACED_SUBGRAPHS as readonly string[]).includes(name);

/** The pooled database of a subgraph (what `runSubgraph` opens). */
export const pooledDatabaseName = (prefix: string, subgraph: string): string => `${prefix}-${subgraph}`;

/** A tenant's dedicated database for a subgraph: the pooled name, `-t-` and the tenant's id. */
export const dedicatedDatabaseName = (prefix: string, subgraph: string, tenantId: string): string => `${pooledDatabaseName(prefix, subgraph)}-t-${tenantId}`;

/** The placement stored in a record as a placement: anything missing or unknown is pooled, version 0. */
export function placementOf(value: unknown): Placement {
  const stored = (value ?? {}) as Partial<Placement>;
  const mode = PLACEMENT_MODES.includes(stored.mode as PlacementMode) ? (stored.mode as PlacementMode) : 'pooled';
  return {
    mode,
    ...(mode === 'dedicated' && typeof stored.uri === 'string' && stored.uri ? { uri: stored.uri } : {}),
    version: typeof stored.version === 'number' ? stored.version : 0,
    moving: stored.moving ?? null,
  };
}

/** The reference the gateway signs into the internal context. */
export const placementRef = (placement: Placement): PlacementRef =>
  placement.mode === 'pooled' && placement.version === 0
    ? POOLED
    : Object.freeze({ mode: placement.mode, version: placement.version, external: placement.uri !== undefined });

/** One database holding a tenant's data. */
export interface TenantDatabase {
  readonly subgraph: string;
  readonly mode: PlacementMode;
  /** The database's name on its server. */
  readonly name: string;
  /** The server (the deployment's MONGODB_URI unless a dedicated placement names another). */
  readonly uri: string;
  /** Whether other tenants' data is there too (then only the tenant's `parentCompany` documents are its). */
  readonly shared: boolean;
}

/**
 * Every database that holds a tenant's data, per subgraph, for its placement (or a move's target):
 * the placed subgraphs' databases as the placement says, core's and the audit database in the pool.
 * Export, erasure, the mover and the background jobs ask here rather than building names themselves.
 * @example tenantDatabases({ id, placement }, { prefix: config.MONGODB_DB_PREFIX, uri: config.MONGODB_URI })
 */
export function tenantDatabases(
  tenant: { id: string; placement: PlacementTarget },
  deployment: { prefix: string; uri: string; subgraphs?: readonly string[] },
): TenantDatabase[] {
  const subgraphs = deployment.subgraphs ?? ['core', ...PLACED_SUBGRAPHS, 'audit'];
  return subgraphs.map((subgraph) => {
    if (!isPlacedSubgraph(subgraph) || tenant.placement.mode === 'pooled') {
      return { subgraph, mode: 'pooled', name: pooledDatabaseName(deployment.prefix, subgraph), uri: deployment.uri, shared: true };
    }
    return {
      subgraph,
      mode: 'dedicated',
      name: dedicatedDatabaseName(deployment.prefix, subgraph, tenant.id),
      uri: tenant.placement.uri ?? deployment.uri,
      shared: false,
    };
  });
}

/** Reads the URI of a tenant's dedicated placement at a version (`undefined`: none known). */
export type PlacementUriReader = (tenantId: string, version: number) => Promise<string | undefined>;

/**
 * Reads a dedicated URI from core's `customers` (the tenant record): the placement's own at its
 * version, or a move's source while a gateway that still holds the previous record sends it.
 */
export function placementUriFromDirectory(coreConnection: Connection): PlacementUriReader {
  return async (tenantId, version) => {
    if (!mongoose.isObjectIdOrHexString(tenantId)) return undefined;
    const doc = await coreConnection.collection('customers').findOne({ _id: new mongoose.Types.ObjectId(tenantId) }, { projection: { placement: 1 } });
    const placement = placementOf(doc?.['placement']);
    if (placement.version === version) return placement.uri;
    if (placement.version === version + 1 && placement.moving?.from.mode === 'dedicated') return placement.moving.from.uri;
    return undefined;
  };
}

export interface PlacedModelsOptions<TModels> {
  /** The subgraph's pooled connection; dedicated databases are `useDb` of it, sharing its pool. */
  connection: Connection;
  /** The subgraph's models on one connection (compiled once per database, then cached). */
  create: (connection: Connection) => TModels;
  /** Where an external placement's URI is read (default: none, an external placement is refused). */
  readUri?: PlacementUriReader;
  /** How many dedicated databases keep their compiled models (default 1,000). */
  maxDatabases?: number;
}

/** Raised when a tenant's placement names a server the subgraph cannot find or reach. */
export class PlacementUnavailableError extends Error {
  override readonly name = 'PlacementUnavailableError';
}

/**
 * A subgraph's models for each request's tenant: the pooled models for a pooled tenant (no lookup
 * at all), the tenant's dedicated database otherwise (`useDb` with its cache: the same pool;
 * a dedicated URI gets a connection of its own, opened once and cached). Indexes are built in a
 * dedicated database the first time it is used (`Model.init()` once per database).
 */
export class PlacedModels<TModels> {
  readonly pooled: TModels;
  readonly #options: PlacedModelsOptions<TModels>;
  readonly #byDatabase: LRUCache<string, Promise<TModels>>;
  readonly #servers = new Map<string, Promise<Connection>>();
  readonly #uris = new LRUCache<string, Promise<string | undefined>>({ max: 10_000 });

  constructor(options: PlacedModelsOptions<TModels>) {
    this.#options = options;
    this.pooled = options.create(options.connection);
    this.#byDatabase = new LRUCache({ max: options.maxDatabases ?? 1_000 });
  }

  /** The dedicated database's name for a tenant: the pooled database's name, `-t-`, the tenant's id. */
  databaseName(tenantId: string): string {
    return `${this.#options.connection.name}-t-${tenantId}`;
  }

  /** The models of the request's tenant (synchronous for a pooled tenant: the common case costs nothing). */
  for(tenant: Pick<TenantContext, 'tenantId' | 'placement'>): TModels | Promise<TModels> {
    const placement = tenant.placement ?? POOLED;
    if (placement.mode === 'pooled') return this.pooled;
    const key = placement.external ? `${tenant.tenantId}@${placement.version}` : tenant.tenantId;
    let models = this.#byDatabase.get(key);
    if (!models) {
      models = this.#open(tenant.tenantId, placement, this.databaseName(tenant.tenantId));
      models.catch(() => this.#byDatabase.delete(key));
      this.#byDatabase.set(key, models);
    }
    return models;
  }

  async #open(tenantId: string, placement: PlacementRef, name: string): Promise<TModels> {
    const base = placement.external ? await this.#server(tenantId, placement.version) : this.#options.connection;
    const models = this.#options.create(base.useDb(name, { useCache: true }));
    await Promise.all(Object.values(models as object).map((model: unknown) => (isModel(model) ? model.init() : undefined)));
    return models;
  }

  async #server(tenantId: string, version: number): Promise<Connection> {
    const uriKey = `${tenantId}@${version}`;
    let uri = this.#uris.get(uriKey);
    if (!uri) {
      uri = this.#options.readUri ? this.#options.readUri(tenantId, version) : Promise.resolve(undefined);
      this.#uris.set(uriKey, uri);
    }
    const found = await uri;
    if (!found) {
      this.#uris.delete(uriKey);
      throw new PlacementUnavailableError(`no server for the dedicated placement of tenant ${tenantId} at version ${version}`);
    }
    let server = this.#servers.get(found);
    if (!server) {
      server = connectDatabase(found, this.#options.connection.name);
      server.catch(() => this.#servers.delete(found));
      this.#servers.set(found, server);
    }
    return server;
  }

  /** Closes the connections opened for other servers (the pooled one is its owner's to close). */
  async close(): Promise<void> {
    const servers = await Promise.allSettled(this.#servers.values());
    await Promise.all(servers.map((server) => (server.status === 'fulfilled' ? server.value.close() : undefined)));
    this.#servers.clear();
  }
}

const isModel = (value: unknown): value is mongoose.Model<unknown> =>
  typeof value === 'function' && (value as { prototype?: unknown }).prototype instanceof mongoose.Model;

/**
 * A tenant's models by its id, its placement read from the directory (core's `customers`) on each
 * call: for the commands and background jobs that work outside a request (seeds, bulk inserts,
 * agreement generation), which have no signed context to carry the placement.
 * @example const modelsOf = modelsByTenant(new PlacedModels({ connection, create }), core); await modelsOf(tenantId)
 */
export function modelsByTenant<TModels>(placed: PlacedModels<TModels>, coreConnection: Connection): (tenantId: string) => Promise<TModels> {
  return async (tenantId) => {
    const doc = mongoose.isObjectIdOrHexString(tenantId)
      ? await coreConnection.collection('customers').findOne({ _id: new mongoose.Types.ObjectId(tenantId) }, { projection: { placement: 1 } })
      : null;
    return placed.for({ tenantId, placement: placementRef(placementOf(doc?.['placement'])) });
  };
}

/** The dedicated tenants of the directory (id and placement): what a job that scans every tenant's databases adds to the pool. */
export async function dedicatedTenants(coreConnection: Connection): Promise<{ id: string; placement: Placement }[]> {
  const docs = await coreConnection
    .collection('customers')
    .find({ 'placement.mode': 'dedicated' }, { projection: { placement: 1 } })
    .toArray();
  return docs.map((doc) => ({ id: String(doc._id), placement: placementOf(doc['placement']) }));
}

/**
 * A command's (seed, job) way to a tenant's models: its subgraph's pooled connection, core's for the
 * placements, and `close` for the connections opened to other servers.
 * @example const models = placedCommandModels(own, core, createTruckingModels); await seedTrucking(await models.of(tenant.id), [tenant])
 */
export function placedCommandModels<TModels>(connection: Connection, coreConnection: Connection, create: (connection: Connection) => TModels) {
  const placed = new PlacedModels({ connection, create, readUri: placementUriFromDirectory(coreConnection) });
  return { of: modelsByTenant(placed, coreConnection), close: () => placed.close() };
}
