-- Decides every rate-limit policy of one request in one call (spec/rate-limits.md).
-- KEYS[i]: the state key of policy i (all of a request's keys share a hash tag).
-- ARGV: six values per policy: algorithm (1 fixed-window, 2 sliding-window, 3 sliding-log,
--       4 token-bucket, 5 gcra), limit, window (us), burst, cost, interval (us per token).
-- Phase one reads and decides every policy; phase two writes only when all of them admit,
-- so a rejected request consumes nothing anywhere. Time is the server's, in microseconds.
-- Reply: {admitted, then per policy: admitted, remaining, reset (ms), retry after (ms)}.
--
-- Written for Redis CPU per call (docs/gateway.md G8): no closures or tables per policy
-- (the decisions live in the reply itself, the pending writes in flat locals), no string
-- formatting except for server-clock values (beyond the 14 digits redis.call converts
-- exactly), and a window's PEXPIRE only when the window starts (its expiry is the same
-- absolute time for every write in the window), a counter of the current window bumped
-- with HINCRBY.

local call, tonumber, floor, ceil = redis.call, tonumber, math.floor, math.ceil
local time = call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])

local n = #KEYS
local reply = { 1 }
local admitted = true
-- pending write per policy: kind (1 bump the current window, 2 start a window,
-- 3 sliding log, 4 token bucket, 5 gcra) and up to four values
local kind, v1, v2, v3, v4 = {}, {}, {}, {}, {}

for i = 1, n do
  local key = KEYS[i]
  local base = (i - 1) * 6
  local algorithm = tonumber(ARGV[base + 1])
  local limit = tonumber(ARGV[base + 2])
  local window = tonumber(ARGV[base + 3])
  local cost = tonumber(ARGV[base + 5])
  local ok, remaining, reset, retry
  if algorithm == 1 then
    -- fixed window
    local w = floor(now / window)
    local stored = call('HMGET', key, 'w', 'c')
    local count = 0
    local same = tonumber(stored[1]) == w
    if same then
      count = tonumber(stored[2]) or 0
    end
    reset = (w + 1) * window - now
    if count + cost <= limit then
      ok, remaining, retry = true, limit - count - cost, 0
      if same then
        kind[i], v1[i] = 1, cost
      else
        kind[i], v1[i], v2[i], v3[i] = 2, w, count + cost, reset
      end
    else
      ok, remaining, retry = false, math.max(0, limit - count), reset
      if cost > limit then
        retry = window
      end
      reset = retry
    end
  elseif algorithm == 2 then
    -- sliding window: weighted two-window counter, the previous window counting in
    -- proportion to how much of it still overlaps the window ending now
    local w = floor(now / window)
    local stored = call('HMGET', key, 'w', 'c', 'p')
    local cur, prev = 0, 0
    local sw = tonumber(stored[1])
    if sw == w then
      cur = tonumber(stored[2]) or 0
      prev = tonumber(stored[3]) or 0
    elseif sw == w - 1 then
      prev = tonumber(stored[2]) or 0
    end
    local elapsed = now - w * window
    local count = prev * (1 - elapsed / window) + cur
    reset = window - elapsed
    if count + cost <= limit then
      ok, remaining, retry = true, floor(limit - count - cost), 0
      if sw == w then
        kind[i], v1[i] = 1, cost
      else
        kind[i], v1[i], v2[i], v3[i] = 2, w, cost, reset + window
        v4[i] = prev
      end
    else
      ok, remaining = false, floor(limit - count)
      if cost > limit then
        retry = 2 * window
      elseif cur + cost <= limit and prev > 0 then
        -- admitted once the previous window's weight has decayed far enough
        retry = (1 - (limit - cur - cost) / prev) * window - elapsed
      else
        -- admitted during the next window, once this window's weight has decayed
        retry = reset + math.max(0, 1 - (limit - cost) / cur) * window
      end
      retry = math.max(retry, 1)
      reset = retry
    end
  elseif algorithm == 3 then
    -- sliding log: exact log of admitted requests in a sorted set scored by their time
    local from = '(' .. string.format('%d', now - window)
    local count = call('ZCOUNT', key, from, '+inf')
    if count + cost <= limit then
      reset = window
      local oldest = call('ZRANGEBYSCORE', key, from, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
      if oldest[2] then
        reset = tonumber(oldest[2]) + window - now
      end
      ok, remaining, retry = true, limit - count - cost, 0
      kind[i], v1[i], v2[i] = 3, count, window
    else
      retry = window
      if cost <= limit then
        -- the entry whose expiry frees enough room for this request's cost
        local entry = call('ZRANGEBYSCORE', key, from, '+inf', 'WITHSCORES', 'LIMIT', count + cost - limit - 1, 1)
        retry = math.max(tonumber(entry[2]) + window - now, 1)
      end
      ok, remaining, reset = false, math.max(0, limit - count), retry
    end
  elseif algorithm == 4 then
    -- token bucket: continuous refill of one token every `interval` microseconds, up to `burst`
    local burst = tonumber(ARGV[base + 4])
    local interval = tonumber(ARGV[base + 6])
    local stored = call('HMGET', key, 't', 'ts')
    local tokens = burst
    if stored[1] then
      local elapsed = math.max(0, now - tonumber(stored[2]))
      tokens = math.min(burst, tonumber(stored[1]) + elapsed / interval)
    end
    if tokens >= cost then
      local left = tokens - cost
      reset = (burst - left) * interval
      ok, remaining, retry = true, floor(left), 0
      kind[i], v1[i], v2[i] = 4, left, reset
    else
      retry = window
      if cost <= burst then
        retry = (cost - tokens) * interval
      end
      ok, remaining, reset, retry = false, floor(tokens), (burst - tokens) * interval, math.max(retry, 1)
    end
  elseif algorithm == 5 then
    -- generic cell rate algorithm: one stored theoretical arrival time per key
    local burst = tonumber(ARGV[base + 4])
    local interval = tonumber(ARGV[base + 6])
    local tat = math.max(tonumber(call('GET', key)) or now, now)
    local new_tat = tat + cost * interval
    local allow_at = new_tat - burst * interval
    if now >= allow_at then
      reset = new_tat - now
      ok, remaining, retry = true, floor((now - allow_at) / interval), 0
      kind[i], v1[i], v2[i] = 5, new_tat, reset
    else
      retry = window
      if cost <= burst then
        retry = allow_at - now
      end
      ok, remaining, reset, retry = false, 0, tat - now, math.max(retry, 1)
    end
  else
    return redis.error_reply('unknown rate-limit algorithm ' .. tostring(ARGV[base + 1]))
  end
  local at = (i - 1) * 4 + 2
  if ok then
    reply[at] = 1
  else
    reply[at] = 0
    admitted = false
  end
  reply[at + 1] = remaining
  reply[at + 2] = ceil(reset / 1000)
  reply[at + 3] = ceil(retry / 1000)
end

if not admitted then
  reply[1] = 0
  return reply
end

for i = 1, n do
  local key, k = KEYS[i], kind[i]
  if k == 1 then
    -- same window: the counter goes up, the key already expires when the window does
    call('HINCRBY', key, 'c', v1[i])
  elseif k == 2 then
    -- a new window: its start, its count (and for a sliding window the previous count)
    if v4[i] then
      call('HSET', key, 'w', v1[i], 'c', v2[i], 'p', v4[i])
    else
      call('HSET', key, 'w', v1[i], 'c', v2[i])
    end
    call('PEXPIRE', key, ceil(v3[i] / 1000) + 1000)
  elseif k == 3 then
    local cost = tonumber(ARGV[(i - 1) * 6 + 5])
    local stamp = string.format('%d', now)
    call('ZREMRANGEBYSCORE', key, '-inf', string.format('%d', now - v2[i]))
    for j = 1, cost do
      -- a later call in the same microsecond sees a larger count, so members stay unique
      call('ZADD', key, stamp, stamp .. ':' .. v1[i] .. ':' .. j)
    end
    call('PEXPIRE', key, ceil(v2[i] / 1000) + 1000)
  elseif k == 4 then
    call('HSET', key, 't', string.format('%.17g', v1[i]), 'ts', string.format('%d', now))
    call('PEXPIRE', key, ceil(v2[i] / 1000) + 1000)
  elseif k == 5 then
    call('SET', key, string.format('%.17g', v1[i]), 'PX', ceil(v2[i] / 1000) + 1000)
  end
end
return reply
