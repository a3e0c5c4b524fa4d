-- wrk script for POST /v1/recommendations: 3 flags x 10 items, user ids cycled from USERS_FILE (one per line).
-- RATE > 0 sends at a constant rate (requests/s over all THREADS, wrk's -t): each wrk thread hands its next
-- request the next free slot of its own schedule, whatever the latency of the ones before, so a slow response
-- does not slow the load down (an open-loop load, as long as the connections, wrk's -c, are not all busy).
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } sw_timespec;
int clock_gettime(int clk_id, sw_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local ts = ffi.new("sw_timespec")
local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local ids = {}
for line in io.lines(os.getenv("USERS_FILE")) do
  if #line > 0 then ids[#ids + 1] = line end
end
local rate = tonumber(os.getenv("RATE") or "0")
local threads = tonumber(os.getenv("THREADS") or "1")
local n = 0

request = function()
  n = n + 1
  local body = '{"user_id":"' .. ids[(n % #ids) + 1] .. '","flags":["sleep","focus","for_you"],"limit":10}'
  return wrk.format("POST", "/v1/recommendations", {["Content-Type"] = "application/json"}, body)
end

if rate > 0 then
  local interval = 1000 * threads / rate -- ms between this thread's requests
  local next_slot = nil
  delay = function()
    local now = now_ms()
    if next_slot == nil then next_slot = now end
    next_slot = next_slot + interval
    return math.max(0, math.floor(next_slot - now))
  end
end

done = function(summary, latency, requests)
  local s = summary.duration / 1e6
  io.write(string.format("RESULT requests=%d seconds=%.1f rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f errors=%d non2xx=%d\n",
    summary.requests, s, summary.requests / s, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
