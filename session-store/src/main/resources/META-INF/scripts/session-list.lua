-- Lists a user's live sessions and drops index members whose session is gone.
-- KEYS[1] tk:user:{userId}:sessions
-- ARGV[1] key prefix
-- Returns one field/value list per session, each ending with 'tokenHash', <hash>.
local function str(n)
  return string.format('%.0f', n)
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', str(now))
local sessions = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local tokenHash = redis.call('GET', ARGV[1] .. ':session-id:{' .. id .. '}')
  local raw = {}
  if tokenHash then
    raw = redis.call('HGETALL', ARGV[1] .. ':session:{' .. tokenHash .. '}')
  end
  if #raw == 0 then
    redis.call('ZREM', KEYS[1], id)
  else
    raw[#raw + 1] = 'tokenHash'
    raw[#raw + 1] = tokenHash
    sessions[#sessions + 1] = raw
  end
end
return sessions
