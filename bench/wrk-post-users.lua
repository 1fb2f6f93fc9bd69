-- wrk script for bench/scim.ts: POST /Users with a fresh userName per request, the same
-- payload as the floor's writes. WRK_TOKEN: bearer token; WRK_PREFIX: userName prefix.
local n = 0
local prefix = os.getenv("WRK_PREFIX") or "w"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/scim+json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("WRK_TOKEN")
request = function()
  n = n + 1
  local name = prefix .. "-" .. n .. "@example.com"
  local body = '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"' .. name .. '","externalId":"x-' .. name .. '","name":{"givenName":"Load","familyName":"Test"},"displayName":"Load Test","active":true,"emails":[{"value":"' .. name .. '","type":"work","primary":true}]}'
  return wrk.format(nil, "/scim/v2/Users", nil, body)
end
done = function(summary, latency, requests)
  io.write(string.format("WRK requests=%d errors_status=%d errors_other=%d\n", summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
