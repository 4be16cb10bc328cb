-- Reads a generational cache entry in one round trip.
-- KEYS[1]: the owner's generation counter.
-- ARGV[1], ARGV[2]: the entry key before and after the generation; both parts come from
-- RedisKeys and share the owner's hash tag, so the entry lives in the counter's slot.
-- Returns "<generation>|<entry>", with an empty entry on a miss.
local generation = redis.call('GET', KEYS[1]) or '0'
local entry = redis.call('GET', ARGV[1] .. generation .. ARGV[2]) or ''
return generation .. '|' .. entry
