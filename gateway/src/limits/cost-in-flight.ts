/** What the gateway does with a tenant's operations while its expensive ones are running. */
export type CostVerdict = { ok: true; release: () => void } | { ok: false; retryAfterSeconds: number };

interface Waiter {
  readonly cost: number;
  readonly start: () => void;
}

/**
 * The estimated cost of a tenant's operations running at once, bounded: an operation waits (in its
 * tenant's own queue, in order) until its cost fits beside what the tenant already runs, and is
 * refused when its request's time runs out first. The request budgets count requests and the
 * per-user slots bound how many run at once; this bounds how much work they bring to the subgraphs
 * and the database together, so a tenant that sends the heaviest operations the limits allow, many
 * at once, runs a few of them at a time and its neighbours keep their share.
 */
export class TenantCostInFlight {
  readonly #running = new Map<string, number>();
  readonly #waiting = new Map<string, Waiter[]>();

  /** `capacity`: the cost one tenant may have running at once (an operation costlier than that runs alone). */
  constructor(readonly capacity: number) {}

  /** The cost the tenant has running now. */
  running(tenantId: string): number {
    return this.#running.get(tenantId) ?? 0;
  }

  /** Runs when the operation's cost fits, or refuses it once `leftMs` (the request's own time) is used up waiting. */
  async enter(tenantId: string, cost: number, leftMs: number): Promise<CostVerdict> {
    const weight = Math.min(Math.max(1, cost), this.capacity);
    const queue = this.#waiting.get(tenantId);
    if (!queue?.length && this.running(tenantId) + weight <= this.capacity) return { ok: true, release: this.#take(tenantId, weight) };
    const started = await new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        cost: weight,
        start: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      const timer = setTimeout(
        () => {
          const list = this.#waiting.get(tenantId) ?? [];
          const at = list.indexOf(waiter);
          if (at >= 0) list.splice(at, 1);
          if (list.length === 0) this.#waiting.delete(tenantId);
          // The next ones may fit now that this one no longer goes first.
          this.#startWaiters(tenantId);
          resolve(false);
        },
        Math.max(0, leftMs),
      );
      this.#waiting.set(tenantId, [...(queue ?? []), waiter]);
    });
    if (!started) return { ok: false, retryAfterSeconds: 1 };
    return { ok: true, release: this.#once(tenantId, weight) };
  }

  #take(tenantId: string, weight: number): () => void {
    this.#running.set(tenantId, this.running(tenantId) + weight);
    return this.#once(tenantId, weight);
  }

  #once(tenantId: string, weight: number): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = this.running(tenantId) - weight;
      if (left <= 0) this.#running.delete(tenantId);
      else this.#running.set(tenantId, left);
      this.#startWaiters(tenantId);
    };
  }

  /** Starts the tenant's waiters from the head of its queue while they fit. */
  #startWaiters(tenantId: string): void {
    const queue = this.#waiting.get(tenantId);
    while (queue?.length && this.running(tenantId) + queue[0]!.cost <= this.capacity) {
      const waiter = queue.shift()!;
      this.#running.set(tenantId, this.running(tenantId) + waiter.cost);
      waiter.start();
    }
    if (queue && queue.length === 0) this.#waiting.delete(tenantId);
  }
}
