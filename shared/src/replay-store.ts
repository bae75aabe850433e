import { Redis } from 'ioredis';
import { type Logger } from './logger';
import { SeenContexts, type Remembered, type ReplayStore } from './internal-context';

const REPLAY_KEY_PREFIX = 'ctx:jti:';

/**
 * The accepted `jti`s of every instance of a subgraph in one Redis (`REDIS_URL`): a context replayed to
 * another instance of the same subgraph is refused as it is on the instance that took it first.
 * One `SET key 1 PX <left> NX` per request: set means fresh, not set means seen. Redis forgets each
 * entry when its context expires, so nothing grows past the contexts in their lifetime.
 *
 * If Redis does not answer, the instance falls back to its own memory (a replay to the same instance is
 * still refused; one to another instance is not, for as long as Redis is away) and says so in the log
 * once per outage — the same choice as the gateway's rate limits, rather than refusing every request.
 */
export class RedisSeenContexts implements ReplayStore {
  private readonly local: SeenContexts;
  private degraded = false;

  constructor(
    private readonly redis: Redis,
    private readonly logger: Pick<Logger, 'warn' | 'info'>,
    capacity?: number,
    private readonly now: () => number = Date.now,
  ) {
    this.local = new SeenContexts(capacity, now);
  }

  get capacity(): number {
    return this.local.capacity;
  }

  async remember(jti: string, expiresAtMs: number): Promise<Remembered> {
    const left = Math.max(1, Math.ceil(expiresAtMs - this.now()));
    try {
      const set = await this.redis.set(REPLAY_KEY_PREFIX + jti, '1', 'PX', left, 'NX');
      if (this.degraded) {
        this.degraded = false;
        this.logger.info('replay store: Redis answers again');
      }
      // Also kept locally, so that a later outage still refuses replays of what this instance took.
      this.local.remember(jti, expiresAtMs);
      return set === 'OK' ? 'fresh' : 'replayed';
    } catch (error) {
      if (!this.degraded) {
        this.degraded = true;
        this.logger.warn({ err: error }, 'replay store: Redis unreachable, remembering contexts in this instance only');
      }
      return this.local.remember(jti, expiresAtMs);
    }
  }
}

/**
 * A Redis client for the replay store: commands fail at once while Redis is away (no offline queue, so a
 * request never waits on it), and resolves once the connection is ready, or after `waitMs` with the
 * client still trying (the store falls back meanwhile) — a subgraph starts even if Redis does not.
 */
export async function connectRedis(url: string, waitMs = 2_000): Promise<Redis> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', () => undefined); // RedisSeenContexts logs an outage once, when a request meets it
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, waitMs);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return redis;
}
