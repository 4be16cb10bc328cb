-- Moves the expiry of an existing entry (a live connection or subscription) forward.
-- KEYS[1] the sorted set; ARGV[1] new expiry (ms), ARGV[2] member. Returns 1 when the entry existed.
local updated = redis.call('ZADD', KEYS[1], 'XX', 'CH', ARGV[1], ARGV[2])
if redis.call('ZSCORE', KEYS[1], ARGV[2]) then
  local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
  redis.call('PEXPIREAT', KEYS[1], math.floor(tonumber(newest[2])) + 1000)
  return 1
end
return 0
