-- Copies changed user fields (display name, role) into every live session of the user, so
-- the gateway's identity header stays current without a new login. Never creates a key.
-- KEYS[1] tk:user:{userId}:sessions
-- ARGV[1] key prefix, ARGV[2..] field/value pairs
-- Returns the number of sessions updated.
local function str(n)
  return string.format('%.0f', n)
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', str(now))
local fields = {}
for i = 2, #ARGV do
  fields[#fields + 1] = ARGV[i]
end
local updated = 0
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local tokenHash = redis.call('GET', ARGV[1] .. ':session-id:{' .. id .. '}')
  local sessionKey = tokenHash and (ARGV[1] .. ':session:{' .. tokenHash .. '}')
  if sessionKey and redis.call('EXISTS', sessionKey) == 1 then
    redis.call('HSET', sessionKey, unpack(fields))
    updated = updated + 1
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
return updated
