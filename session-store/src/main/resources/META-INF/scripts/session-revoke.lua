-- Revokes one session by its public id; optionally only when it belongs to a given user
-- (so one user cannot revoke, or learn about, another's session). Prunes the user's index.
-- KEYS[1] tk:session-id:{publicId}
-- ARGV[1] key prefix, ARGV[2] public id, ARGV[3] user id the session must belong to, or ''
-- Returns {userId, tokenHash} of the revoked session, or nil when there was none.
local function str(n)
  return string.format('%.0f', n)
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function prune(indexKey)
  redis.call('ZREMRANGEBYSCORE', indexKey, '-inf', str(now))
end
local tokenHash = redis.call('GET', KEYS[1])
if not tokenHash then
  if ARGV[3] ~= '' then
    local indexKey = ARGV[1] .. ':user:{' .. ARGV[3] .. '}:sessions'
    redis.call('ZREM', indexKey, ARGV[2])
    prune(indexKey)
  end
  return false
end
local sessionKey = ARGV[1] .. ':session:{' .. tokenHash .. '}'
local userId = redis.call('HGET', sessionKey, 'userId')
if not userId then
  redis.call('DEL', KEYS[1])
  return false
end
if ARGV[3] ~= '' and userId ~= ARGV[3] then
  return false
end
local indexKey = ARGV[1] .. ':user:{' .. userId .. '}:sessions'
redis.call('DEL', sessionKey)
redis.call('DEL', KEYS[1])
redis.call('ZREM', indexKey, ARGV[2])
prune(indexKey)
return { userId, tokenHash }
