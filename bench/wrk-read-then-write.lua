-- wrk script for bench/read-then-write.ts: each wrk thread has one connection and walks its own
-- share of WRK_IDS_FILE (lines "id userName"), reading a user and then writing it, as IdPs do:
-- WRK_MODE=lookup is Entra's GET /Users?filter=userName eq "…" then PATCH; WRK_MODE=get is
-- Okta's GET /Users/{id} then PUT. Every user is written once, so no write finds a row its
-- process wrote before.
local counter = 0
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end

local function urlencode(s)
  return (s:gsub("[^%w%-%._~@]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  ids, names = {}, {}
  for line in io.lines(os.getenv("WRK_IDS_FILE")) do
    local id, name = line:match("(%S+) (%S+)")
    ids[#ids + 1] = id
    names[#names + 1] = name
  end
  threads = tonumber(os.getenv("WRK_THREADS"))
  mode = os.getenv("WRK_MODE")
  k = tid
  reading = true
  headers = { ["Content-Type"] = "application/scim+json", ["Authorization"] = "Bearer " .. os.getenv("WRK_TOKEN") }
end

request = function()
  local i = (k % #ids) + 1
  if reading then
    reading = false
    if mode == "lookup" then
      return wrk.format("GET", "/scim/v2/Users?filter=" .. urlencode('userName eq "' .. names[i] .. '"'), headers)
    end
    return wrk.format("GET", "/scim/v2/Users/" .. ids[i], headers)
  end
  reading = true
  k = k + threads
  if mode == "lookup" then
    return wrk.format("PATCH", "/scim/v2/Users/" .. ids[i], headers,
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"displayName","value":"Moved ' .. k .. '"}]}')
  end
  return wrk.format("PUT", "/scim/v2/Users/" .. ids[i], headers,
    '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"' .. names[i] .. '","displayName":"Moved ' .. k .. '","active":true,"emails":[{"value":"' .. names[i] .. '","type":"work","primary":true}]}')
end

done = function(summary, latency, requests)
  io.write(string.format("WRK requests=%d errors_status=%d errors_other=%d duration_us=%d\n", summary.requests, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.duration))
end
