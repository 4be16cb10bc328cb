-- A member's rank with its neighbours and their display names in one round trip;
-- {-1} when the member is not on the board.
-- KEYS[1] tk:challenge:{id}:board, KEYS[2] tk:challenge:{id}:names; ARGV member, around
local rank = redis.call('ZREVRANK', KEYS[1], ARGV[1])
if not rank then
  return {-1}
end
local from = rank - tonumber(ARGV[2])
if from < 0 then
  from = 0
end
local range = redis.call('ZREVRANGE', KEYS[1], from, rank + tonumber(ARGV[2]), 'WITHSCORES')
local ids = {}
for i = 1, #range, 2 do
  ids[#ids + 1] = range[i]
end
return {rank, from, range, redis.call('HMGET', KEYS[2], unpack(ids))}
