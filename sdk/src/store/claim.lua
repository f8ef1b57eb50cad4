-- Claims an event unless it has a record: one round trip, no race between replicas.
-- KEYS[1]: the event's record; ARGV[1]: the lease (ms)
-- Returns 'claimed' (now processing, with the lease), 'processing' or 'done'.
local record = redis.call('GET', KEYS[1])
if not record then
  redis.call('SET', KEYS[1], 'processing', 'PX', ARGV[1])
  return 'claimed'
end
if record == 'done' then
  return 'done'
end
return 'processing'
