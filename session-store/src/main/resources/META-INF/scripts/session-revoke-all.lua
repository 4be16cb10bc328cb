-- Revokes every session of one user, optionally keeping one (password change keeps the
-- caller's), and leaves the index holding only what was kept.
-- KEYS[1] tk:user:{userId}:sessions
-- ARGV[1] key prefix, ARGV[2] public id to keep, or ''
-- Returns a flat list publicId, tokenHash, publicId, tokenHash... of the sessions revoked.
local function str(n)
  return string.format('%.0f', n)
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local revoked = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if id ~= ARGV[2] then
    local idKey = ARGV[1] .. ':session-id:{' .. id .. '}'
    local tokenHash = redis.call('GET', idKey)
    if tokenHash then
      redis.call('DEL', ARGV[1] .. ':session:{' .. tokenHash .. '}')
      redis.call('DEL', idKey)
      revoked[#revoked + 1] = id
      revoked[#revoked + 1] = tokenHash
    end
    redis.call('ZREM', KEYS[1], id)
  end
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', str(now))
return revoked
