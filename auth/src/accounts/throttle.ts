import { type Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface ThrottleOptions {
  accountFailures: number;
  addressFailures: number;
  lockoutSeconds: number;
  /**
   * Several instances of the server count in one Redis (`REDIS_URL`), so a guesser gains nothing by
   * spreading attempts over them. If Redis does not answer, each instance counts in its own memory
   * (rate-limiter-flexible's insurance limiter) rather than refusing every sign-in or none.
   */
  redis?: Redis | undefined;
}

/**
 * Failed sign-ins (a password or a second-factor code) counted per account and per client address;
 * past either budget the account or address is refused until the lockout passes.
 */
export interface Throttle {
  /** True when the account or the address has used up its failures. */
  isThrottled(accountKey: string, address: string): Promise<boolean>;
  /** Counts one failure against both. */
  failed(accountKey: string, address: string): Promise<void>;
  /** Clears the account's count (a complete sign-in). */
  succeeded(accountKey: string): Promise<void>;
}

export function createThrottle(options: ThrottleOptions): Throttle {
  const make = (keyPrefix: string, points: number): RateLimiterAbstract => {
    const base = { keyPrefix: `auth:${keyPrefix}`, points, duration: options.lockoutSeconds };
    if (!options.redis) return new RateLimiterMemory(base);
    return new RateLimiterRedis({ ...base, storeClient: options.redis, insuranceLimiter: new RateLimiterMemory(base) });
  };
  const perAccount = make('account', options.accountFailures);
  const perAddress = make('address', options.addressFailures);

  // get() of the Redis limiter does not fall back to the insurance limiter: a Redis error reads as
  // the memory count, so an instance cut off from Redis still refuses what it counted itself.
  const consumed = async (limiter: RateLimiterAbstract, key: string): Promise<number> => {
    try {
      return (await limiter.get(key))?.consumedPoints ?? 0;
    } catch {
      const insurance = (limiter as { insuranceLimiter?: RateLimiterAbstract }).insuranceLimiter;
      return (await insurance?.get(key))?.consumedPoints ?? 0;
    }
  };

  return {
    async isThrottled(accountKey, address) {
      const [account, byAddress] = await Promise.all([consumed(perAccount, accountKey), consumed(perAddress, address)]);
      return account >= options.accountFailures || byAddress >= options.addressFailures;
    },
    async failed(accountKey, address) {
      // consume() rejects once the points are gone: that is the throttle, counted, not an error here.
      await Promise.allSettled([perAccount.consume(accountKey), perAddress.consume(address)]);
    },
    async succeeded(accountKey) {
      await perAccount.delete(accountKey).catch(() => undefined);
    },
  };
}
