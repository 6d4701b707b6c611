/**
 * `@babysea/keys-redis`: limits shared by many servers (`createRedisLimitStore`) and a change
 * feed over pub/sub for any storage adapter (`withRedisChangeFeed`).
 */
export { type RedisChangeFeedOptions, withRedisChangeFeed } from './redis-change-feed.js';
export {
  createRedisLimitStore,
  type RedisLimitStore,
  type RedisLimitStoreOptions,
} from './redis-limit-store.js';
