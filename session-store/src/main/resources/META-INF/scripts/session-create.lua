-- Creates one session (spec/internal.md, "Key catalogue") and prunes the user's index, atomically.
-- Times come from the Redis server so every service agrees on them.
-- KEYS[1] tk:session:{tokenHash}   KEYS[2] tk:user:{userId}:sessions   KEYS[3] tk:session-id:{publicId}
-- ARGV[1] token hash, ARGV[2] public id, ARGV[3] idle timeout ms, ARGV[4] absolute lifetime ms,
-- ARGV[5..] further field/value pairs (userId, role, displayName, ip, userAgent)
-- Returns {createdAt, expiresAt} in epoch milliseconds.
local function str(n)
  return string.format('%.0f', n)
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local idle = tonumber(ARGV[3])
local expiresAt = now + tonumber(ARGV[4])
local effective = math.min(now + idle, expiresAt)
local fields = { 'publicId', ARGV[2], 'createdAt', str(now), 'lastActiveAt', str(now),
  'expiresAt', str(expiresAt), 'idleTimeout', str(idle) }
for i = 5, #ARGV do
  fields[#fields + 1] = ARGV[i]
end
redis.call('HSET', KEYS[1], unpack(fields))
redis.call('PEXPIREAT', KEYS[1], str(effective))
redis.call('SET', KEYS[3], ARGV[1], 'PXAT', str(effective))
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', str(now))
redis.call('ZADD', KEYS[2], str(effective), ARGV[2])
local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[2], last[2])
return { now, expiresAt }
