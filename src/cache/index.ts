// Caches behind one interface: in this process (memoryCache) or in Redis shared by every replica
// (redisCache). Subpath `cxhook/cache`.
export { DEFAULT_CACHE_TTL_MS, type Cache, type CacheHealth, type CacheLoadOptions } from './cache.ts';
export { memoryCache, type MemoryCacheOptions } from './memory.ts';
export { redisCache, type RedisCacheOptions } from './redis.ts';
