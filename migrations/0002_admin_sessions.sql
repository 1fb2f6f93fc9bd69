-- Admin console sessions, the shared failed-login throttle, and per-connection SCIM request
-- statistics for the connection test's "last activity" panel.

-- A session cookie carries a signed JWT naming one of these rows; every admin request checks
-- the row, so sign-out (revoked_at) and expiry take effect at once on every replica.
CREATE TABLE admin_sessions (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  admin_id     uuid NOT NULL REFERENCES admins (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  revoked_at   timestamptz,
  ip           text,
  user_agent   text
);
CREATE INDEX admin_sessions_admin_idx ON admin_sessions (admin_id);

-- Failed sign-ins per (email, IP), kept in the database so every replica counts the same
-- failures; a success for the pair clears them, old rows are pruned on the next failure.
CREATE TABLE admin_login_failures (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email      text NOT NULL,
  ip         text NOT NULL,
  failed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX admin_login_failures_key_idx ON admin_login_failures (lower(email), ip, failed_at);
CREATE INDEX admin_login_failures_time_idx ON admin_login_failures (failed_at);

-- SCIM request outcomes, aggregated in memory per process and flushed every few seconds: one
-- row per connection per hour, so "requests and errors in the last 24 hours" is ≤ 25 rows.
-- Never bodies or tokens: the error detail is our own SCIM error message, truncated.
CREATE TABLE scim_request_stats (
  connection_id     uuid NOT NULL REFERENCES idp_connections (id),
  hour              timestamptz NOT NULL,
  requests          bigint NOT NULL DEFAULT 0,
  errors            bigint NOT NULL DEFAULT 0,
  last_request_at   timestamptz,
  last_user_agent   text,
  last_error_at     timestamptz,
  last_error_status integer,
  last_error_detail text,
  PRIMARY KEY (connection_id, hour)
);
