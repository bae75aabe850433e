import { Deadline, DomainError, WorkLimiter } from '@attunelogic/shared';

/** What the gateway does with a request of a tenant that already has its share in flight. */
export interface InFlightLimits {
  /** Requests of one tenant executed at once by this gateway; more wait for a slot. */
  readonly perTenant: number;
  /** How long a request waits for its tenant's slot before it is refused with RATE_LIMITED. */
  readonly waitMs: number;
  /** Requests of one tenant waiting at once; more are refused with RATE_LIMITED at once. */
  readonly queuePerTenant: number;
}

export type InFlightVerdict = { ok: true; release: () => void } | { ok: false; retryAfterSeconds: number };

/**
 * Requests in flight per tenant: a tenant that sends many at once runs a few of them at a time and
 * the rest wait, so its flood takes its own turns on the event loop, not the other tenants'. The
 * budgets per window (rate-limit.ts) count requests; this bounds how many run at the same moment.
 */
export class TenantInFlight {
  readonly #slots: WorkLimiter;

  constructor(readonly limits: InFlightLimits) {
    this.#slots = new WorkLimiter({ perTenant: limits.perTenant, total: Number.POSITIVE_INFINITY, queuePerTenant: limits.queuePerTenant });
  }

  /** Requests running now, all tenants together. */
  get running(): number {
    return this.#slots.running;
  }

  /** A slot for one request of the tenant, or how long to wait before retrying. */
  async enter(tenantId: string): Promise<InFlightVerdict> {
    try {
      return { ok: true, release: await this.#slots.acquire(tenantId, Deadline.in(this.limits.waitMs)) };
    } catch (error) {
      if (error instanceof DomainError) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(this.limits.waitMs / 1000)) };
      throw error;
    }
  }
}
