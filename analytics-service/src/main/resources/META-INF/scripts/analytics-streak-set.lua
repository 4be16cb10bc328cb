-- Stores a streak computed from PostgreSQL unless the hash already holds one computed
-- from at least as many activity rows (a concurrent or replayed refresh).
-- KEYS[1] tk:streak:{userId}; ARGV version, current, longest, lastDate
local stored = tonumber(redis.call('HGET', KEYS[1], 'version'))
if stored ~= nil and stored >= tonumber(ARGV[1]) then
  return 0
end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'current', ARGV[2], 'longest', ARGV[3], 'lastDate', ARGV[4])
return 1
