import { LRUCache } from 'lru-cache';
import mongoose, { type Connection } from 'mongoose';
import { type Feature } from '../features';
import { APP_TYPES, type AppType, type TenantSetting } from '../tenant';
import { API_CLIENT_COLLECTION } from './api-clients';
import { effectiveConfig, effectiveFlags, effectiveSettings } from './configuration/index';
import { planOf, type Plan } from './plans';
import { placementOf, placementRef, type PlacementRef } from './placement';

export interface TenantRecord {
  readonly id: string;
  readonly slug: string;
  readonly appType: AppType;
  readonly active: boolean;
  readonly paymentStatus: 'trialing' | 'active' | 'past_due' | 'canceled';
  /** The tenant's plan: its budgets at the gateway (plans.ts); a change shows within the cache lifetime. */
  readonly plan: Plan;
  /** Effective feature flags (industry defaults merged with the tenant's overrides); a change shows within the cache lifetime. */
  readonly flags: Readonly<Record<Feature, boolean>>;
  /** The configuration values the subgraphs act on (core's `effectiveSettings`), cached the same way. */
  readonly settings: Readonly<Record<string, TenantSetting>>;
  /** Whether the tenant's API clients may run registered operations only (`api.partnerRegisteredOperationsOnly`). */
  readonly partnerRegisteredOperationsOnly: boolean;
  /** Where the tenant's data lives, as the internal context carries it (no URI). */
  readonly placement: PlacementRef;
  /** A move holds the tenant's writes: its mutations are answered 503 with Retry-After, reads continue. */
  readonly writesHeld: boolean;
}

export interface UserRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly roles: readonly string[];
  readonly active: boolean;
}

/** Cached lookups of tenants and users; a missing record is cached as well, as `null`. */
export interface Directory {
  tenantBySlug(slug: string): Promise<TenantRecord | null>;
  user(tenantId: string, userId: string): Promise<UserRecord | null>;
  /** One of the tenant's API clients as a principal: its roles are its scopes; a revoked client is inactive. */
  apiClient(tenantId: string, clientId: string): Promise<UserRecord | null>;
  /** Forgets everything cached about a tenant (its record and its users). */
  invalidateTenant(slug: string): void;
}

export interface DirectoryOptions {
  /** How long a record is trusted; a suspension takes effect within it. 0 disables the cache. */
  ttlMs: number;
  maxEntries?: number;
  /** Observes every read that reaches the database (benchmarks and tests count them). */
  onDatabaseRead?: (collection: 'customers' | 'users' | 'apiClients') => void;
}

const MISSING = Symbol('missing');
type Cached<T> = T | typeof MISSING;

/**
 * A cache of records read on demand: concurrent lookups of one key share one read, and `forget`
 * drops a key's value and its read in flight. A lookup already waiting on that read still gets its
 * answer (it was asked before the change), but the answer is not kept, so the next lookup reads
 * again. (lru-cache's own `fetch` rejects its waiters when the key is deleted mid-read: a tenant's
 * requests failed whenever one of its mutations invalidated it.)
 */
class ReadThrough<V> {
  readonly #values: LRUCache<string, { value: V }>;
  readonly #reads = new Map<string, Promise<V>>();

  constructor(
    options: { max: number; ttl: number },
    private readonly read: (key: string) => Promise<V>,
  ) {
    this.#values = new LRUCache(options);
  }

  get(key: string, bypass: boolean): Promise<V> {
    if (bypass) return this.read(key);
    const hit = this.#values.get(key);
    if (hit) return Promise.resolve(hit.value);
    const pending = this.#reads.get(key);
    if (pending) return pending;
    const read = this.read(key).then(
      (value) => {
        if (this.#reads.get(key) === read) {
          this.#reads.delete(key);
          this.#values.set(key, { value });
        }
        return value;
      },
      (error: unknown) => {
        if (this.#reads.get(key) === read) this.#reads.delete(key);
        throw error;
      },
    );
    this.#reads.set(key, read);
    return read;
  }

  forget(matches: (key: string) => boolean): void {
    for (const key of [...this.#values.keys()]) if (matches(key)) this.#values.delete(key);
    for (const key of [...this.#reads.keys()]) if (matches(key)) this.#reads.delete(key);
  }
}

/**
 * The gateway's read-only view of core's `customers` and `users` collections, for parent
 * verification. Reads go to the raw driver with projections; every user read names its tenant.
 */
export function createDirectory(connection: Connection, options: DirectoryOptions): Directory {
  const limits = { max: options.maxEntries ?? 10_000, ttl: Math.max(options.ttlMs, 1) };
  const customers = connection.collection('customers');
  const users = connection.collection('users');
  const apiClients = connection.collection(API_CLIENT_COLLECTION);
  // A tenant's id never changes for its slug: kept apart from the records, so invalidating a tenant
  // whose record has already left the cache still forgets its users.
  const idsBySlug = new LRUCache<string, string>({ max: limits.max });

  const tenants = new ReadThrough<Cached<TenantRecord>>(limits, async (slug) => {
    options.onDatabaseRead?.('customers');
    const doc = await customers.findOne({ slug }, { projection: { slug: 1, appType: 1, active: 1, paymentStatus: 1, plan: 1, 'metadata.config': 1, placement: 1 } });
    if (!doc || !APP_TYPES.includes(doc['appType'])) return MISSING;
    idsBySlug.set(slug, String(doc._id));
    const placement = placementOf(doc['placement']);
    return {
      id: String(doc._id),
      slug: String(doc['slug']),
      appType: doc['appType'] as AppType,
      active: doc['active'] !== false,
      paymentStatus: (doc['paymentStatus'] ?? 'active') as TenantRecord['paymentStatus'],
      plan: planOf(doc['plan']),
      flags: Object.freeze(effectiveFlags(doc['appType'] as AppType, doc['metadata'])),
      settings: Object.freeze(effectiveSettings(doc['appType'] as AppType, doc['metadata'])),
      partnerRegisteredOperationsOnly: effectiveConfig(doc['appType'] as AppType, doc['metadata']).config.api.partnerRegisteredOperationsOnly,
      placement: placementRef(placement),
      writesHeld: placement.moving?.hold === true,
    };
  });

  const userRecords = new ReadThrough<Cached<UserRecord>>(limits, async (key) => {
    const [tenantId, userId] = key.split(':') as [string, string];
    if (!mongoose.isObjectIdOrHexString(userId)) return MISSING;
    options.onDatabaseRead?.('users');
    const doc = await users.findOne(
      { _id: new mongoose.Types.ObjectId(userId), parentCompany: new mongoose.Types.ObjectId(tenantId) },
      { projection: { roles: 1, active: 1 } },
    );
    if (!doc) return MISSING;
    return {
      id: userId,
      tenantId,
      roles: Array.isArray(doc['roles']) ? doc['roles'].map(String) : [],
      active: doc['active'] !== false,
    };
  });

  const clientRecords = new ReadThrough<Cached<UserRecord>>(limits, async (key) => {
    const [tenantId, clientId] = key.split(':') as [string, string];
    if (!mongoose.isObjectIdOrHexString(clientId)) return MISSING;
    options.onDatabaseRead?.('apiClients');
    const doc = await apiClients.findOne(
      { _id: new mongoose.Types.ObjectId(clientId), parentCompany: new mongoose.Types.ObjectId(tenantId) },
      { projection: { roles: 1, active: 1 } },
    );
    if (!doc) return MISSING;
    return { id: clientId, tenantId, roles: Array.isArray(doc['roles']) ? doc['roles'].map(String) : [], active: doc['active'] === true };
  });

  const orNull = <T>(value: Cached<T>): T | null => (value === MISSING ? null : value);
  const bypass = options.ttlMs === 0;

  return {
    async tenantBySlug(slug) {
      return orNull(await tenants.get(slug, bypass));
    },
    async user(tenantId, userId) {
      return orNull(await userRecords.get(`${tenantId}:${userId}`, bypass));
    },
    async apiClient(tenantId, clientId) {
      return orNull(await clientRecords.get(`${tenantId}:${clientId}`, bypass));
    },
    invalidateTenant(slug) {
      tenants.forget((key) => key === slug);
      const id = idsBySlug.get(slug);
      if (id) {
        userRecords.forget((key) => key.startsWith(`${id}:`));
        clientRecords.forget((key) => key.startsWith(`${id}:`));
      }
    },
  };
}
