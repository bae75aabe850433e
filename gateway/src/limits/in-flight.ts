import { Deadline, WorkLimiter, type GatewayConcurrency } from '@attunelogic/shared';
import { DomainError } from '@attunelogic/shared/errors';

/** What the gateway does with a request of a user who already has their share in flight: set in shared/src/concurrency.ts. */
export type InFlightLimits = GatewayConcurrency['userInFlight'];

export type InFlightVerdict = { ok: true; release: () => void } | { ok: false; retryAfterSeconds: number };

/**
 * Requests in flight per user of a tenant: a user who sends many at once runs a few of them at a
 * time and the rest wait, so their flood takes its own turns on the event loop, not the other
 * tenants' (nor their colleagues'). The budgets per window (rate-limit.ts) count requests; this
 * bounds how many run at the same moment.
 */
export class UserInFlight {
  readonly #slots: WorkLimiter;

  constructor(readonly limits: InFlightLimits) {
    this.#slots = new WorkLimiter({ perTenant: limits.perUser, total: Number.POSITIVE_INFINITY, queuePerTenant: limits.queuePerUser });
  }

  /** Requests running now, all tenants together. */
  get running(): number {
    return this.#slots.running;
  }

  /** A slot for one request of the user (waited for no longer than `leftMs`, the request's own time), or how long to wait before retrying. */
  async enter(tenantId: string, userId: string, leftMs = Number.POSITIVE_INFINITY): Promise<InFlightVerdict> {
    try {
      return { ok: true, release: await this.#slots.acquire(`${tenantId}:${userId}`, Deadline.in(Math.max(0, Math.min(this.limits.waitMs, leftMs)))) };
    } catch (error) {
      if (error instanceof DomainError) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(this.limits.waitMs / 1000)) };
      throw error;
    }
  }
}
