-- The gateway's per-request lookup and the idle-timeout refresh in one round trip.
-- The refresh (last active, TTLs, index score) happens at most once per touch interval, so
-- a busy session costs one HGETALL-sized read most of the time.
-- The session-id and index keys are derived from the record (prefix in ARGV): they live in
-- other hash slots, which Sentinel and standalone deployments allow and Cluster would not.
-- KEYS[1] tk:session:{tokenHash}
-- ARGV[1] touch interval ms, ARGV[2] key prefix
-- Returns the record's field/value list (lastActiveAt updated when touched), or nil.
local function str(n)
  return string.format('%.0f', n)
end
local raw = redis.call('HGETALL', KEYS[1])
if #raw == 0 then
  return false
end
local h = {}
for i = 1, #raw, 2 do
  h[raw[i]] = raw[i + 1]
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local expiresAt = tonumber(h.expiresAt)
local lastActive = tonumber(h.lastActiveAt)
local idle = tonumber(h.idleTimeout)
local idKey = ARGV[2] .. ':session-id:{' .. h.publicId .. '}'
local indexKey = ARGV[2] .. ':user:{' .. h.userId .. '}:sessions'
if now >= expiresAt or now >= lastActive + idle then
  -- Absolute lifetime over (or idle expiry not yet reaped): the session is gone for good.
  redis.call('DEL', KEYS[1])
  redis.call('DEL', idKey)
  redis.call('ZREM', indexKey, h.publicId)
  return false
end
if now - lastActive >= tonumber(ARGV[1]) then
  local effective = math.min(now + idle, expiresAt)
  redis.call('HSET', KEYS[1], 'lastActiveAt', str(now))
  redis.call('PEXPIREAT', KEYS[1], str(effective))
  redis.call('PEXPIREAT', idKey, str(effective))
  redis.call('ZADD', indexKey, 'XX', str(effective), h.publicId)
  redis.call('PEXPIREAT', indexKey, str(effective), 'GT')
  for i = 1, #raw, 2 do
    if raw[i] == 'lastActiveAt' then
      raw[i + 1] = str(now)
    end
  end
end
return raw
