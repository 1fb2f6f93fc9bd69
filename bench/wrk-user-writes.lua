-- wrk script for bench/throughput.ts: PUT or PATCH of /Users/{id}, rotating over WRK_IDS (a
-- comma-separated list), so concurrent requests rarely touch the same user. WRK_BODY is the
-- payload with __IDX__ (the id's index in the list) and __N__ (the request number) to fill in.
local n = 0
local ids = {}
for id in string.gmatch(os.getenv("WRK_IDS"), "[^,]+") do ids[#ids + 1] = id end
local template = os.getenv("WRK_BODY")
wrk.method = os.getenv("WRK_METHOD")
wrk.headers["Content-Type"] = "application/scim+json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("WRK_TOKEN")
request = function()
  n = n + 1
  local i = (n - 1) % #ids
  local body = template:gsub("__IDX__", tostring(i)):gsub("__N__", tostring(n))
  return wrk.format(nil, "/scim/v2/Users/" .. ids[i + 1], nil, body)
end
done = function(summary, latency, requests)
  io.write(string.format("WRK requests=%d errors_status=%d errors_other=%d\n", summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
