-- Reserves a connection slot of one user: tk:presence:{userId} holds connection ids scored by expiry (ms).
-- KEYS[1] presence key; ARGV[1] now, ARGV[2] expiry of the new entry, ARGV[3] connection id,
-- ARGV[4] most connections allowed. Returns -1 when the user is at the limit, else how many live entries
-- there were before (0: the user just came online).
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local count = redis.call('ZCARD', KEYS[1])
if count >= tonumber(ARGV[4]) then
  return -1
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], math.floor(tonumber(newest[2])) + 1000)
return count
