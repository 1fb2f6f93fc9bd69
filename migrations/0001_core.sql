-- Core schema: identity connections and tokens, users, groups, memberships, audit log, outbox.
-- Forward-only. Each file runs in its own transaction under the migration advisory lock.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- IdP connections: each SCIM token belongs to one; SCIM-managed rows record the connection
-- that manages them (DESIGN invariant 6: an explicit column, never inferred).
CREATE TABLE idp_connections (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name                  text NOT NULL,
  kind                  text NOT NULL DEFAULT 'other' CHECK (kind IN ('okta', 'entra', 'onelogin', 'other')),
  rate_limit_per_second integer CHECK (rate_limit_per_second IS NULL OR rate_limit_per_second >= 0),
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX idp_connections_name_key ON idp_connections (lower(name));

-- Tokens are stored as a SHA-256 hash of the whole token plus a short display prefix; the
-- plaintext is shown once at creation and never stored (DESIGN invariant 7).
CREATE TABLE scim_tokens (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  connection_id        uuid NOT NULL REFERENCES idp_connections (id),
  name                 text NOT NULL,
  token_hash           bytea NOT NULL UNIQUE,
  prefix               text NOT NULL,
  created_at           timestamptz NOT NULL DEFAULT now(),
  expires_at           timestamptz,
  revoked_at           timestamptz,
  last_used_at         timestamptz,
  last_used_ip         text,
  last_used_user_agent text,
  rotated_from_id      uuid REFERENCES scim_tokens (id)
);
CREATE INDEX scim_tokens_connection_idx ON scim_tokens (connection_id);

-- Local administrators of this service (the SPA's users), distinct from provisioned users.
CREATE TABLE admins (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email         text NOT NULL,
  password_hash text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz
);
CREATE UNIQUE INDEX admins_email_key ON admins (lower(email));

-- Users. `doc` is the canonical SCIM representation without id, meta and groups (those are
-- derived); the queryable attributes are generated columns over it, so the document and the
-- indexed columns can never disagree.
CREATE TABLE users (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  doc               jsonb NOT NULL,
  source            text NOT NULL CHECK (source IN ('local', 'scim')),
  connection_id     uuid REFERENCES idp_connections (id),
  password_hash     text,
  version           integer NOT NULL DEFAULT 1,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  deleted_at        timestamptz,
  user_name         text GENERATED ALWAYS AS (doc ->> 'userName') STORED NOT NULL,
  external_id       text GENERATED ALWAYS AS (doc ->> 'externalId') STORED,
  display_name      text GENERATED ALWAYS AS (doc ->> 'displayName') STORED,
  given_name        text GENERATED ALWAYS AS (doc #>> '{name,givenName}') STORED,
  family_name       text GENERATED ALWAYS AS (doc #>> '{name,familyName}') STORED,
  active            boolean GENERATED ALWAYS AS (coalesce((doc ->> 'active')::boolean, true)) STORED NOT NULL,
  employee_number   text GENERATED ALWAYS AS (doc #>> '{urn:ietf:params:scim:schemas:extension:enterprise:2.0:User,employeeNumber}') STORED,
  cost_center       text GENERATED ALWAYS AS (doc #>> '{urn:ietf:params:scim:schemas:extension:enterprise:2.0:User,costCenter}') STORED,
  organization      text GENERATED ALWAYS AS (doc #>> '{urn:ietf:params:scim:schemas:extension:enterprise:2.0:User,organization}') STORED,
  division          text GENERATED ALWAYS AS (doc #>> '{urn:ietf:params:scim:schemas:extension:enterprise:2.0:User,division}') STORED,
  department        text GENERATED ALWAYS AS (doc #>> '{urn:ietf:params:scim:schemas:extension:enterprise:2.0:User,department}') STORED,
  manager_id        text GENERATED ALWAYS AS (doc #>> '{urn:ietf:params:scim:schemas:extension:enterprise:2.0:User,manager,value}') STORED,
  CHECK ((source = 'scim') = (connection_id IS NOT NULL))
);
-- userName is caseExact=false (RFC 7643 §4.1.1): unique case-insensitively among live users.
CREATE UNIQUE INDEX users_user_name_live_key ON users (lower(user_name)) WHERE deleted_at IS NULL;
CREATE INDEX users_user_name_idx ON users (lower(user_name));
CREATE INDEX users_user_name_trgm ON users USING gin (lower(user_name) gin_trgm_ops);
CREATE INDEX users_external_id_idx ON users (external_id);
CREATE INDEX users_display_name_idx ON users (lower(display_name));
CREATE INDEX users_family_name_idx ON users (lower(family_name));
CREATE INDEX users_updated_at_idx ON users (updated_at, id);
CREATE INDEX users_created_at_idx ON users (created_at, id);
CREATE INDEX users_connection_idx ON users (connection_id);
CREATE INDEX users_manager_idx ON users (manager_id);

-- emails.value is what IdPs match on besides userName; a child table keeps each email's
-- value/type/primary together, so a valuePath filter (emails[type eq "work" and value co "x"])
-- is one correlated row, and each column is indexable.
CREATE TABLE user_emails (
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  ord        integer NOT NULL,
  value      text,
  type       text,
  is_primary boolean NOT NULL DEFAULT false,
  display    text,
  PRIMARY KEY (user_id, ord)
);
CREATE INDEX user_emails_value_idx ON user_emails (lower(value));
CREATE INDEX user_emails_value_trgm ON user_emails USING gin (lower(value) gin_trgm_ops);

-- Groups. Members are never part of `doc`: they live in group_members and are read and
-- written set-wise (DESIGN invariant 3).
CREATE TABLE groups (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  doc           jsonb NOT NULL,
  source        text NOT NULL CHECK (source IN ('local', 'scim')),
  connection_id uuid REFERENCES idp_connections (id),
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  deleted_at    timestamptz,
  display_name  text GENERATED ALWAYS AS (doc ->> 'displayName') STORED NOT NULL,
  external_id   text GENERATED ALWAYS AS (doc ->> 'externalId') STORED,
  CHECK ((source = 'scim') = (connection_id IS NOT NULL))
);
CREATE UNIQUE INDEX groups_display_name_live_key ON groups (lower(display_name)) WHERE deleted_at IS NULL;
CREATE INDEX groups_display_name_idx ON groups (lower(display_name));
CREATE INDEX groups_external_id_idx ON groups (external_id);
CREATE INDEX groups_updated_at_idx ON groups (updated_at, id);
CREATE INDEX groups_created_at_idx ON groups (created_at, id);

-- A member is a user or a group (RFC 7643 §4.2); no FK can span both tables, so writes insert
-- members through a SELECT over the live rows of the right table.
CREATE TABLE group_members (
  group_id    uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  member_id   uuid NOT NULL,
  member_type text NOT NULL CHECK (member_type IN ('User', 'Group')),
  added_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_id, member_id)
);
CREATE INDEX group_members_member_idx ON group_members (member_id, group_id);

-- Audit log: append-only, enforced by the database.
CREATE TABLE audit_events (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at   timestamptz NOT NULL DEFAULT now(),
  source        text NOT NULL CHECK (source IN ('scim', 'admin', 'cli', 'system')),
  connection_id uuid,
  token_id      uuid,
  admin_id      uuid,
  action        text NOT NULL,
  resource_type text,
  resource_id   text,
  diff          jsonb,
  request_id    text,
  ip            text,
  user_agent    text
);
CREATE INDEX audit_events_time_idx ON audit_events (occurred_at, id);
CREATE INDEX audit_events_connection_idx ON audit_events (connection_id, occurred_at, id);
CREATE INDEX audit_events_token_idx ON audit_events (token_id, occurred_at, id);
CREATE INDEX audit_events_admin_idx ON audit_events (admin_id, occurred_at, id);
CREATE INDEX audit_events_resource_idx ON audit_events (resource_type, resource_id, occurred_at);
CREATE INDEX audit_events_action_idx ON audit_events (action, occurred_at);

CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

-- Outbox: written in the same transaction as each change. Readers page on (txid, id) behind
-- the visibility fence txid < pg_snapshot_xmin(pg_current_snapshot()) so a transaction that
-- commits late is never skipped (research/outbox-webhooks.md §3.1, pattern B).
CREATE TABLE outbox_events (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  txid           xid8 NOT NULL DEFAULT pg_current_xact_id(),
  event_id       uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
  type           text NOT NULL,
  schema_version integer NOT NULL DEFAULT 1,
  occurred_at    timestamptz NOT NULL DEFAULT now(),
  resource_type  text NOT NULL,
  resource_id    text NOT NULL,
  payload        jsonb NOT NULL,
  actor          jsonb NOT NULL,
  request_id     text
);
CREATE INDEX outbox_events_position_idx ON outbox_events (txid, id);
CREATE INDEX outbox_events_occurred_idx ON outbox_events (occurred_at);

CREATE TABLE outbox_consumers (
  name        text PRIMARY KEY,
  last_txid   xid8 NOT NULL DEFAULT '0',
  last_id     bigint NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
