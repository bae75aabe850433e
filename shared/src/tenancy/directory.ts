import { LRUCache } from 'lru-cache';
import mongoose, { type Connection } from 'mongoose';
import { type Feature } from '../features';
import { APP_TYPES, type AppType, type TenantSetting } from '../tenant';
import { API_CLIENT_COLLECTION } from './api-clients';
import { effectiveFlags, effectiveSettings } from './configuration/index';
import { planOf, type Plan } from './plans';

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
 * The gateway's read-only view of core's `customers` and `users` collections, for parent
 * verification. Reads go to the raw driver with projections; every user read names its tenant.
 */
export function createDirectory(connection: Connection, options: DirectoryOptions): Directory {
  const max = options.maxEntries ?? 10_000;
  const ttl = Math.max(options.ttlMs, 1);
  const customers = connection.collection('customers');
  const users = connection.collection('users');
  const apiClients = connection.collection(API_CLIENT_COLLECTION);

  const tenants = new LRUCache<string, Cached<TenantRecord>>({
    max,
    ttl,
    fetchMethod: async (slug) => {
      options.onDatabaseRead?.('customers');
      const doc = await customers.findOne({ slug }, { projection: { slug: 1, appType: 1, active: 1, paymentStatus: 1, plan: 1, 'metadata.config': 1 } });
      if (!doc || !APP_TYPES.includes(doc['appType'])) return MISSING;
      return {
        id: String(doc._id),
        slug: String(doc['slug']),
        appType: doc['appType'] as AppType,
        active: doc['active'] !== false,
        paymentStatus: (doc['paymentStatus'] ?? 'active') as TenantRecord['paymentStatus'],
        plan: planOf(doc['plan']),
        flags: Object.freeze(effectiveFlags(doc['appType'] as AppType, doc['metadata'])),
        settings: Object.freeze(effectiveSettings(doc['appType'] as AppType, doc['metadata'])),
      };
    },
  });

  const userCache = new LRUCache<string, Cached<UserRecord>>({
    max,
    ttl,
    fetchMethod: async (key) => {
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
    },
  });

  const clientCache = new LRUCache<string, Cached<UserRecord>>({
    max,
    ttl,
    fetchMethod: async (key) => {
      const [tenantId, clientId] = key.split(':') as [string, string];
      if (!mongoose.isObjectIdOrHexString(clientId)) return MISSING;
      options.onDatabaseRead?.('apiClients');
      const doc = await apiClients.findOne(
        { _id: new mongoose.Types.ObjectId(clientId), parentCompany: new mongoose.Types.ObjectId(tenantId) },
        { projection: { roles: 1, active: 1 } },
      );
      if (!doc) return MISSING;
      return { id: clientId, tenantId, roles: Array.isArray(doc['roles']) ? doc['roles'].map(String) : [], active: doc['active'] === true };
    },
  });

  const orNull = <T>(value: Cached<T> | undefined): T | null => (value === undefined || value === MISSING ? null : value);
  const bypass = options.ttlMs === 0;

  return {
    async tenantBySlug(slug) {
      return orNull(await tenants.fetch(slug, { forceRefresh: bypass }));
    },
    async user(tenantId, userId) {
      return orNull(await userCache.fetch(`${tenantId}:${userId}`, { forceRefresh: bypass }));
    },
    async apiClient(tenantId, clientId) {
      return orNull(await clientCache.fetch(`${tenantId}:${clientId}`, { forceRefresh: bypass }));
    },
    invalidateTenant(slug) {
      const tenant = tenants.get(slug);
      tenants.delete(slug);
      if (tenant && tenant !== MISSING) {
        for (const key of userCache.keys()) if (key.startsWith(`${tenant.id}:`)) userCache.delete(key);
        for (const key of clientCache.keys()) if (key.startsWith(`${tenant.id}:`)) clientCache.delete(key);
      }
    },
  };
}
