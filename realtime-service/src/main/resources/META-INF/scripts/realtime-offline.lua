-- Drops expired connection entries of one user. KEYS[1] presence key; ARGV[1] now (ms).
-- Returns 1 only to the caller whose pruning removed the user's last entries: that caller announces
-- the offline transition, so it is announced once whichever instances check.
local removed = redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if removed > 0 and redis.call('ZCARD', KEYS[1]) == 0 then
  return 1
end
return 0
