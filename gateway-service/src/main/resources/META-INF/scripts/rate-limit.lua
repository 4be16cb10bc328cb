-- Decides every rate-limit policy of one request in one call (spec/rate-limits.md).
-- KEYS[i]: the state key of policy i (all of a request's keys share a hash tag).
-- ARGV: six values per policy: algorithm (1 fixed-window, 2 sliding-window, 3 sliding-log,
--       4 token-bucket, 5 gcra), limit, window (us), burst, cost, interval (us per token).
-- Phase one reads and decides every policy; phase two writes only when all of them admit,
-- so a rejected request consumes nothing anywhere. Time is the server's, in microseconds.
-- Reply: {admitted, then per policy: admitted, remaining, reset (ms), retry after (ms)}.

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])

local function int(x)
  return string.format('%d', x)
end

local function float(x)
  return string.format('%.17g', x)
end

local function ms(us)
  return math.ceil(us / 1000)
end

local function fixed_window(key, limit, window, cost)
  local w = math.floor(now / window)
  local stored = redis.call('HMGET', key, 'w', 'c')
  local count = 0
  if tonumber(stored[1]) == w then
    count = tonumber(stored[2]) or 0
  end
  local reset = (w + 1) * window - now
  if count + cost <= limit then
    return { true, limit - count - cost, reset, 0, function()
      redis.call('HSET', key, 'w', int(w), 'c', int(count + cost))
      redis.call('PEXPIRE', key, ms(reset) + 1000)
    end }
  end
  local retry = reset
  if cost > limit then
    retry = window
  end
  return { false, math.max(0, limit - count), retry, retry }
end

-- Weighted two-window counter: the previous window counts in proportion to how much of it
-- still overlaps the sliding window ending now.
local function sliding_window(key, limit, window, cost)
  local w = math.floor(now / window)
  local stored = redis.call('HMGET', key, 'w', 'c', 'p')
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
  local reset = window - elapsed
  if count + cost <= limit then
    return { true, math.floor(limit - count - cost), reset, 0, function()
      redis.call('HSET', key, 'w', int(w), 'c', int(cur + cost), 'p', int(prev))
      redis.call('PEXPIRE', key, ms(reset + window) + 1000)
    end }
  end
  local retry
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
  return { false, math.max(0, math.floor(limit - count)), retry, retry }
end

-- Exact log of admitted requests in a sorted set scored by their time.
local function sliding_log(key, limit, window, cost)
  local from = '(' .. int(now - window)
  local count = redis.call('ZCOUNT', key, from, '+inf')
  if count + cost <= limit then
    local reset = window
    local oldest = redis.call('ZRANGEBYSCORE', key, from, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
    if oldest[2] then
      reset = tonumber(oldest[2]) + window - now
    end
    return { true, limit - count - cost, reset, 0, function()
      redis.call('ZREMRANGEBYSCORE', key, '-inf', int(now - window))
      for j = 1, cost do
        -- a later call in the same microsecond sees a larger count, so members stay unique
        redis.call('ZADD', key, int(now), int(now) .. ':' .. int(count) .. ':' .. j)
      end
      redis.call('PEXPIRE', key, ms(window) + 1000)
    end }
  end
  local retry = window
  if cost <= limit then
    -- the entry whose expiry frees enough room for this request's cost
    local entry = redis.call('ZRANGEBYSCORE', key, from, '+inf', 'WITHSCORES', 'LIMIT', count + cost - limit - 1, 1)
    retry = math.max(tonumber(entry[2]) + window - now, 1)
  end
  return { false, math.max(0, limit - count), retry, retry }
end

-- Continuous refill of one token every `interval` microseconds, up to `burst`.
local function token_bucket(key, burst, cost, interval, window)
  local stored = redis.call('HMGET', key, 't', 'ts')
  local tokens = burst
  if stored[1] then
    local elapsed = math.max(0, now - tonumber(stored[2]))
    tokens = math.min(burst, tonumber(stored[1]) + elapsed / interval)
  end
  if tokens >= cost then
    local left = tokens - cost
    local reset = (burst - left) * interval
    return { true, math.floor(left), reset, 0, function()
      redis.call('HSET', key, 't', float(left), 'ts', int(now))
      redis.call('PEXPIRE', key, ms(reset) + 1000)
    end }
  end
  local retry = window
  if cost <= burst then
    retry = (cost - tokens) * interval
  end
  return { false, math.floor(tokens), (burst - tokens) * interval, math.max(retry, 1) }
end

-- Generic cell rate algorithm: one stored theoretical arrival time per key.
local function gcra(key, burst, cost, interval, window)
  local tat = math.max(tonumber(redis.call('GET', key)) or now, now)
  local new_tat = tat + cost * interval
  local allow_at = new_tat - burst * interval
  if now >= allow_at then
    local reset = new_tat - now
    return { true, math.floor((now - allow_at) / interval), reset, 0, function()
      redis.call('SET', key, float(new_tat), 'PX', ms(reset) + 1000)
    end }
  end
  local retry = window
  if cost <= burst then
    retry = allow_at - now
  end
  return { false, 0, tat - now, math.max(retry, 1) }
end

local decisions = {}
local admitted = true
for i = 1, #KEYS do
  local base = (i - 1) * 6
  local algorithm = tonumber(ARGV[base + 1])
  local limit = tonumber(ARGV[base + 2])
  local window = tonumber(ARGV[base + 3])
  local burst = tonumber(ARGV[base + 4])
  local cost = tonumber(ARGV[base + 5])
  local interval = tonumber(ARGV[base + 6])
  local decision
  if algorithm == 1 then
    decision = fixed_window(KEYS[i], limit, window, cost)
  elseif algorithm == 2 then
    decision = sliding_window(KEYS[i], limit, window, cost)
  elseif algorithm == 3 then
    decision = sliding_log(KEYS[i], limit, window, cost)
  elseif algorithm == 4 then
    decision = token_bucket(KEYS[i], burst, cost, interval, window)
  elseif algorithm == 5 then
    decision = gcra(KEYS[i], burst, cost, interval, window)
  else
    return redis.error_reply('unknown rate-limit algorithm ' .. tostring(ARGV[base + 1]))
  end
  decisions[i] = decision
  admitted = admitted and decision[1]
end

local reply = { admitted and 1 or 0 }
for i = 1, #decisions do
  local decision = decisions[i]
  if admitted then
    decision[5]()
  end
  table.insert(reply, decision[1] and 1 or 0)
  table.insert(reply, decision[2])
  table.insert(reply, ms(decision[3]))
  table.insert(reply, ms(decision[4]))
end
return reply
