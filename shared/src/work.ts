import { AsyncLocalStorage } from 'node:async_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { DomainError } from './errors/domain-error';

// CPU-heavy work in a subgraph (route optimisation, polygon validation) as the event loop can bear it:
// written as a generator that yields between bounded steps, run in slices of a few milliseconds with
// the event loop served between them, under the request's own deadline, and at most a few at once per
// tenant. A tenant that asks for a lot waits for its own slots, never for another tenant's requests.

/** How long one request of a subgraph may run, unless the gateway asks for less (`DEADLINE_HEADER`). */
export const DEFAULT_REQUEST_DEADLINE_MS = 3_000;
/** The time the gateway gives the subgraph request, in milliseconds; it can only shorten the subgraph's own deadline. */
export const DEADLINE_HEADER = 'x-attunelogic-deadline-ms';
/** The longest a piece of CPU work runs before the event loop is served. */
export const SLICE_MS = 8;

/** `DEADLINE_EXCEEDED`: the request ran out of its time in the subgraph; nothing was written by the work it stopped. */
export const deadlineExceeded = (): DomainError =>
  new DomainError('DEADLINE_EXCEEDED', 'The request took longer than the time it is given; ask for less at once (fewer aliases, stops or positions).');

/**
 * What one single-document write is budgeted at when a request decides up front whether its writes fit
 * in the time it has left: twice what a write of a large mutation took on the development database
 * (FerretDB on SQLite, writes serialised per database; a daily agreement's 59 work orders, 4 writes
 * each, in 912 ms: about 4 ms a write). Budgeted high on purpose: refusing a batch that would have
 * fitted costs a retry with fewer, starting one that does not fit costs a timeout.
 */
export const WRITE_BUDGET_MS = 8;

/** `DEADLINE_EXCEEDED` before anything is written: the work needs more time than the request has left. */
export const cannotCover = (what: string, neededMs: number, leftMs: number): DomainError =>
  new DomainError('DEADLINE_EXCEEDED', `${what} needs about ${neededMs} ms and the request has ${leftMs} ms left; nothing was written. Send fewer at once.`, {
    neededMs,
    leftMs,
  });

/** The moment a request's work must stop: checked between slices of work and before each expensive step. */
export class Deadline {
  constructor(
    /** Epoch milliseconds. */
    readonly at: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A deadline `ms` from now. */
  static in(ms: number, now: () => number = Date.now): Deadline {
    return new Deadline(now() + ms, now);
  }

  get remainingMs(): number {
    return Math.max(0, this.at - this.now());
  }

  get expired(): boolean {
    return this.now() >= this.at;
  }

  /** Throws `DEADLINE_EXCEEDED` once the deadline has passed. */
  check(): void {
    if (this.expired) throw deadlineExceeded();
  }

  /**
   * Refuses, before anything is written, work of `writes` single-document writes (`what`, for the
   * message) that the time left cannot cover at `msPerWrite` each: `DEADLINE_EXCEEDED` with
   * `neededMs` and `leftMs`. Work that passes still checks the deadline between its writes.
   */
  cover(what: string, writes: number, msPerWrite = WRITE_BUDGET_MS): void {
    const neededMs = Math.ceil(writes * msPerWrite);
    const leftMs = this.remainingMs;
    if (neededMs > leftMs) throw cannotCover(what, neededMs, leftMs);
  }
}

/**
 * The deadline of one subgraph request: the subgraph's own limit, or less when the gateway's header
 * says its own timeout comes sooner. A missing or malformed header changes nothing.
 */
export function requestDeadline(ownMs: number, header: string | string[] | undefined, now: () => number = Date.now): Deadline {
  const asked = typeof header === 'string' && /^\d{1,7}$/.test(header) ? Number(header) : Infinity;
  return Deadline.in(Math.min(ownMs, asked), now);
}

/** CPU work cut into steps: each `yield` is a point where it may be paused, and the return value is its result. */
export type Steps<T> = Generator<unknown, T, void>;

/** Runs steps to the end at once (tests, small inputs, code without a request). */
export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * Runs steps in slices of at most `sliceMs`, serving the event loop between slices; stops with
 * `DEADLINE_EXCEEDED` at the first step past the deadline.
 */
export async function runSliced<T>(steps: Steps<T>, deadline: Deadline, sliceMs = SLICE_MS): Promise<T> {
  deadline.check();
  let sliceStart = performance.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await nextTurn();
      deadline.check();
      sliceStart = performance.now();
    }
  }
}

export interface WorkLimits {
  /** Pieces of expensive work one tenant runs at once in this process. */
  readonly perTenant: number;
  /** Pieces of expensive work running at once in this process, all tenants together. */
  readonly total: number;
  /** Pieces of one tenant waiting for a slot; more are refused at once with `RATE_LIMITED`. */
  readonly queuePerTenant: number;
}

export const DEFAULT_WORK_LIMITS: WorkLimits = { perTenant: 1, total: 2, queuePerTenant: 16 };

interface Waiter {
  readonly tenant: string;
  readonly start: () => void;
}

/**
 * Slots for expensive work, per tenant and in all: a tenant over its share waits in its own queue
 * (until its deadline), and a freed slot goes to the waiting tenant with the fewest pieces running,
 * so one tenant's flood never queues another tenant behind it.
 */
export class WorkLimiter {
  readonly #running = new Map<string, number>();
  readonly #waiting: Waiter[] = [];
  #total = 0;

  constructor(readonly limits: WorkLimits = DEFAULT_WORK_LIMITS) {}

  /** Pieces of work running now (all tenants). */
  get running(): number {
    return this.#total;
  }

  /** Runs `task` in a slot of `tenant`, waiting for one until `deadline`. */
  async run<T>(tenant: string, deadline: Deadline, task: () => Promise<T>): Promise<T> {
    const release = await this.acquire(tenant, deadline);
    try {
      return await task();
    } finally {
      release();
    }
  }

  /**
   * A slot of `tenant`, waited for until `deadline` (`DEADLINE_EXCEEDED` then), or `RATE_LIMITED` at
   * once when the tenant's queue is full. Returns the function that gives the slot back (once).
   */
  async acquire(tenant: string, deadline: Deadline): Promise<() => void> {
    await this.#acquire(tenant, deadline);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#release(tenant);
    };
  }

  #free(tenant: string): boolean {
    return this.#total < this.limits.total && (this.#running.get(tenant) ?? 0) < this.limits.perTenant;
  }

  #take(tenant: string): void {
    this.#total += 1;
    this.#running.set(tenant, (this.#running.get(tenant) ?? 0) + 1);
  }

  async #acquire(tenant: string, deadline: Deadline): Promise<void> {
    deadline.check();
    if (this.#free(tenant)) return this.#take(tenant);
    if (this.#waiting.filter((w) => w.tenant === tenant).length >= this.limits.queuePerTenant) {
      throw new DomainError('RATE_LIMITED', 'Too many expensive requests of this tenant at once; retry shortly.', { retryAfterSeconds: 1 });
    }
    await new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        tenant,
        start: () => {
          clearTimeout(timer);
          this.#take(tenant);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        const at = this.#waiting.indexOf(waiter);
        if (at >= 0) this.#waiting.splice(at, 1);
        reject(deadlineExceeded());
      }, deadline.remainingMs);
      this.#waiting.push(waiter);
    });
  }

  #release(tenant: string): void {
    this.#total -= 1;
    const left = (this.#running.get(tenant) ?? 1) - 1;
    if (left === 0) this.#running.delete(tenant);
    else this.#running.set(tenant, left);
    // The waiter that may start whose tenant runs the fewest pieces; the earliest among equals.
    let chosen = -1;
    for (let i = 0; i < this.#waiting.length; i++) {
      const w = this.#waiting[i]!;
      if (!this.#free(w.tenant)) continue;
      if (chosen < 0 || (this.#running.get(w.tenant) ?? 0) < (this.#running.get(this.#waiting[chosen]!.tenant) ?? 0)) chosen = i;
    }
    if (chosen >= 0) this.#waiting.splice(chosen, 1)[0]!.start();
  }
}

/** What a request's resolvers use for CPU-heavy work: its deadline, and the process's slots. */
export interface RequestWork {
  readonly deadline: Deadline;
  /** Runs steps in slices, in one of the tenant's slots, under the request's deadline. */
  run<T>(steps: Steps<T>): Promise<T>;
  /**
   * Runs `task` (for example the validation and the write of a large document) in one of the
   * tenant's slots, waited for until the deadline: the tenant's expensive writes reach the database
   * a few at a time, not all at once. `run` inside `task` uses the same slot.
   */
  hold<T>(task: () => Promise<T>): Promise<T>;
}

/** The slot the current piece of work holds, if any (aliases of one request run side by side, each needs its own). */
const holding = new AsyncLocalStorage<WorkLimiter>();

/** The work handle of one request of `tenant`. */
export const requestWork = (limiter: WorkLimiter, tenant: string, deadline: Deadline): RequestWork => {
  const inSlot = <T>(task: () => Promise<T>): Promise<T> => (holding.getStore() === limiter ? task() : limiter.run(tenant, deadline, () => holding.run(limiter, task)));
  return {
    deadline,
    run: (steps) => inSlot(() => runSliced(steps, deadline)),
    hold: inSlot,
  };
};
