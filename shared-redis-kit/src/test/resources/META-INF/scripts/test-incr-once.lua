-- Test script: increments KEYS[1] once per request id ARGV[1] (marker KEYS[2]).
if redis.call('SET', KEYS[2], '1', 'NX', 'EX', 60) then
  return redis.call('INCR', KEYS[1])
end
return tonumber(redis.call('GET', KEYS[1]))
