import { type Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract, type RateLimiterRes } from 'rate-limiter-flexible';

/** A tenant's budget per window: requests of the tenant, requests of each user, and query cost. */
export interface Budgets {
  tenantRequests: number;
  userRequests: number;
  tenantCost: number;
}

export type Verdict = { ok: true } | { ok: false; retryAfterSeconds: number; limit: keyof Budgets };

// Budgets are passed per request (each tenant its plan's), so one limiter counts and the budget is
// compared here; the limiter's own ceiling only bounds the counter.
const UNBOUNDED = Number.MAX_SAFE_INTEGER;

/**
 * Per-tenant and per-user budgets in fixed windows: in memory for one gateway process, in Redis
 * (`REDIS_URL`) when several instances share them. If Redis is unreachable the process falls back
 * to its own memory counts rather than refusing or waving everything through.
 */
export function createRateLimiter(options: { windowSeconds: number; redis?: Redis | undefined; keyPrefix?: string }) {
  const make = (name: string): RateLimiterAbstract => {
    const base = { points: UNBOUNDED, duration: options.windowSeconds, keyPrefix: `${options.keyPrefix ?? 'rl'}:${name}` };
    if (!options.redis) return new RateLimiterMemory(base);
    return new RateLimiterRedis({ ...base, storeClient: options.redis, insuranceLimiter: new RateLimiterMemory(base) });
  };
  const limiters = { tenantRequests: make('tenant'), userRequests: make('user'), tenantCost: make('cost') };
  const addresses = make('address');

  async function take(limit: keyof Budgets, key: string, points: number, budget: number): Promise<Verdict> {
    const res: RateLimiterRes = await limiters[limit].consume(key, points);
    if (res.consumedPoints <= budget) return { ok: true };
    // A refused request costs nothing: one oversized request must not lock the tenant out.
    await limiters[limit].reward(key, points);
    return { ok: false, limit, retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
  }

  return {
    /** Counts one request of a user of a tenant against both request budgets. */
    async request(tenantId: string, userId: string, budgets: Budgets): Promise<Verdict> {
      const tenant = await take('tenantRequests', tenantId, 1, budgets.tenantRequests);
      if (!tenant.ok) return tenant;
      return take('userRequests', `${tenantId}:${userId}`, 1, budgets.userRequests);
    },
    /** Whether a client address may still try: refused once its failed authentications reach the budget. */
    async address(address: string, failures: number): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
      const res = await addresses.get(address);
      if (!res || res.consumedPoints < failures) return { ok: true };
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
    },
    /** Counts a failed authentication against the client address. */
    async addressFailed(address: string): Promise<void> {
      await addresses.consume(address, 1);
    },
    /** Counts an operation's estimated cost against the tenant's cost budget. */
    cost(tenantId: string, cost: number, budgets: Budgets): Promise<Verdict> {
      return take('tenantCost', tenantId, Math.max(1, Math.ceil(cost)), budgets.tenantCost);
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
