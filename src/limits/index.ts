export { DEFAULT_MAX_DEPTH, DEFAULT_MAX_KEYS, type JsonLimits } from './json-complexity.ts';
export { rateLimit, type RateLimitOptions, type RateLimitSource, type RateLimitVerdict, type RateLimiter } from './rate-limit.ts';
