-- Benchmark script: one INCR, so EVALSHA cost is compared, not script work.
return redis.call('INCR', KEYS[1])
