// The reference webhook's shared cache: Redis when REDIS_URL is set, so every replica reuses one
// weather answer per place. Without it, each process caches on its own (see weather/cached.ts).
import { redisCache, type Cache, type Logger } from 'cxhook';

export interface SharedCache {
  cache: Cache;
  /** Closes the Redis connection, after in-flight calls are done. */
  close(): Promise<void>;
}

/**
 * A Redis cache on `redisUrl`. ioredis is loaded here, not at start-up of webhooks without Redis.
 * @example const shared = await connectRedisCache(config.redisUrl, logger);
 */
export async function connectRedisCache(redisUrl: string, logger: Logger, keyPrefix = 'cxhook:reference'): Promise<SharedCache> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(redisUrl, {
    // While Redis is down, commands fail at once instead of queueing behind a turn's deadline.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
  });
  // The cache logs Redis failures at most once per 30 s; without a listener ioredis prints every reconnect.
  redis.on('error', () => {});
  return {
    cache: redisCache({ redis, keyPrefix, logger }),
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
