/**
 * The one source of "now" for domain code: carried in the request context (`ctx.clock`), so tests
 * freeze or move time per tenant and nothing sleeps. Production uses `systemClock`.
 */
export interface Clock {
  now(): Date;
}

/** The real time. */
export const systemClock: Clock = Object.freeze({ now: () => new Date() });

/** A clock tests set: frozen at `at` (the real time when absent) until `set` moves it. */
export interface TestClock extends Clock {
  /** From now on, `now()` returns `at`. */
  set(at: Date | string | number): void;
}

/**
 * A clock frozen at `at`, or following the real time until the first `set` when `at` is absent.
 * @example const clock = testClock('2025-06-16T14:00:00Z'); clock.set('2025-06-17T00:00:00Z');
 */
export function testClock(at?: Date | string | number): TestClock {
  let frozen = at === undefined ? undefined : new Date(at).getTime();
  return {
    now: () => new Date(frozen ?? Date.now()),
    set(next) {
      frozen = new Date(next).getTime();
    },
  };
}
