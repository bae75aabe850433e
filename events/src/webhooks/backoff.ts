/** The retry policy of a webhook delivery. */
export interface RetryPolicy {
  /** The wait before the first retry (before jitter). */
  baseMs: number;
  /** The longest wait between two attempts. */
  maxMs: number;
  /** Attempts in all, the first included; after the last failed one the delivery is parked. */
  maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 5_000, maxMs: 6 * 60 * 60_000, maxAttempts: 8 };

/**
 * The wait after failed attempt number `attempt` (1-based): exponential, capped, with full jitter
 * (a uniform draw below the cap), so endpoints that failed together are not retried together; or
 * `null` when the delivery is to be parked.
 */
export function retryDelay(attempt: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY, random: () => number = Math.random): number | null {
  if (attempt >= policy.maxAttempts) return null;
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}
