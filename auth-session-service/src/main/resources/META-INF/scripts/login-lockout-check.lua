-- Failed-login lockout check (spec/http-api.md): how long the account or the IP is still
-- locked, before any password is verified. Fixed windows that start at the first failure.
-- KEYS[1] tk:login-fail:{sha256(email)}   KEYS[2] tk:login-fail-ip:{ip} (optional)
-- ARGV[1] account limit, ARGV[2] IP limit
-- Returns milliseconds until the lock ends, 0 when not locked.
local wait = 0
local limits = { tonumber(ARGV[1]), tonumber(ARGV[2]) }
for i = 1, #KEYS do
  local count = tonumber(redis.call('GET', KEYS[i]) or '0')
  if count >= limits[i] then
    local ttl = redis.call('PTTL', KEYS[i])
    if ttl > wait then
      wait = ttl
    end
  end
end
return wait
