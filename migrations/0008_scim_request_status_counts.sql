-- SCIM requests per connection, hour and HTTP status, for the console's "last real IdP activity"
-- (requests by status over the last day: 400s are payloads we refuse, 409s a uniqueness clash,
-- 429s the rate limit). Counted in memory with scim_request_stats and flushed with it: one row
-- per connection, hour and status seen — a handful of statuses an hour, never a row per request.
CREATE TABLE scim_request_status_counts (
  connection_id uuid NOT NULL REFERENCES idp_connections (id),
  hour          timestamptz NOT NULL,
  status        smallint NOT NULL CHECK (status BETWEEN 100 AND 599),
  requests      bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (connection_id, hour, status)
);
