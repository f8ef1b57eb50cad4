-- Pauses a bucket for ARGV[1] milliseconds unless a longer pause is set.
-- KEYS[1]: the pause marker
local left = redis.call('PTTL', KEYS[1])
if left < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
return 0
