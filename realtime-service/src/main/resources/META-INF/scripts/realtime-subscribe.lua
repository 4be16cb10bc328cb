-- Adds a member to a sorted set scored by expiry (ms) and keeps the key alive until the newest expiry.
-- KEYS[1] the sorted set; ARGV[1] now, ARGV[2] expiry, ARGV[3] member.
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], math.floor(tonumber(newest[2])) + 1000)
return 1
