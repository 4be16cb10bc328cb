-- One page of a leaderboard in one round trip: the member count, the members with
-- their scores, and their display names.
-- KEYS[1] tk:challenge:{id}:board, KEYS[2] tk:challenge:{id}:names; ARGV start, stop
local range = redis.call('ZREVRANGE', KEYS[1], ARGV[1], ARGV[2], 'WITHSCORES')
local total = redis.call('ZCARD', KEYS[1])
local names = {}
if #range > 0 then
  local ids = {}
  for i = 1, #range, 2 do
    ids[#ids + 1] = range[i]
  end
  names = redis.call('HMGET', KEYS[2], unpack(ids))
end
return {total, range, names}
