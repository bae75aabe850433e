import { type Redis } from 'ioredis';
import { type Logger } from '@attunelogic/shared';

/** Mutations after which what the gateway caches about a tenant (its record, its users) is stale. */
export const TENANT_STATE_MUTATIONS = new Set([
  'deactivateUser',
  'reactivateUser',
  'updateUserRoles',
  'createUser',
  'renameTenant',
  'updateTenantConfig',
  'rotateApiClientSecret',
  'revokeApiClient',
]);

export const INVALIDATION_CHANNEL = 'attunelogic:tenant-invalidated';

/**
 * Tells every gateway instance to forget a tenant's cached records at once, instead of waiting for
 * the cache lifetime: published after a tenant-state mutation (and by operator tools), received by
 * all instances subscribed to the same Redis. Without Redis it only reaches this process.
 */
export function createInvalidationBus(options: { redis?: Redis | undefined; logger: Logger; onInvalidate: (slug: string) => void }) {
  const { redis, logger, onInvalidate } = options;
  // A subscribed connection can do nothing else, so it is a duplicate of the shared client.
  const subscriber = redis?.duplicate();
  const ready = subscriber
    ? subscriber.subscribe(INVALIDATION_CHANNEL).then(
        () => undefined,
        (error: unknown) => logger.warn({ err: error }, 'cache invalidation: cannot subscribe; cache lifetime applies'),
      )
    : Promise.resolve();
  subscriber?.on('message', (channel, slug) => {
    if (channel === INVALIDATION_CHANNEL) onInvalidate(slug);
  });

  return {
    ready,
    async publish(slug: string): Promise<void> {
      onInvalidate(slug);
      if (!redis) return;
      await redis.publish(INVALIDATION_CHANNEL, slug).catch((error: unknown) => logger.warn({ err: error, slug }, 'cache invalidation not published'));
    },
    async close(): Promise<void> {
      subscriber?.disconnect();
    },
  };
}

export type InvalidationBus = ReturnType<typeof createInvalidationBus>;
