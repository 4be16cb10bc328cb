-- Counts one failed login against the account and the IP. The window starts at the first
-- failure; a counter found without a TTL (never expected) gets one so it cannot lock forever.
-- KEYS[1] tk:login-fail:{sha256(email)}   KEYS[2] tk:login-fail-ip:{ip} (optional)
-- ARGV[1] window ms
-- Returns the account's failure count in the current window.
local counts = {}
for i = 1, #KEYS do
  counts[i] = redis.call('INCR', KEYS[i])
  if counts[i] == 1 or redis.call('PTTL', KEYS[i]) < 0 then
    redis.call('PEXPIRE', KEYS[i], ARGV[1])
  end
end
return counts[1]
