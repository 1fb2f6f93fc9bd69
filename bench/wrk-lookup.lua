-- wrk script for bench/scim-xl.ts: one IdP lookup per request (a different user each time,
-- spread over the seeded table). WRK_TOKEN is the bearer token, WRK_USERS the seeded count,
-- WRK_FILTER one of userName, externalId, emails, or delta: `meta.lastModified gt WRK_SINCE` with
-- count=100 (the same delta on every request, as an IdP's incremental sync asks it).
local n = 0
local users = tonumber(os.getenv("WRK_USERS") or "1000000")
local kind = os.getenv("WRK_FILTER") or "userName"
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("WRK_TOKEN")
local function filter(i)
  if kind == "delta" then return 'meta.lastModified gt "' .. os.getenv("WRK_SINCE") .. '"' end
  if kind == "externalId" then return 'externalId eq "ext-' .. i .. '"' end
  if kind == "emails" then return 'emails[value eq "user' .. i .. '@example.com"]' end
  return 'userName eq "user' .. i .. '@example.com"'
end
local function escape(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
request = function()
  n = n + 1
  local i = 1 + ((n * 7919) % users)
  local count = kind == "delta" and "100" or "10"
  return wrk.format(nil, "/scim/v2/Users?count=" .. count .. "&filter=" .. escape(filter(i)))
end
done = function(summary, latency, requests)
  io.write(string.format("WRK requests=%d errors_status=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d duration_us=%d\n", summary.requests, summary.errors.status, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, summary.duration))
end
