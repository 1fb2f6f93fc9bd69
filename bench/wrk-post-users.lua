-- wrk script for bench/scim.ts: POST /Users with a fresh userName per request. WRK_BODY is
-- the floor's payload with the userName as __NAME__ (one source: bench/scim.ts), WRK_TOKEN the
-- bearer token, WRK_PREFIX the userName prefix.
local n = 0
local prefix = os.getenv("WRK_PREFIX") or "w"
local template = os.getenv("WRK_BODY")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/scim+json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("WRK_TOKEN")
request = function()
  n = n + 1
  local name = prefix .. "-" .. n .. "@example.com"
  local body = template:gsub("__NAME__", name)
  return wrk.format(nil, "/scim/v2/Users", nil, body)
end
done = function(summary, latency, requests)
  io.write(string.format("WRK requests=%d errors_status=%d errors_other=%d\n", summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
