/**
 * The Lua scripts of the Redis limit store. Each runs atomically on the server, so every
 * process sharing a Redis sees one count. A window is a sorted set of admission times (score:
 * epoch ms, member: unique per admission); see `limit-store.ts` in keys-core for why a sliding
 * window log. Time: `ARGV[1]` is the caller's clock, or `-1` to read the server's `TIME`, so
 * that several servers with skewed clocks share one timeline.
 */

/** Current time in ms: the caller's, or the server's when the caller sends -1. */
const NOW = `
local now = tonumber(ARGV[1])
if now < 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end`;

/** Remaining and reset time of window `key` holding `count` entries. */
const STATE = `
local function state(key, limit, window, count, now)
  local reset = now
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  if oldest[2] then reset = tonumber(oldest[2]) + window end
  local remaining = limit - count
  if remaining < 0 then remaining = 0 end
  return { remaining, reset }
end`;

/**
 * take: KEYS = buckets; ARGV = now, member, then limit and window of each bucket.
 * Admits only if every bucket has room, then adds the admission to all. Returns
 * { admitted (1|0), now, remaining1, reset1, remaining2, reset2, ... }.
 */
export const TAKE = `${NOW}
${STATE}
local member = ARGV[2]
local admitted = 1
local counts = {}
for i = 1, #KEYS do
  local limit = tonumber(ARGV[1 + 2 * i])
  local window = tonumber(ARGV[2 + 2 * i])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  counts[i] = redis.call('ZCARD', KEYS[i])
  if counts[i] >= limit then admitted = 0 end
end
local out = { admitted, now }
for i = 1, #KEYS do
  local limit = tonumber(ARGV[1 + 2 * i])
  local window = tonumber(ARGV[2 + 2 * i])
  if admitted == 1 then
    redis.call('ZADD', KEYS[i], now, member)
    redis.call('PEXPIRE', KEYS[i], window)
    counts[i] = counts[i] + 1
  end
  local s = state(KEYS[i], limit, window, counts[i], now)
  out[#out + 1] = s[1]
  out[#out + 1] = s[2]
end
return out`;

/** peek: KEYS[1] = bucket; ARGV = now, limit, window. Returns { now, remaining, reset }. */
export const PEEK = `${NOW}
${STATE}
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local s = state(KEYS[1], limit, window, redis.call('ZCARD', KEYS[1]), now)
return { now, s[1], s[2] }`;

/**
 * record: KEYS[1] = bucket; ARGV = now, member, limit, window. Adds the event even when the
 * window is full (the oldest events beyond `limit` are dropped, so it stays full while events
 * keep coming). Returns { now, remaining, reset }.
 */
export const RECORD = `${NOW}
${STATE}
local member = ARGV[2]
local limit = tonumber(ARGV[3])
local window = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
redis.call('ZADD', KEYS[1], now, member)
local count = redis.call('ZCARD', KEYS[1])
if count > limit then
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, count - limit - 1)
  count = limit
end
redis.call('PEXPIRE', KEYS[1], window)
local s = state(KEYS[1], limit, window, count, now)
return { now, s[1], s[2] }`;

/**
 * acquire: KEYS[1] = in-flight set; ARGV = now, lease id, max, lease ms. Leases are scored by
 * their expiry, so a crashed server's slots lapse. Returns 1 when a slot was taken, else 0.
 */
export const ACQUIRE = `${NOW}
local lease = ARGV[2]
local max = tonumber(ARGV[3])
local ttl = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= max then return 0 end
redis.call('ZADD', KEYS[1], now + ttl, lease)
redis.call('PEXPIRE', KEYS[1], ttl)
return 1`;
