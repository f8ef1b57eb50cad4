-- Takes a slot in one rate-limit bucket, atomically, on the server's clock.
-- KEYS[1]: sorted set of the grant times (µs) of the last window
-- KEYS[2]: the burst schedule's next theoretical arrival time (µs)
-- KEYS[3]: the pause marker set after a 429 (its TTL is the pause)
-- ARGV[1]: calls per window; ARGV[2]: window (µs); ARGV[3]: burst; ARGV[4]: a unique member
-- Returns 0 when a slot was taken, else the microseconds to wait (nothing taken).
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local paused = redis.call('PTTL', KEYS[3])
if paused > 0 then
  return paused * 1000
end
local per_window = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local burst = tonumber(ARGV[3])
local interval = math.floor(window / per_window)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local wait = 0
local count = redis.call('ZCARD', KEYS[1])
if count >= per_window then
  local oldest = redis.call('ZRANGE', KEYS[1], count - per_window, count - per_window, 'WITHSCORES')
  wait = tonumber(oldest[2]) + window - now
end
local next = tonumber(redis.call('GET', KEYS[2]) or '0')
if next < now then
  next = now
end
local spacing = next - now - (burst - 1) * interval
if spacing > wait then
  wait = spacing
end
if wait > 0 then
  return math.ceil(wait)
end
local ttl = math.ceil((window + interval * burst) / 1000) + 1000
redis.call('ZADD', KEYS[1], now, string.format('%d', now) .. '-' .. ARGV[4])
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('SET', KEYS[2], string.format('%d', next + interval), 'PX', ttl)
return 0
