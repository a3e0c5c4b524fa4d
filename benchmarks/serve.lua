-- wrk script for POST /v1/recommendations: 3 flags x 10 items, user ids cycled from USERS_FILE (one per line).
-- PACE_MS > 0 makes each connection wait that long between requests (connections x 1000 / PACE_MS = rate).
local ids = {}
for line in io.lines(os.getenv("USERS_FILE")) do
  if #line > 0 then ids[#ids + 1] = line end
end
local pace = tonumber(os.getenv("PACE_MS") or "0")
local n = 0

request = function()
  n = n + 1
  local body = '{"user_id":"' .. ids[(n % #ids) + 1] .. '","flags":["sleep","focus","for_you"],"limit":10}'
  return wrk.format("POST", "/v1/recommendations", {["Content-Type"] = "application/json"}, body)
end

if pace > 0 then
  delay = function() return pace end
end

done = function(summary, latency, requests)
  local s = summary.duration / 1e6
  io.write(string.format("RESULT requests=%d seconds=%.1f rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f errors=%d non2xx=%d\n",
    summary.requests, s, summary.requests / s, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
